"""A full disk and a locked database, for real on SQLite: answers are kept, then written once."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from handlers.clock import ManualClock
from handlers.coach import Coach
from handlers.context import CoachSettings
from handlers.pending import FULL, KEPT_ANSWER, KEPT_CHANGE, TRY_LATER, Pending
from handlers.types import Action, Attachment
from storage.sqlite import SqliteStore
from tests.handlers.conftest import Say, small_bank
from tests.handlers.test_coach import SETUP, open_drill

# Longer than a page (4 KiB): each answer needs a new page, so a database at its page limit
# cannot take it, whatever free space its pages have left.
LONG = "Attention lets every token weigh every other token. " * 100
UNLIMITED = 1_073_741_823


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    s = SqliteStore(tmp_path / "coach.db", lock_timeout=0.05)
    yield s
    s.close()


@pytest.fixture
def coach(store: SqliteStore, clock: ManualClock) -> Coach:
    pending = Pending(clock, max_events=50, max_age=timedelta(hours=1))
    return Coach(store, small_bank(), clock, CoachSettings(max_answer_chars=20_000), pending)


def fill_disk(store: SqliteStore) -> None:
    """The store's own connection may not grow the file by one more page."""
    [(pages,)] = store.execute("PRAGMA page_count")
    store.execute(f"PRAGMA max_page_count = {pages}")


def free_disk(store: SqliteStore) -> None:
    store.execute(f"PRAGMA max_page_count = {UNLIMITED}")


def attempts(store: SqliteStore) -> list[tuple[str, str, str]]:
    rows = store.execute('SELECT message_id, "user", at FROM attempts ORDER BY id')
    return [(r[0], r[1], r[2]) for r in rows]


def healthy(store: SqliteStore) -> bool:
    return store.execute("PRAGMA integrity_check") == [("ok",)]


def outage_lines(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == level]


