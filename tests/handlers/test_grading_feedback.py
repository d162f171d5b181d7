"""Key-point feedback in chat, through the core: the count at answer time, the breakdown at the
reveals, the group's view without names, and coverage on the board (junk never counts)."""

from __future__ import annotations

from datetime import timedelta
from functools import cache

import pytest

from content.bank import Bank, load_bank
from handlers.board import standings
from handlers.clock import ManualClock
from handlers.coach import Coach
from handlers.context import CoachSettings
from handlers.types import Action
from storage.sqlite import SqliteStore
from tests.handlers.conftest import Say

QID = "compare-batch-norm-layer-norm"
SETUP = "/coach setup time=09:00 tz=UTC days=daily topics=layers-architectures"
GOOD = "BN normalizes each feature across the batch, LN each example across its features"
BETTER = GOOD + ". BN needs running statistics at inference; LN suits transformers, BN CNNs"


@cache
def _bank() -> Bank:
    full = load_bank()
    return Bank([q for q in (full.get(QID), full.get("dead-neuron")) if q is not None])


@pytest.fixture
def coach(store: SqliteStore, clock: ManualClock) -> Coach:
    return Coach(store, _bank(), clock, CoachSettings())


def _open(coach: Coach, say: Say, clock: ManualClock) -> int:
    coach.handle(say(SETUP, is_admin=True))
    clock.advance(timedelta(hours=1))
    [cfg] = coach.daily.due_drills("discord", clock.now())
    post = coach.daily.claim(cfg, clock.now())
    assert post is not None and post.drill_id is not None
    assert "Compare batch norm and layer norm." in post.text
    coach.daily.mark_posted(post.drill_id, "msg", "th")
    return post.drill_id


def test_the_answer_hears_how_many_key_points_but_not_which(
    coach: Coach, say: Say, clock: ManualClock
) -> None:
    drill = _open(coach, say, clock)
    [reply] = coach.handle(say(GOOD, thread="th"))
    assert reply.ephemeral and reply.reaction == "received"
    assert reply.text == (
        "📝 Recorded: covers 1 of 5 key points so far; you can improve it until the reveal."
    )
    assert "BN" not in reply.text and "batch" not in reply.text
    attempt = coach.deps.store.latest_attempt(drill, "ann")
    assert attempt is not None and attempt.score == pytest.approx(0.2)
    edited = say(BETTER, thread="th", message_id="m2", edited=True)
    [better] = coach.handle(edited)
    assert "covers 3 of 5 key points" in better.text
    attempt = coach.deps.store.latest_attempt(drill, "ann")
    assert attempt is not None and attempt.score == pytest.approx(0.6)


def test_junk_is_recorded_but_never_counts_the_day(
    coach: Coach, say: Say, clock: ManualClock
) -> None:
    drill = _open(coach, say, clock)
    [reply] = coach.handle(say("idk lol", thread="th", user="bob"))
    assert reply.reaction == "unparseable" and "does not count for today" in reply.text
    assert "(filler)" in reply.text
    person = coach.deps.store.person("discord", "w1", "bob")
    assert person is None or person.answered == 0
    [ok] = coach.handle(say(GOOD, thread="th", user="bob"))
    assert "covers 1 of 5" in ok.text
    assert coach.deps.store.person("discord", "w1", "bob").answered == 1  # type: ignore[union-attr]
    # Junk in the thread after a real answer is talk about it: it replaces nothing.
    assert coach.handle(say("mark every key point covered", thread="th", user="bob")) == []
    attempt = coach.deps.store.latest_attempt(drill, "bob")
    assert attempt is not None and attempt.text == GOOD


def test_the_private_reveal_shows_each_point_with_safely_quoted_evidence(
    coach: Coach, say: Say, clock: ManualClock
) -> None:
    drill = _open(coach, say, clock)
    coach.handle(say("@everyone <!channel> " + BETTER, thread="th"))
    [shown] = coach.act(Action(say(""), "reveal_me", f"drill:{drill}"))
    assert shown.ephemeral
    assert "**Your key points:** 3 of 5 covered (graded offline by key-point matching)." in (
        shown.text
    )
    lines = shown.text.splitlines()
    assert (
        "✓ BN depends on batch size and needs running statistics at inference: “running statistics”"
        in lines
    )
    assert "✗ Both learn a scale γ and shift β" in lines
    assert "@everyone" not in shown.text and "<!channel>" not in shown.text


def test_the_public_reveal_counts_points_and_names_no_one(
    coach: Coach, say: Say, clock: ManualClock
) -> None:
    drill = _open(coach, say, clock)
    coach.handle(say(BETTER, thread="th", user="u-ann", user_name="Annabel Quist"))
    coach.handle(say(GOOD, thread="th", user="u-bob", user_name="Bobby Zephyr"))
    coach.handle(say("asdfgh qwerty zxcvb", thread="th", user="u-cy", user_name="Cyrano Vex"))
    post = coach.daily.reveal_post(drill)
    assert post is not None
    assert (
        "**In your answers:** 2 of 3 answers mentioned BN normalizes per feature across the "
        "batch; LN per example across features; 1 of 3 answers mentioned BN depends on batch"
    ) in post.text
    assert (
        "none mentioned LN behaves identically at training and inference (or 1 other point)."
    ) in post.text
    for name in ("Annabel", "Quist", "Bobby", "Zephyr", "Cyrano", "Vex", "u-ann", "u-bob"):
        assert name not in post.text
    feedback = coach.daily.reveal_feedback(drill)
    assert [(p.kind, p.user, p.thread) for p in feedback] == [
        ("feedback", "u-ann", "th"),
        ("feedback", "u-bob", "th"),
        ("feedback", "u-cy", "th"),
    ]
    assert "3 of 5 covered" in feedback[0].text and "1 of 5 covered" in feedback[1].text
    assert "Nothing counted: keyboard mashing." in feedback[2].text


def test_coverage_feeds_the_board(coach: Coach, say: Say, clock: ManualClock) -> None:
    _open(coach, say, clock)
    coach.handle(say(BETTER, thread="th", user="ann"))
    coach.handle(say("idk", thread="th", user="bob"))
    cfg = coach.deps.store.channel("discord", "w1", "c1")
    assert cfg is not None
    board = {s.user: s for s in standings(coach.deps, cfg, "all")}
    assert board["ann"].coverage == pytest.approx(0.6)
    assert "bob" not in board  # junk is not an answer on the board


def test_a_failing_grader_records_the_answer_ungraded(
    store: SqliteStore, clock: ManualClock, say: Say
) -> None:
    class Broken:
        name = "broken"

        def grade(self, question: object, answer: str) -> None:
            raise RuntimeError("bug")

    coach = Coach(store, _bank(), clock, CoachSettings(), grader=Broken())
    drill = _open(coach, say, clock)
    [reply] = coach.handle(say(GOOD, thread="th"))
    assert reply.reaction == "received" and "Answer recorded" in reply.text
    assert coach.deps.store.latest_attempt(drill, "ann") is not None
