"""The committed bank: it validates, it is what a fresh build gives, and it is clean."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from content.bank import BANK_DIR, load_bank, read_bank_file
from content.build import bank_files, build
from content.cli import bank_stats
from content.lint import problems
from content.schema import TOPICS

BANK_FILES = sorted(BANK_DIR.glob("*.yaml"))


@pytest.fixture(scope="module")
def fresh() -> dict[str, str]:
    return bank_files(build().questions)


def test_the_bank_ships_one_file_per_topic_in_use() -> None:
    assert BANK_FILES, "content/bank/ is empty: run `python -m content build`"
    assert {p.stem for p in BANK_FILES} <= set(TOPICS)


@pytest.mark.parametrize("path", BANK_FILES, ids=lambda p: p.name)
def test_every_bank_file_validates_against_the_schema(path: Path) -> None:
    questions = read_bank_file(path)
    assert questions
    assert all(q.topic == path.stem for q in questions)
    header = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert header["topic"] == path.stem


def test_the_committed_bank_is_exactly_a_fresh_build(fresh: dict[str, str]) -> None:
    committed = {p.name: p.read_text(encoding="utf-8") for p in BANK_FILES}
    stale = sorted(
        name for name in fresh.keys() | committed.keys() if fresh.get(name) != committed.get(name)
    )
    assert stale == [], "the bank is stale: run `python -m content build --report` and commit"


def test_two_builds_in_a_row_are_byte_identical(fresh: dict[str, str]) -> None:
    assert bank_files(build().questions) == fresh


def test_lint_finds_nothing_not_even_an_unreviewed_schedulable_question() -> None:
    assert problems(load_bank()) == []


def test_stats_are_plausible() -> None:
    stats = bank_stats(load_bank())
    assert 200 <= stats["questions"] <= 600
    assert set(stats["per_source"]) == {
        "huyen-answers",
        "huyen-questions",
        "author-answers",
        "blog-8-3",
        "ds-neural-networks",
    }
    assert stats["multi_source"] > 50
    assert stats["schedulable"] < stats["questions"]


def test_every_schedulable_question_has_a_reviewed_answer_and_key_points() -> None:
    bank = load_bank()
    for q in bank.questions:
        if q.schedulable:
            assert q.reviewed is not None and q.reviewed.answer.strip(), q.id
            assert 2 <= len(q.reviewed.key_points) <= 6, q.id


def test_errata_are_one_line_notes() -> None:
    notes = [a.erratum for q in load_bank().questions for a in q.answers if a.erratum]
    assert len(notes) >= 6
    assert all("\n" not in note and len(note) <= 300 for note in notes)
