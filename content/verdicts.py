"""The verdict vocabulary, defined once: what a checker concludes about a reply, what is stored
with the attempt, and what each platform shows (a reaction, a mark before the text).

One `Verdict` value goes from the checker (content/checkers) through the core, which records it
and puts its name on the Reply (`Reply.reaction`), to the adapter, which renders it its own way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

VerdictName = Literal["correct", "partial", "incorrect", "unparseable", "received"]
""""received" is an answer nothing checked (no checker, or the checker failed)."""

MARKS: dict[VerdictName, str] = {
    "correct": "✅",
    "partial": "🟡",
    "incorrect": "❌",
    "unparseable": "❓",
    "received": "📝",
}
"""The mark a verdict's text begins with, and the reaction Discord puts on the answer."""


@dataclass(frozen=True)
class Verdict:
    """What was concluded about one reply; `message` never reveals the expected answer."""

    verdict: VerdictName
    score: float
    message: str = ""

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score} is outside 0..1")


RECEIVED = Verdict("received", 0.0)


def as_verdict_name(name: str) -> VerdictName:
    """A stored verdict name as the vocabulary's ("received" for one it does not know)."""
    return next((v for v in MARKS if v == name), "received")
