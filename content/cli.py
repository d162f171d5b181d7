"""`python -m content`: build, lint, stats, show, search and check the question bank."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from content.bank import BANK_DIR, Bank, load_bank
from content.schema import Question
from content.search import Hit

REPORT_FILE = Path(__file__).resolve().parent / "merge-report.md"


def cmd_build(args: argparse.Namespace) -> int:
    from content.build import build, write_bank
    from content.report import merge_report

    built = build()
    paths = write_bank(built.questions, Path(args.bank))
    print(f"wrote {len(built.questions)} questions to {len(paths)} files in {args.bank}")
    if args.report:
        REPORT_FILE.write_text(merge_report(built), encoding="utf-8")
        print(f"wrote the merge report to {REPORT_FILE}")
    return 0


def _checker_validator() -> Any:
    try:
        from content.checkers import validate
    except ImportError:
        return None
    return validate


def cmd_lint(args: argparse.Namespace) -> int:
    from content.lint import problems

    if args.pack:
        return lint_pack_command(Path(args.pack))
    try:
        bank = load_bank(Path(args.bank))
    except ValueError as error:
        print(f"the bank does not load: {error}")
        return 1
    found = problems(bank, _checker_validator())
    try:
        from content.grading import load_rubrics
        from content.grading.lint import rubric_problems

        found += rubric_problems(bank, load_rubrics())
    except ValueError as error:
        found.append(f"the rubrics do not load: {error}")
    for line in found:
        print(line)
    print(f"{len(bank)} questions, {len(found)} problems")
    return 1 if found else 0


def lint_pack_command(path: Path) -> int:
    """`lint --pack PATH`: the bank's rules on a pack file or folder, one problem a line."""
    from content.packs import PackError, read_pack

    try:
        pack = read_pack(path)
    except PackError as err:
        for line in err.problems:
            print(line)
        print(f"{path}: {len(err.problems)} problems: the pack does not load")
        return 1
    print(f"{path}: pack {pack.name!r}, {len(pack.questions)} questions, no problems")
    return 0


def bank_stats(bank: Bank) -> dict[str, Any]:
    """Counts per source, topic, difficulty, checker kind, and review state."""
    qs = bank.questions
    return {
        "questions": len(qs),
        "per_source": dict(sorted(Counter(r.source for q in qs for r in q.sources).items())),
        "per_topic": dict(sorted(Counter(q.topic for q in qs).items())),
        "per_difficulty": dict(sorted(Counter(q.difficulty or "none" for q in qs).items())),
        "difficulty_from_source": sum(q.difficulty_from_source for q in qs),
        "answered": sum(bool(q.answers) for q in qs),
        "multi_source": sum(len({r.source for r in q.sources}) > 1 for q in qs),
        "needs_figure": sum(q.needs_figure for q in qs),
        "needs_context": sum(q.needs_context for q in qs),
        "schedulable": sum(q.schedulable for q in qs),
        "checkable": sum(q.checker is not None for q in qs),
        "checkable_per_kind": dict(
            sorted(Counter(q.checker.kind for q in qs if q.checker).items())
        ),
        "reviewed": sum(q.reviewed is not None for q in qs),
        "errata": sum(a.erratum is not None for q in qs for a in q.answers),
        "omitted_answers": sum(a.omit for q in qs for a in q.answers),
    }


def cmd_stats(args: argparse.Namespace) -> int:
    stats = bank_stats(load_bank(Path(args.bank)))
    if args.json:
        print(json.dumps(stats, indent=2))
        return 0
    for key, value in stats.items():
        if isinstance(value, dict):
            print(f"{key}:")
            for name, count in value.items():
                print(f"  {name:28} {count}")
        else:
            print(f"{key:30} {value}")
    return 0


