"""Numeric and structured answer checkers: a reply's text in, a verdict out, no platform code.

Kinds (each documents its spec fields in its module): numeric, vector, shape, ranking, set,
choice, series, formula, truth_table, short_text, parts, code. `check` never raises on any reply
text; a spec error raises ValueError, which `validate` surfaces for the bank lint.
"""

from __future__ import annotations

from content.checkers import code
from content.checkers.code.program import CodeRunner, Program
from content.checkers.registry import KINDS, kind_named
from content.checkers.text import too_long
from content.checkers.verdict import Verdict, unparseable
from content.schema import Checker

__all__ = ["KINDS", "CodeRunner", "Verdict", "check", "code_program", "expected_text", "validate"]


def validate(checker: Checker) -> None:
    """Raise ValueError when the checker's kind is unknown or its spec is malformed."""
    kind_named(checker.kind).parse_spec(checker.spec)


def expected_text(checker: Checker) -> str:
    """The reference answer as a short human string, for the reveal."""
    kind = kind_named(checker.kind)
    return kind.expected(kind.parse_spec(checker.spec))


def code_program(checker: Checker, reply: str) -> Program | None:
    """The sandboxed run `check` would make for this reply; None when it would run nothing."""
    if checker.kind != code.KIND or not reply.strip() or too_long(reply):
        return None
    to_run = code.program(code.parse_spec(checker.spec), reply)
    return to_run if isinstance(to_run, Program) else None


def check(checker: Checker, reply: str, runner: CodeRunner | None = None) -> Verdict:
    """Check one reply against the checker; the message never contains the expected value.

    A code checker runs the reply in `runner` (a sandbox); without one it runs nothing.
    """
    kind = kind_named(checker.kind)
    spec = kind.parse_spec(checker.spec)
    if not isinstance(reply, str) or not reply.strip():
        return unparseable("Your reply is empty.", "Reply with your answer as text.")
    if too_long(reply):
        return unparseable("Your reply is too long for me to read.", "Send just the answer.")
    if checker.kind == code.KIND:
        return code.check(spec, reply, runner)
    return kind.check(spec, reply)
