"""`python -m content grade ID "ANSWER" [--json]` and `python -m content grade --eval`."""

from __future__ import annotations

import argparse
import json

from content.bank import Bank
from content.grading.evaluation import load_eval, report_lines
from content.grading.grader import Grade, shipped_grader


def grade_text(grade: Grade) -> str:
    """The grade for a terminal: coverage, then each key point with its evidence."""
    lines = [
        f"coverage {grade.coverage:.2f} ({grade.covered} of {len(grade.key_points)} key points)"
        f" · grader {grade.grader}"
    ]
    if grade.why_nothing:
        lines.append(f"nothing counts: {grade.why_nothing}")
    for point in grade.key_points:
        mark = "✓" if point.covered else "✗"
        lines.append(f"{mark} {point.point}" + (f" — “{point.evidence}”" if point.evidence else ""))
    return "\n".join(lines)


def cmd_grade(bank: Bank, args: argparse.Namespace) -> int:
    grader = shipped_grader(bank)
    if args.eval:
        for line in report_lines(bank, grader, load_eval()):
            print(line)
        return 0
    if args.id is None or args.answer is None:
        print('usage: python -m content grade ID "ANSWER" [--json], or --eval')
        return 2
    question = bank.get(args.id)
    if question is None:
        print(f"no question with id {args.id!r}; try `python -m content search WORDS`")
        return 1
    grade = grader.grade(question, args.answer)
    if grade is None:
        print(f"{args.id!r} has no gradable key points")
        return 1
    print(json.dumps(grade.as_json(), ensure_ascii=False) if args.json else grade_text(grade))
    return 0


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    p: argparse.ArgumentParser = sub.add_parser(
        "grade", help="grade an answer's key-point coverage, or score the grader (--eval)"
    )
    p.add_argument("id", nargs="?")
    p.add_argument("answer", nargs="?")
    p.add_argument("--json", action="store_true")
    p.add_argument("--eval", action="store_true", help="score the grader on its evaluation set")
    return p