def describe(q: Question) -> str:
    """The question, our reviewed answer, key points, each source answer and its erratum."""
    from content.checkers import expected_text

    lines = [
        f"# {q.id}",
        f"topic: {q.topic} · difficulty: {q.difficulty or '?'}"
        + (" (from source)" if q.difficulty_from_source else " (estimated)")
        + (" · needs a missing figure" if q.needs_figure else "")
        + (" · needs missing context" if q.needs_context else ""),
        "sources: " + ", ".join(f"{r.source}:{r.line}" for r in q.sources),
        "",
        q.prompt,
        "",
    ]
    if q.checker:
        lines += [f"**Checker** ({q.checker.kind}): {expected_text(q.checker)}", ""]
    if q.reviewed:
        lines += ["## Reviewed answer", "", q.reviewed.answer, "", "**Key points**"]
        lines += [f"- {point}" for point in q.reviewed.key_points] + [""]
    for answer in q.answers:
        head = f"## Answer from {answer.source} ({answer.kind})"
        if answer.omit:
            head += " — left out of reveals"
        lines += [head, ""]
        if answer.erratum:
            lines += [f"> Erratum: {answer.erratum}", ""]
        lines += [answer.text, ""]
    for link in q.links:
        lines.append(f"- {link}")
    return "\n".join(lines).rstrip() + "\n"


def cmd_show(args: argparse.Namespace) -> int:
    from content.render import render

    question = load_bank(Path(args.bank)).get(args.id)
    if question is None:
        print(f"no question with id {args.id!r}; try `python -m content search WORDS`")
        return 1
    print(render(describe(question), args.format))
    return 0


def search(bank: Bank, text: str, limit: int = 10) -> list[Hit]:
    """Questions matching the text, best first: (question, score) pairs."""
    return bank.search(text, limit)


def cmd_search(args: argparse.Namespace) -> int:
    results = search(load_bank(Path(args.bank)), args.text, args.limit)
    if args.json:
        print(json.dumps([{"id": q.id, "prompt": q.prompt, "score": s} for q, s in results]))
        return 0
    for q, _ in results:
        print(f"{q.id}: {' '.join(q.prompt.split())[:100]}")
    if not results:
        print("no matching question")
    return 0


def cmd_search_eval(args: argparse.Namespace) -> int:
    from content.search_eval import QUERIES_FILE, evaluate, load_queries, report

    bank = load_bank(Path(args.bank))
    scores = evaluate(bank, load_queries(Path(args.queries or QUERIES_FILE)))
    print(report(scores, len(bank)))
    return 0 if scores.meets_targets else 1


def cmd_check(args: argparse.Namespace) -> int:
    from content.checkers.cli import run_check

    question = load_bank(Path(args.bank)).get(args.id)
    if question is None or question.checker is None:
        print(f"{args.id!r} is not a checkable question in the bank")
        return 1
    print(run_check(question.checker, args.reply, args.json))
    return 0


def cmd_grade(args: argparse.Namespace) -> int:
    from content.grading.cli import cmd_grade as run_grade

    return run_grade(load_bank(Path(args.bank)), args)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m content", description=__doc__)
    top.add_argument("--bank", default=str(BANK_DIR), help="bank directory (default: %(default)s)")
    sub = top.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="regenerate the bank from the sources and curation")
    p.add_argument("--report", action="store_true", help="also write content/merge-report.md")
    p.set_defaults(run=cmd_build)
    p = sub.add_parser("lint", help="check the bank, or a question pack with --pack")
    p.add_argument("--pack", metavar="PATH", help="a pack's YAML file or folder to check instead")
    p.set_defaults(run=cmd_lint)
    p = sub.add_parser("stats", help="counts per source, topic, difficulty...")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_stats)
    p = sub.add_parser("show", help="one question with its answers")
    p.add_argument("id")
    p.add_argument("--format", choices=["discord", "slack", "text"], default="text")
    p.set_defaults(run=cmd_show)
    p = sub.add_parser("search", help="ids and prompts of matching questions, best first")
    p.add_argument("text")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=10)
    p.set_defaults(run=cmd_search)
    p = sub.add_parser("search-eval", help="top-1 and top-3 hit rates on the labelled queries")
    p.add_argument(
        "--queries", help="labelled queries (default: tests/content/search_queries.yaml)"
    )
    p.set_defaults(run=cmd_search_eval)
    p = sub.add_parser("check", help="check a reply against a question's checker")
    p.add_argument("id")
    p.add_argument("reply")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_check)
    from content.grading.cli import add_parser

    add_parser(sub).set_defaults(run=cmd_grade)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
