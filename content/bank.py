"""Loading the question bank (content/bank/*.yaml) for the bot."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

import yaml

from content.schema import Question
from content.search import Hit, SearchIndex

BANK_DIR = Path(__file__).resolve().parent / "bank"


class Bank:
    """The questions the bot can use, by id."""

    def __init__(self, questions: Iterable[Question]) -> None:
        self.questions: list[Question] = sorted(questions, key=lambda q: q.id)
        self._by_id = {q.id: q for q in self.questions}
        if len(self._by_id) != len(self.questions):
            raise ValueError("duplicate question ids in the bank")

    def __len__(self) -> int:
        return len(self.questions)

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._by_id

    def get(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    @cached_property
    def index(self) -> SearchIndex:
        """The full-text index of these questions (load_bank builds it at load)."""
        return SearchIndex.of(self.questions)

    def search(self, text: str, limit: int = 10) -> list[Hit]:
        """Questions matching the text, best first (content/search.py)."""
        return self.index.search(text, limit)

    def eligible(self, topics: Iterable[str] = (), difficulty: str | None = None) -> list[Question]:
        """Questions the daily drill may post, within the given topics and difficulty."""
        wanted = set(topics)
        return [
            q
            for q in self.questions
            if q.schedulable
            and (not wanted or q.topic in wanted)
            and (difficulty is None or q.difficulty == difficulty)
        ]


def read_bank_file(path: Path) -> list[Question]:
    """Parse and validate one bank file."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return [Question.model_validate(item) for item in data.get("questions", [])]


def load_bank(directory: Path = BANK_DIR) -> Bank:
    """Load and validate every bank file in the directory."""
    questions: list[Question] = []
    for path in sorted(directory.glob("*.yaml")):
        questions.extend(read_bank_file(path))
    bank = Bank(questions)
    bank.index  # noqa: B018 - built now, so the first search does not pay for it
    return bank
