"""`python -m content grade ID "ANSWER" [--json]` and `python -m content grade --eval`."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
from collections.abc import Mapping

from content.bank import Bank
from content.grading.evaluation import load_eval, report_lines
from content.grading.grader import Grade, shipped_grader
from content.grading.llm import LlmGrader, LlmSettings


def grade_text(grade: Grade) -> str:
    """The grade for a terminal: coverage, then each key point with its evidence."""
    lines = [
        f"coverage {grade.coverage:.2f} ({grade.covered} of {len(grade.key_points)} key points)"
        f" · grader {grade.grader}"
    ]
    if grade.why_nothing:
        lines.append(f"nothing counts: {grade.why_nothing}")
    if grade.fallback_note:
        lines.append(grade.fallback_note)
    for point in grade.key_points:
        mark = "✓" if point.covered else "✗"
        lines.append(f"{mark} {point.point}" + (f" — “{point.evidence}”" if point.evidence else ""))
    return "\n".join(lines)


def llm_from(environ: Mapping[str, str]) -> LlmSettings | None:
    """The LLM grader the environment names (GRADER_URL and GRADER_MODEL), if any; the bot
    reads the same variables through bot/settings.py."""
    url, model = environ.get("GRADER_URL"), environ.get("GRADER_MODEL")
    if not (url and model):
        return None
    timeout = float(environ.get("GRADER_TIMEOUT_SECONDS") or 20)
    return LlmSettings(url, model, environ.get("GRADER_API_KEY") or None, timeout)


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
    llm = llm_from(os.environ)
    if llm is not None:
        [grade] = asyncio.run(LlmGrader(llm, grader).grade_many([(question, args.answer)]))
    else:
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
