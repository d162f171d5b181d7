"""The scheduler through a locked database: a drill it could not claim is posted once the store
is back, and a post or reveal it sent but could not record is recorded, never sent twice."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from bot.scheduler import Sent
from handlers.types import Post
from tests.bot import test_scheduler
from tests.bot.test_scheduler import RecordingSender

setup = test_scheduler.setup  # the same channel and scheduler as the scheduler's own tests


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Another process holds the database's write lock."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


class LockingSender(RecordingSender):
    """Sends, and the database gets locked while the post is on its way (from the `lock_on`th)."""

    def __init__(self, inner: RecordingSender, path: Path, lock_on: str) -> None:
        super().__init__()
        self.posts = inner.posts
        self.path = path
        self.lock_on = lock_on
        self.lock: contextmanager | None = None  # type: ignore[valid-type]

    async def send_post(self, post: Post) -> Sent:
        sent = await super().send_post(post)
        if post.kind == self.lock_on and self.lock is None:
            self.lock = locked(self.path)
            self.lock.__enter__()
        return sent

    def unlock(self) -> None:
        assert self.lock is not None
        self.lock.__exit__(None, None, None)


def integrity(store) -> str:
    return store.execute("PRAGMA integrity_check")[0][0]


async def test_a_drill_the_store_could_not_claim_is_posted_once_it_is_back(setup, tmp_path) -> None:
    clock, store, coach, sender, sched = setup
    store.set_lock_timeout(0.05)
    sched.rebuild()
    nine = sched.next_drill(1)
    assert nine is not None
    clock.set(nine)
    with locked(tmp_path / "coach.db"):
        await sched.tick()
        assert sender.posts == [] and coach.pending.unavailable  # reported: /healthz degraded
        clock.set(nine + timedelta(minutes=1))
        await sched.tick()  # still locked: still nothing, and nothing half-done
        assert sender.posts == []
    clock.set(nine + timedelta(minutes=2))
    await sched.tick()
    assert [p.kind for p in sender.posts] == ["drill"]
    assert store.drill(1) is not None and store.drill(1).message_id == "msg-1"
    assert not coach.pending.unavailable
    await sched.tick()
    assert len(sender.posts) == 1
    assert integrity(store) == "ok"


async def test_a_drill_sent_but_not_recorded_is_recorded_from_memory_not_resent(
    setup, tmp_path
) -> None:
    clock, store, coach, recording, sched = setup
    store.set_lock_timeout(0.05)
    sender = LockingSender(recording, tmp_path / "coach.db", lock_on="drill")
    sched.sender = sender
    sched.scheduler.resume()  # running, so the recorded drill gets its reveal planned
    sched.rebuild()
    nine = sched.next_drill(1)
    assert nine is not None
    clock.set(nine)
    await sched.tick()
    assert [p.kind for p in sender.posts] == ["drill"]
    assert store.drill(1).posted_at is None  # on the platform, not in the database
    clock.set(nine + timedelta(minutes=1))
    await sched.tick()  # still locked
    sender.unlock()
    clock.set(nine + timedelta(minutes=2))
    await sched.tick()
    drill = store.drill(1)
    assert drill.posted_at is not None and (drill.message_id, drill.thread_id) == (
        "msg-1",
        "thread-1",
    )
    assert [p.kind for p in sender.posts] == ["drill"]  # recorded, not looked for or sent again
    assert sched.next_reveal(1) == drill.reveal_at
    assert integrity(store) == "ok"


async def test_a_reveal_sent_but_not_recorded_is_not_sent_again(setup, tmp_path) -> None:
    clock, store, coach, recording, sched = setup
    store.set_lock_timeout(0.05)
    sched.scheduler.resume()
    sched.rebuild()
    nine = sched.next_drill(1)
    assert nine is not None
    clock.set(nine)
    await sched.tick()
    drill = store.drill(1)
    sender = LockingSender(recording, tmp_path / "coach.db", lock_on="reveal")
    sched.sender = sender
    clock.set(drill.reveal_at)
    await sched.tick()
    assert [p.kind for p in sender.posts] == ["drill", "reveal"]
    clock.set(drill.reveal_at + timedelta(minutes=1))
    await sched.tick()
    await sched.catch_up()  # a catch-up meanwhile does not reveal it twice either
    sender.unlock()
    clock.set(drill.reveal_at + timedelta(minutes=2))
    await sched.tick()
    assert store.drill(1).revealed_at is not None
    assert [p.kind for p in sender.posts] == ["drill", "reveal"]
    assert integrity(store) == "ok"


async def test_the_checkpoint_runs_on_the_loop_where_the_store_lives(setup) -> None:
    clock, store, coach, sender, sched = setup
    sched.rebuild()
    job = sched.scheduler.get_job("checkpoint")
    assert asyncio.iscoroutinefunction(job.func)  # APScheduler would run a function in a thread
    await job.func()
