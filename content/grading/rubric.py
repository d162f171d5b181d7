"""Gradable key points: content/reviewed/grading/*.yaml, one rubric per question id."""

from __future__ import annotations

from functools import cache, cached_property
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from content.grading.words import phrase_stems

GRADING_DIR = Path(__file__).resolve().parent.parent / "reviewed" / "grading"


class KeyPoint(BaseModel):
    """One key point: its display text, the concepts that show it, what contradicts it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    point: str
    """The display text, exactly as in the reviewed answer's key_points."""
    concepts: list[list[str]] = Field(min_length=1)
    """Each concept is a list of alternative phrasings (synonyms, abbreviations, wordings)."""
    needs: int | None = None
    """How many concepts must appear for the point to count (default: all of them)."""
    contradicts: list[str] = []
    """Phrasings of a frequent misconception: an answer that says one does not cover the point."""

    @model_validator(mode="after")
    def _sane(self) -> KeyPoint:
        if any(not alternatives for alternatives in self.concepts):
            raise ValueError(f"{self.point!r}: a concept with no phrasing")
        if self.needs is not None and not 1 <= self.needs <= len(self.concepts):
            raise ValueError(f"{self.point!r}: needs {self.needs} of {len(self.concepts)}")
        return self

    @property
    def required(self) -> int:
        return self.needs if self.needs is not None else len(self.concepts)

    @cached_property
    def stemmed(self) -> tuple[tuple[tuple[str, ...], ...], ...]:
        """Each concept's phrasings as stem sequences, ready for Text.find."""
        return tuple(tuple(phrase_stems(p) for p in alts) for alts in self.concepts)

    @cached_property
    def stemmed_contradictions(self) -> tuple[tuple[str, ...], ...]:
        return tuple(phrase_stems(p) for p in self.contradicts)


Rubrics = dict[str, list[KeyPoint]]


def load_rubrics(directory: Path = GRADING_DIR) -> Rubrics:
    """Every question's key points, by question id, from all files in the directory."""
    rubrics: Rubrics = {}
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
        for qid, points in data.items():
            if qid in rubrics:
                raise ValueError(f"{path.name}: question {qid!r} has two rubrics")
            rubrics[qid] = [KeyPoint.model_validate(p) for p in points]
    return rubrics


@cache
def shipped_rubrics() -> Rubrics:
    """The rubrics that ship with the bot, read once per process (they never change under it)."""
    return load_rubrics()
