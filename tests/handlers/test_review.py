"""Spaced review through the core: fsrs intervals with a moved clock, the daily cap, local days,
self-rating, misses at the reveal, and forget-me."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from content.verdicts import Verdict
from handlers.clock import ManualClock
from handlers.coach import Coach
from handlers.review import Who, rate, rating_for
from handlers.types import Action
from storage.sqlite import SqliteStore
from tests.handlers.conftest import Say

ANN = Who("discord", "w1", "ann")


def test_golden_intervals_through_the_fsrs_scheduler(coach: Coach, clock: ManualClock):
    """Whole-day intervals (no minute learning steps, no fuzz): a pass grows, a miss resets."""
    deps = coach.deps
    start = clock.now()
    intervals = []
    at = start
    for rating in ("good", "good", "again", "good"):
        verdict = Verdict("correct", 1.0) if rating == "good" else Verdict("incorrect", 0.0)
        row = rate(deps, ANN, "nlp-a", rating_for(verdict), at)
        intervals.append((row.due - at).days)
        at = row.due
    assert intervals == [2, 11, 2, 5]


@pytest.mark.parametrize(
    ("verdict", "score", "name"),
    [
        ("correct", 1.0, "Good"),
        ("partial", 0.5, "Hard"),
        ("incorrect", 0.0, "Again"),
        ("unparseable", 0.0, "Again"),
        ("received", 0.8, "Good"),
        ("received", 0.5, "Hard"),
        ("received", 0.2, "Again"),
    ],
)
def test_a_verdict_rates_a_pass_good_a_partial_hard_a_miss_again(verdict, score, name):
    assert rating_for(Verdict(verdict, score)).name == name


def _answer_numeric(coach: Coach, say: Say, text: str, user: str = "ann") -> None:
    replies = coach.handle(say("/coach drill numeric", user=user))
    assert "Practice question" in replies[0].text
    coach.handle(say(f"/coach drill answer {text}", user=user))


def test_a_wrong_practice_answer_comes_back_for_review_and_a_right_one_later(
    coach: Coach, say: Say, clock: ManualClock, store: SqliteStore
):
    _answer_numeric(coach, say, "0.9")  # wrong: Again, due tomorrow
    nothing = coach.handle(say("/coach review"))[0].text
    assert "Nothing due today" in nothing
    clock.advance(timedelta(days=1))
    given = coach.handle(say("/coach review"))[0]
    assert given.ephemeral and "Review 1 of 5 today" in given.text
    assert "Prompt of numeric-q" in given.text
    right = coach.handle(say("/coach drill answer 0.5"))[0].text
    assert right.startswith("✅")
    card = store.card("discord", "w1", "ann", "numeric-q")
    assert card is not None and card.reviews == 2
    assert card.due - clock.now() >= timedelta(days=1)
    assert "Nothing due today" in coach.handle(say("/coach review"))[0].text


def test_the_daily_cap_counts_reviews_of_the_persons_local_day(
    coach: Coach, say: Say, clock: ManualClock, store: SqliteStore
):
    deps = coach.deps
    for qid in ("nlp-a", "nlp-b", "train-a"):
        rate(deps, ANN, qid, rating_for(Verdict("incorrect", 0.0)), clock.now())
    clock.advance(timedelta(days=1))
    assert "at most 2 reviews a day" in coach.handle(say("/coach review cap=2"))[0].text
    for number in (1, 2):
        reply = coach.handle(say("/coach review"))[0].text
        assert f"Review {number} of 2 today" in reply
        coach.handle(say("/coach drill answer something"))
        coach.handle(say("/coach review rate good"))
    capped = coach.handle(say("/coach review"))[0].text
    assert "That's your 2 reviews for today. 1 more are due." in capped
    assert "not changed" in coach.handle(say("/coach review cap=0"))[0].text.lower()


def test_the_local_day_turns_at_the_persons_midnight_across_dst(
    coach: Coach, say: Say, clock: ManualClock
):
    """Europe/Paris springs forward on 29 Mar 2026: the day's cap resets at local midnight."""
    deps = coach.deps
    assert "Europe/Paris" in coach.handle(say("/coach me tz=Europe/Paris"))[0].text
    for qid in ("nlp-a", "nlp-b"):
        rate(deps, ANN, qid, rating_for(Verdict("incorrect", 0.0)), clock.now())
    coach.handle(say("/coach review cap=1"))
    clock.set(datetime(2026, 3, 29, 21, 30, tzinfo=UTC))  # 23:30 in Paris (UTC+2 since 01:00 UTC)
    assert "Review 1 of 1" in coach.handle(say("/coach review"))[0].text
    coach.handle(say("/coach drill answer x"))
    coach.handle(say("/coach review rate again"))
    assert "That's your 1 review" in coach.handle(say("/coach review"))[0].text
    clock.set(datetime(2026, 3, 29, 22, 5, tzinfo=UTC))  # 00:05 on 30 Mar in Paris
    assert "Review 1 of 1" in coach.handle(say("/coach review"))[0].text


def test_self_rating_buttons_where_nothing_judges_the_answer(
    coach: Coach, say: Say, store: SqliteStore
):
    given = coach.handle(say("/coach drill nlp"))[0]  # no checker, no rubric in the small bank
    answered = coach.handle(say("/coach drill answer my answer"))[0]
    actions = [b.action for b in answered.buttons]
    assert actions == ["rate_again", "rate_hard", "rate_good", "rate_easy"]
    value = answered.buttons[0].value
    assert value == given.buttons[0].value
    press = Action(say("", user="ann"), "rate_easy", value)
    assert "Rated Easy" in coach.act(press)[0].text
    assert "already rated" in coach.act(press)[0].text
    practice = store.latest_practice("discord", "w1", "ann")
    assert practice is not None
    card = store.card("discord", "w1", "ann", practice.question_id)
    assert card is not None and card.last_rating == 4 and card.reviews == 1


def test_a_checked_practice_answer_needs_no_self_rating(coach: Coach, say: Say):
    coach.handle(say("/coach drill numeric"))
    answered = coach.handle(say("/coach drill answer 0.5"))[0]
    assert answered.buttons == ()


def test_someone_elses_practice_cannot_be_rated(coach: Coach, say: Say):
    coach.handle(say("/coach drill nlp"))
    answered = coach.handle(say("/coach drill answer mine"))[0]
    press = Action(say("", user="bob"), "rate_good", answered.buttons[0].value)
    assert "not yours" in coach.act(press)[0].text


def test_forget_me_deletes_cards_reviews_and_settings(
    coach: Coach, say: Say, store: SqliteStore, clock: ManualClock
):
    _answer_numeric(coach, say, "0.9")
    coach.handle(say("/coach remind at=18:00"))
    coach.handle(say("/coach me tz=Europe/Paris"))
    clock.advance(timedelta(days=1))
    coach.handle(say("/coach review"))
    coach.handle(say("/coach forget-me confirm"))
    assert store.card("discord", "w1", "ann", "numeric-q") is None
    assert store.learner("discord", "w1", "ann").remind_at is None
    assert store.learner("discord", "w1", "ann").tz is None
    assert store.reviews_on("discord", "w1", "ann", clock.now().date()) == 0
