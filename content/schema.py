"""The validated schema of a bank question, as stored in content/bank/*.yaml."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

TOPICS: dict[str, str] = {
    "classic-ml": "Classic ML",
    "nlp": "NLP",
    "computer-vision": "Computer vision",
    "reinforcement-learning": "Reinforcement learning",
    "training": "Training neural networks",
    "optimisation": "Optimisation and loss",
    "regularisation": "Regularisation",
    "layers-architectures": "Layers and architectures",
    "perceptrons": "Perceptrons",
    "activations": "Activation functions",
    "advanced": "Advanced topics",
}
Topic = Literal[
    "classic-ml",
    "nlp",
    "computer-vision",
    "reinforcement-learning",
    "training",
    "optimisation",
    "regularisation",
    "layers-architectures",
    "perceptrons",
    "activations",
    "advanced",
]
Difficulty = Literal["easy", "medium", "hard"]
AnswerKind = Literal["prose", "code", "link-only", "image-only"]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceRef(Strict):
    """Where a merged question was found."""

    source: str
    line: int = Field(ge=1)
    section: list[str] = []
    question: str


class SourceAnswer(Strict):
    """One source's answer to the question, with attribution and any review note."""

    source: str
    kind: AnswerKind
    text: str
    erratum: str | None = None
    """One line on what is wrong or misleading in this answer (set by review)."""
    omit: bool = False
    """Leave this answer out of reveals (it is wrong beyond a one-line note)."""


class Checker(Strict):
    """How a reply to this question is checked; `kind` names a checker in content/checkers."""

    kind: str
    spec: dict[str, Any] = {}


class Reviewed(Strict):
    """Our own reviewed model answer: core answer first, key points listed separately."""

    answer: str
    key_points: list[str]


class Question(Strict):
    id: str
    topic: Topic
    difficulty: Difficulty | None = None
    difficulty_from_source: bool = False
    prompt: str
    sources: list[SourceRef]
    answers: list[SourceAnswer] = []
    needs_figure: bool = False
    needs_context: bool = False
    links: list[str] = []
    checker: Checker | None = None
    reviewed: Reviewed | None = None

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value) or len(value) > 80:
            raise ValueError(f"id {value!r} is not a lowercase slug of at most 80 characters")
        return value

    @field_validator("prompt")
    @classmethod
    def _prompt(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("prompt is empty")
        return value

    @property
    def schedulable(self) -> bool:
        """Whether the daily drill may post this question."""
        return not (self.needs_figure or self.needs_context)