def test_a_full_disk_keeps_answers_and_writes_each_once_when_space_returns(
    coach: Coach, store: SqliteStore, say: Say, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    drill = open_drill(coach, say, clock)
    fill_disk(store)
    caplog.set_level(logging.INFO)
    sent = []
    for user in ("ann", "bob", "cy"):
        clock.advance(timedelta(minutes=1))
        sent.append(say(LONG, user=user, thread=f"th-{drill}"))
        [reply] = coach.handle(sent[-1])
        assert reply.text == KEPT_ANSWER and reply.ephemeral and reply.reaction == "received"
    [again] = coach.handle(sent[0])  # the platform retried an event
    assert again.text == KEPT_ANSWER
    [button] = coach.act(Action(say(LONG, user="dee"), "answer", f"drill:{drill}"))
    assert button.text == KEPT_ANSWER
    assert attempts(store) == [] and len(coach.pending) == 5
    [down] = outage_lines(caplog, logging.ERROR)  # one line for the outage, not one per answer
    assert "database unavailable" in down and "database or disk is full" in down
    assert coach.pending.status()["available"] is False

    clock.advance(timedelta(minutes=1))
    assert coach.flush() == 0  # still full: nothing written, nothing lost
    assert len(coach.pending) == 5

    free_disk(store)
    assert coach.flush() == 5
    recorded = attempts(store)
    assert [user for _, user, _ in recorded] == ["ann", "bob", "cy", "dee"]
    # Each at the time it arrived, not the time it was written.
    assert [at for _, _, at in recorded[:3]] == [m.time.isoformat() for m in sent]
    assert store.figures(drill).answered == 4
    assert store.person("discord", "w1", "ann").answered == 1
    assert "available again" in outage_lines(caplog, logging.WARNING)[0]
    assert len(coach.pending) == 0 and coach.pending.status()["available"] is True
    assert healthy(store)


def test_a_locked_database_fails_fast_and_the_next_event_writes_what_waited(
    coach: Coach, store: SqliteStore, say: Say, clock: ManualClock, tmp_path: Path
) -> None:
    drill = open_drill(coach, say, clock, SETUP + " topics=optimisation")
    other = sqlite3.connect(tmp_path / "coach.db", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    first = say("0.9", user="ann", thread=f"th-{drill}")
    started = time.monotonic()
    [kept] = coach.handle(first)
    assert time.monotonic() - started < 1.0  # the busy timeout is 50 ms, not seconds
    assert kept.text == KEPT_ANSWER
    # While it waits, a newer answer is kept behind it without trying the store again.
    [behind] = coach.handle(say("0.5", user="bob", thread=f"th-{drill}"))
    assert behind.text == KEPT_ANSWER and len(coach.pending) == 2
    [practice] = coach.handle(say("/coach drill"))  # a new practice question cannot be saved
    assert practice.text == TRY_LATER and len(coach.pending) == 2
    other.execute("ROLLBACK")
    other.close()

    clock.advance(coach.pending.retry_every)
    [verdict] = coach.handle(say("0.5", user="cy", thread=f"th-{drill}"))
    assert verdict.reaction == "correct"  # handled live, after the two kept ones
    assert [user for _, user, _ in attempts(store)] == ["ann", "bob", "cy"]
    assert len(coach.pending) == 0 and healthy(store)


def test_kept_answers_count_for_the_streak_of_their_own_day(
    store: SqliteStore, say: Say, clock: ManualClock
) -> None:
    pending = Pending(clock, max_age=timedelta(days=2))
    coach = Coach(store, small_bank(), clock, CoachSettings(max_answer_chars=20_000), pending)
    first = open_drill(coach, say, clock)
    fill_disk(store)
    assert coach.handle(say(LONG, thread=f"th-{first}"))[0].text == KEPT_ANSWER
    free_disk(store)
    clock.advance(timedelta(days=1))
    [cfg] = coach.daily.channels("discord")
    post = coach.daily.claim(cfg, clock.now())
    assert post is not None and post.drill_id is not None
    coach.daily.mark_posted(post.drill_id, "msg-2", "th-2")
    # Yesterday's kept answer is written before today's, so the streak is 2, not 1.
    assert coach.handle(say("today", thread="th-2"))[0].reaction == "received"
    person = store.person("discord", "w1", "ann")
    assert (person.current, person.answered) == (2, 2)


def test_changes_are_kept_and_lookups_say_try_again(
    coach: Coach, store: SqliteStore, say: Say, clock: ManualClock
) -> None:
    drill = open_drill(coach, say, clock)
    fill_disk(store)
    assert coach.handle(say(LONG, thread=f"th-{drill}"))[0].text == KEPT_ANSWER
    [kept] = coach.handle(say("/coach setup time=10:00", is_admin=True))
    assert kept.text == KEPT_CHANGE
    [refused] = coach.handle(say("/coach setup time=11:00"))  # not an admin: refused now
    assert "Only an admin" in refused.text
    [lookup] = coach.handle(say("/coach status"))  # reads still work on a full disk
    assert "09:00" in lookup.text
    assert coach.handle(say("chatter", thread="elsewhere")) == []
    free_disk(store)
    assert coach.flush() == 2
    assert store.channel("discord", "w1", "c1").time == "10:00"


def test_the_memory_is_bounded_by_count_and_by_age(
    store: SqliteStore, say: Say, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    pending = Pending(clock, max_events=2, max_age=timedelta(minutes=30))
    coach = Coach(store, small_bank(), clock, CoachSettings(max_answer_chars=20_000), pending)
    drill = open_drill(coach, say, clock)
    fill_disk(store)
    caplog.set_level(logging.ERROR)
    replies = [coach.handle(say(LONG, user=u, thread=f"th-{drill}"))[0] for u in "abcd"]
    assert [r.text for r in replies] == [KEPT_ANSWER, KEPT_ANSWER, FULL, FULL]
    assert len(pending) == 2 and pending.dropped == 2
    clock.advance(timedelta(minutes=31))
    assert coach.flush() == 0
    assert len(pending) == 0 and pending.dropped == 4
    lines = outage_lines(caplog, logging.ERROR)
    assert len(lines) == 3  # the outage, the memory full (once), the expiry with its count
    assert "limit" in lines[1] and "dropped 2 kept event(s)" in lines[2]
    free_disk(store)
    assert attempts(store) == [] and healthy(store)


def test_a_pack_upload_during_an_outage_is_refused_not_kept(
    coach: Coach, store: SqliteStore, say: Say
) -> None:
    pack = b"questions:\n  - question: What is " + b"x" * 5000 + b"?\n    answer: y\n"
    fill_disk(store)
    [reply] = coach.handle(
        say("/coach pack add", is_admin=True, attachment=Attachment("p.yaml", pack))
    )
    assert TRY_LATER in reply.text and len(coach.pending) == 0
    free_disk(store)
    assert store.stored_packs() == []
