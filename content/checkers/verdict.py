"""The result of checking one reply: verdict, score and a message that never reveals the answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

VerdictName = Literal["correct", "partial", "incorrect", "unparseable"]


@dataclass(frozen=True)
class Verdict:
    """What a checker concluded about one reply."""

    verdict: VerdictName
    score: float
    message: str

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score} is outside 0..1")


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
