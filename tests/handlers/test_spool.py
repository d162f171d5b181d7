"""The spool: kept events on disk, replayed in order and idempotently by the next process."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from handlers.clock import ManualClock
from handlers.coach import Coach
from handlers.context import CoachSettings
from handlers.pending import Pending
from handlers.spool import Spool
from handlers.types import Action
from storage.sqlite import SqliteStore
from tests.handlers.conftest import Say, small_bank
from tests.handlers.test_coach import open_drill
from tests.handlers.test_store_outage import attempts, fill_disk, free_disk, healthy

LONG = "Attention lets every token weigh every other token. " * 100


def coach_with_spool(store: SqliteStore, clock: ManualClock, spool: Path) -> Coach:
    pending = Pending(clock, max_events=50, max_age=timedelta(hours=1), spool=Spool(spool))
    return Coach(store, small_bank(), clock, CoachSettings(max_answer_chars=20_000), pending)


def test_kept_events_survive_the_process_and_are_replayed_once(
    tmp_path: Path, clock: ManualClock
) -> None:
    store = SqliteStore(tmp_path / "coach.db", lock_timeout=0.05)
    spool = tmp_path / "kept.jsonl"
    say = Say(clock)
    coach = coach_with_spool(store, clock, spool)
    drill = open_drill(coach, say, clock)
    fill_disk(store)
    coach.handle(say(LONG, user="ann", thread=f"th-{drill}", message_id="m1"))
    clock.advance(timedelta(minutes=1))
    press = Action(say(LONG, user="bob", message_id="i2"), "answer", f"drill:{drill}")
    coach.act(press)
    assert len(coach.pending) == 2 and attempts(store) == []
    # The process ends here, its memory with it; two hours pass (beyond max_age).
    free_disk(store)
    clock.advance(timedelta(hours=2))
    again = coach_with_spool(store, clock, spool)
    assert again.pending.restore() == 2
    assert again.flush() == 2
    recorded = attempts(store)
    assert [(m, u) for m, u, _ in recorded] == [("m1", "ann"), ("i2", "bob")]
    assert recorded[0][2] < recorded[1][2]  # each at the time it arrived, not now
    assert spool.read_text() == ""  # nothing waits any more
    # Killed between a write and its `done` line: the same events again change nothing.
    assert coach_with_spool(store, clock, spool).pending.restore() == 0
    replayed = coach_with_spool(store, clock, tmp_path / "copy.jsonl")
    replayed.pending.keep(press)
    assert replayed.flush() == 1
    assert attempts(store) == recorded
    assert healthy(store)
    store.close()


def test_written_events_are_marked_done_and_a_line_cut_short_is_skipped(
    tmp_path: Path, clock: ManualClock
) -> None:
    path = tmp_path / "kept.jsonl"
    pending = Pending(clock, spool=Spool(path))
    say = Say(clock)
    for n in range(3):
        assert pending.keep(say(f"answer {n}", message_id=f"m{n}"))
    pending.done()  # the first was written
    with path.open("a") as file:
        file.write('{"n": 4, "at": "2026-03')  # the kill came mid-line
    waiting = Spool(path).load()
    assert [event.message_id for _, event, _ in waiting] == ["m1", "m2"]  # type: ignore[union-attr]
    assert all(at == clock.now() for _, _, at in waiting)
