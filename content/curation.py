"""Hand decisions that survive a rebuild: content/curation.yaml, read and resolved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from content.importers.base import RawItem
from content.merge import comparable

CURATION_FILE = Path(__file__).resolve().parent / "curation.yaml"


class ItemRef(BaseModel):
    """Names one raw item: a distinctive piece of its question text, optionally its source."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    match: str
    source: str | None = None
    line: int | None = None
    """For a question a source asks twice in the same words (its line tells them apart)."""

    def hits(self, item: RawItem, in_prompt: bool = False) -> bool:
        """Whether the item's own words (or, with in_prompt, its whole prompt) contain the match."""
        if self.source is not None and item.source != self.source:
            return False
        if self.line is not None and item.line != self.line:
            return False
        return comparable(self.match) in comparable(item.prompt if in_prompt else item.question)


class QuestionFix(BaseModel):
    """Overrides for one built question, by id."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    prompt: str | None = None
    topic: str | None = None
    difficulty: str | None = None
    needs_figure: bool | None = None
    needs_context: bool | None = None
    reason: str = ""

    def overrides(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True, exclude={"reason"})


class Curation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    exclude: list[ItemRef] = []
    """Raw items that are not questions (a heading mistaken for one, an exact repeat...)."""
    merge: list[tuple[ItemRef, ItemRef]] = []
    """Pairs that are the same question although worded too differently to merge on their own."""
    apart: list[tuple[ItemRef, ItemRef]] = []
    """Pairs that look alike but are different questions."""
    questions: dict[str, QuestionFix] = {}
    """Corrections to built questions, by id."""


def load_curation(path: Path = CURATION_FILE) -> Curation:
    """Read and validate the curation file (an absent file means no decisions)."""
    if not path.exists():
        return Curation()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return Curation.model_validate(data)


def resolve(ref: ItemRef, items: list[RawItem]) -> int:
    """The index of the one item `ref` names; a ref that names none or several is an error."""
    found = [i for i, item in enumerate(items) if ref.hits(item)]
    if not found:  # words a sub-question inherits from its stem are only in its prompt
        found = [i for i, item in enumerate(items) if ref.hits(item, in_prompt=True)]
    if len(found) != 1:
        where = ", ".join(f"{items[i].source}:{items[i].line}" for i in found) or "nothing"
        raise ValueError(f"curation ref {ref.match!r} must name one question, found {where}")
    return found[0]
