"""Our reviewed model answers and the errata on source answers: content/reviewed/*.yaml."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from content.schema import Reviewed

REVIEWED_DIR = Path(__file__).resolve().parent / "reviewed"


class Review(BaseModel):
    """The review of one question: our answer, and notes on the sources' answers."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    answer: str
    key_points: list[str]
    errata: dict[str, str] = {}
    """Source id -> one line on what is wrong or misleading in that source's answer."""
    omit: list[str] = []
    """Source ids whose answer is left out of reveals."""

    @property
    def reviewed(self) -> Reviewed:
        return Reviewed(answer=self.answer, key_points=self.key_points)


Reviews = dict[str, Review]


def load_reviews(directory: Path = REVIEWED_DIR) -> Reviews:
    """Every review, by question id, from all files in the directory."""
    reviews: Reviews = {}
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for qid, entry in data.items():
            if qid in reviews:
                raise ValueError(f"{path.name}: question {qid!r} is reviewed twice")
            reviews[qid] = Review.model_validate(entry)
    return reviews
