"""The verdicts a checker gives (the vocabulary and the `Verdict` value are content.verdicts)."""

from __future__ import annotations

from content.verdicts import Verdict, VerdictName

__all__ = ["Verdict", "VerdictName", "correct", "partial", "incorrect", "unparseable"]


def correct(understood: str) -> Verdict:
    """A fully right answer."""
    return Verdict("correct", 1.0, f"Correct. I read your answer as {understood}.")


def partial(understood: str, score: float, hint: str) -> Verdict:
    """A partly right answer; `hint` says what is missing without giving the answer away."""
    return Verdict(
        "partial", min(max(score, 0.01), 0.99), f"I read your answer as {understood}. {hint}"
    )


def incorrect(understood: str, hint: str = "That is not it.") -> Verdict:
    """A wrong answer."""
    return Verdict("incorrect", 0.0, f"I read your answer as {understood}. {hint}")


def unparseable(problem: str, expected_form: str) -> Verdict:
    """A reply that could not be read; says what form is expected."""
    return Verdict("unparseable", 0.0, f"{problem} {expected_form}")
