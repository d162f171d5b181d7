"""`/coach drill <words>`: the clear best match starts at once, else the top three to pick."""

from __future__ import annotations

import pytest

from content.bank import Bank
from content.search import clearly_ahead
from handlers.clock import ManualClock
from handlers.coach import Coach
from handlers.context import CoachSettings
from storage.sqlite import SqliteStore
from tests.handlers.conftest import Say, question


def _bank() -> Bank:
    return Bank(
        [
            question("edit-distance", prompt="What is the Levenshtein distance of doctor, bottle?"),
            question("drop-a", prompt="Implement dropout in NumPy."),
            question("drop-b", prompt="How does dropout relate to bagging?"),
            question("drop-c", prompt="What is inverted dropout?"),
            question("drop-figure", prompt="Dropout as in the figure?", needs_figure=True),
        ]
    )


@pytest.fixture
def coach(store: SqliteStore, clock: ManualClock) -> Coach:
    return Coach(store, _bank(), clock, CoachSettings())


def test_a_clear_best_match_starts_a_practice_question(coach: Coach, say: Say) -> None:
    assert clearly_ahead(coach.deps.bank.search("edit distance doctor"))
    [reply] = coach.handle(say("/coach drill edit distance doctor"))
    assert reply.ephemeral and "Levenshtein distance of doctor" in reply.text
    assert [b.action for b in reply.buttons] == ["answer", "skip"]
    practice = coach.deps.store.latest_practice("discord", "w1", "ann")
    assert practice is not None and practice.question_id == "edit-distance"


def test_no_clear_leader_lists_the_top_three_to_choose_from(coach: Coach, say: Say) -> None:
    assert not clearly_ahead(coach.deps.bank.search("dropout"))
    [reply] = coach.handle(say("/coach drill dropout"))
    assert reply.ephemeral and not reply.buttons
    assert "Several questions match “dropout”" in reply.text
    for qid in ("drop-a", "drop-b", "drop-c"):
        assert f"`{qid}`" in reply.text
    assert "drop-figure" not in reply.text  # practice cannot show a missing figure
    assert coach.deps.store.latest_practice("discord", "w1", "ann") is None


def test_an_id_from_the_list_starts_that_question(coach: Coach, say: Say) -> None:
    [reply] = coach.handle(say("/coach drill drop-b"))
    assert "dropout relate to bagging" in reply.text
    practice = coach.deps.store.latest_practice("discord", "w1", "ann")
    assert practice is not None and practice.question_id == "drop-b"


def test_words_that_match_nothing_say_so_without_echoing_a_ping(coach: Coach, say: Say) -> None:
    [reply] = coach.handle(say("/coach drill @everyone zzzqqq"))
    assert "No question matches" in reply.text and "@\u200beveryone" in reply.text
    assert "@everyone" not in reply.text


def test_topic_and_difficulty_words_still_pick_at_random(coach: Coach, say: Say) -> None:
    [reply] = coach.handle(say("/coach drill nlp medium"))
    assert "Practice question" in reply.text
