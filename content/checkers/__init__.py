"""Numeric and structured answer checkers: a reply's text in, a verdict out, no platform code.

Kinds (each documents its spec fields in its module): numeric, vector, shape, ranking, set,
choice, series, formula, truth_table, short_text, parts. `check` never raises on any reply text;
a spec error raises ValueError, which `validate` surfaces for the bank lint.
"""

from __future__ import annotations

from content.checkers.registry import KINDS, kind_named
from content.checkers.text import too_long
from content.checkers.verdict import Verdict, unparseable
from content.schema import Checker

__all__ = ["KINDS", "Verdict", "check", "expected_text", "validate"]


def validate(checker: Checker) -> None:
    """Raise ValueError when the checker's kind is unknown or its spec is malformed."""
    kind_named(checker.kind).parse_spec(checker.spec)


def expected_text(checker: Checker) -> str:
    """The reference answer as a short human string, for the reveal."""
    kind = kind_named(checker.kind)
    return kind.expected(kind.parse_spec(checker.spec))


def check(checker: Checker, reply: str) -> Verdict:
    """Check one reply against the checker; the message never contains the expected value."""
    kind = kind_named(checker.kind)
    spec = kind.parse_spec(checker.spec)
    if not isinstance(reply, str) or not reply.strip():
        return unparseable("Your reply is empty.", "Reply with your answer as text.")
    if too_long(reply):
        return unparseable("Your reply is too long for me to read.", "Send just the answer.")
    return kind.check(spec, reply)
