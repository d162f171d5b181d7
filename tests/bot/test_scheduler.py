"""The drill scheduler: APScheduler jobs from the database, double fires, catch-up, DST."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.scheduler import SLOT_WINDOW, DrillScheduler, Sent
from handlers.clock import ManualClock
from handlers.coach import Coach
from handlers.context import CoachSettings
from handlers.types import Incoming, Post
from storage.sqlite import SqliteStore
from tests.handlers.conftest import small_bank

PARIS = ZoneInfo("Europe/Paris")


class RecordingSender:
    """A Sender that keeps what it was asked to send, and can be told to fail."""

    def __init__(self) -> None:
        self.posts: list[Post] = []
        self.fail = False

    async def send_post(self, post: Post) -> Sent:
        if self.fail:
            raise ConnectionError("platform down")
        self.posts.append(post)
        return Sent(message_id=f"msg-{len(self.posts)}", thread_id=f"thread-{post.drill_id}")

    async def find_post(self, post: Post) -> Sent | None:
        """A post of the same drill it already put on the platform, if any."""
        for number, sent in enumerate(self.posts, start=1):
            if sent.kind == post.kind and sent.drill_id == post.drill_id:
                return Sent(message_id=f"msg-{number}", thread_id=f"thread-{post.drill_id}")
        return None


def set_up_channel(coach: Coach, clock: ManualClock, extra: str = "", channel: str = "C1") -> None:
    """An admin sets a channel (C1) up for 09:00 Paris time on weekdays, or as `extra` says."""
    text = f"/coach setup time=09:00 tz=Europe/Paris days=mon-fri {extra}".strip()
    coach.handle(
        Incoming(
            platform="slack",
            workspace="T1",
            channel=channel,
            user="U1",
            text=text,
            message_id=f"setup-{channel}-{extra}",
            time=clock.now(),
            is_admin=True,
        )
    )


@pytest.fixture
async def setup(tmp_path: Path):
    clock = ManualClock(datetime(2026, 3, 27, 7, 0, tzinfo=UTC))  # Fri 08:00 Paris
    store = SqliteStore(tmp_path / "coach.db")
    coach = Coach(store, small_bank(), clock, CoachSettings(catch_up_grace=timedelta(hours=3)))
    sender = RecordingSender()
    sched = DrillScheduler(coach, sender, "slack", clock, scheduler=AsyncIOScheduler(timezone=UTC))
    set_up_channel(coach, clock)
    sched.scheduler.start(paused=True)  # jobs are real APScheduler jobs, but nothing fires
    yield clock, store, coach, sender, sched
    sched.shutdown()
    store.close()


async def test_a_channel_fires_at_its_local_time_across_dst_from_the_minute_tick(setup) -> None:
    clock, store, coach, sender, sched = setup
    sched.rebuild()
    sched.rebuild()  # rebuilding replaces, never duplicates
    assert sorted(j.id for j in sched.scheduler.get_jobs()) == ["checkpoint", "tick"]
    friday = datetime(2026, 3, 27, 9, 0, tzinfo=PARIS)
    assert sched.next_drill(1) == friday
    clock.set(friday - timedelta(seconds=1))
    await sched.tick()
    assert sender.posts == []
    clock.set(friday)
    await sched.tick()
    await sched.tick()  # a second tick in the same minute: nothing twice
    assert [p.kind for p in sender.posts] == ["drill"]
    # Summer time starts on Sunday 29 March: Monday's 09:00 is 07:00 UTC, not 08:00.
    monday = sched.next_drill(1)
    assert monday == datetime(2026, 3, 30, 9, 0, tzinfo=PARIS)
    assert monday.astimezone(UTC).hour == 7 and friday.astimezone(UTC).hour == 8
    clock.set(monday)
    await sched.tick()
    assert [p.kind for p in sender.posts] == ["drill", "reveal", "drill"]


async def test_pausing_takes_the_channel_off_the_timetable_and_resuming_brings_it_back(
    setup,
) -> None:
    clock, store, coach, sender, sched = setup
    sched.rebuild()
    admin = dict(platform="slack", workspace="T1", channel="C1", user="U1", time=clock.now())
    coach.handle(Incoming(text="/coach pause", message_id="p", is_admin=True, **admin))
    assert sched.next_drill(1) is None
    clock.set(datetime(2026, 3, 27, 9, 0, tzinfo=PARIS))
    await sched.tick()
    assert sender.posts == []  # a paused channel is not fired
    coach.handle(Incoming(text="/coach resume", message_id="r", is_admin=True, **admin))
    assert sched.next_drill(1) == datetime(2026, 3, 30, 9, 0, tzinfo=PARIS)


async def test_channels_on_one_schedule_fire_together_and_a_change_moves_only_that_one(
    setup,
) -> None:
    clock, store, coach, sender, sched = setup
    for channel in ("C2", "C3"):
        set_up_channel(coach, clock, channel=channel)
    sched.rebuild()
    nine = datetime(2026, 3, 27, 9, 0, tzinfo=PARIS)
    assert sched.next_drill(1) == sched.next_drill(2) == sched.next_drill(3) == nine
    set_up_channel(coach, clock, "time=10:30", channel="C3")
    assert sched.next_drill(3) == datetime(2026, 3, 27, 10, 30, tzinfo=PARIS)
    assert sched.next_drill(1) == sched.next_drill(2) == nine
    clock.set(nine)
    await sched.tick()
    assert sorted(p.channel for p in sender.posts) == ["C1", "C2"]  # both post, C3 has moved
    clock.set(datetime(2026, 3, 27, 10, 30, tzinfo=PARIS))
    await sched.tick()
    assert sorted(p.channel for p in sender.posts) == ["C1", "C2", "C3"]


async def test_a_tick_later_than_the_misfire_grace_leaves_the_drill_to_catch_up(setup) -> None:
    clock, store, coach, sender, sched = setup
    sched.rebuild()
    clock.set(datetime(2026, 3, 27, 9, 11, tzinfo=PARIS))  # 11 minutes late, grace is 10
    await sched.tick()
    assert sender.posts == [] and sched.next_drill(1) == datetime(2026, 3, 30, 9, 0, tzinfo=PARIS)
    await sched.catch_up()  # within the catch-up grace (3 hours): posted once
    await sched.tick()
    assert [p.channel for p in sender.posts] == ["C1"]


async def test_one_failing_channel_does_not_stop_the_others_of_its_slot(setup) -> None:
    clock, store, coach, sender, sched = setup
    set_up_channel(coach, clock, channel="C2")
    sched.rebuild()
    failing = sched.run_drill

    async def run_drill(channel_id: int) -> None:
        if channel_id == 1:
            raise RuntimeError("database row unreadable")
        await failing(channel_id)

    sched.run_drill = run_drill  # type: ignore[method-assign]
    clock.set(datetime(2026, 3, 27, 9, 0, tzinfo=PARIS))
    await sched.tick()
    assert [p.channel for p in sender.posts] == ["C2"]


async def test_a_double_fire_posts_once(setup) -> None:
    clock, store, coach, sender, sched = setup
    clock.set(datetime(2026, 3, 27, 9, 0, tzinfo=PARIS))
    await sched.run_drill(1)
    await sched.run_drill(1)
    await sched.catch_up()
    assert [p.kind for p in sender.posts] == ["drill"]
    assert sender.posts[0].open_thread and sender.posts[0].buttons


async def test_catch_up_posts_a_missed_drill_only_within_the_grace(setup) -> None:
    clock, store, coach, sender, sched = setup
    clock.set(datetime(2026, 3, 27, 12, 30, tzinfo=PARIS))  # 3h30 late: too late
    await sched.catch_up()
    assert sender.posts == []
    clock.set(datetime(2026, 3, 30, 11, 59, tzinfo=PARIS))  # Monday, 2h59 late: still posted
    await sched.catch_up()
    assert len(sender.posts) == 1


async def test_a_failed_send_is_retried_at_catch_up_and_the_reveal_is_scheduled(setup) -> None:
    clock, store, coach, sender, sched = setup
    clock.set(datetime(2026, 3, 27, 9, 0, tzinfo=PARIS))
    sender.fail = True
    await sched.run_drill(1)
    assert store.unposted_drills("slack") and sender.posts == []
    sender.fail = False
    clock.advance(timedelta(minutes=5))
    await sched.catch_up()
    assert len(sender.posts) == 1 and store.unposted_drills("slack") == []
    # Default reveal: 30 minutes before Monday's drill, in summer time.
    assert sched.next_reveal(1) == datetime(2026, 3, 30, 8, 30, tzinfo=PARIS)


async def test_due_reveals_go_out_once_in_the_thread(setup) -> None:
    clock, store, coach, sender, sched = setup
    clock.set(datetime(2026, 3, 27, 9, 0, tzinfo=PARIS))
    await sched.run_drill(1)
    clock.set(datetime(2026, 3, 30, 8, 30, tzinfo=PARIS))
    await sched.catch_up()
    await sched.run_reveal(1)
    reveals = [p for p in sender.posts if p.kind == "reveal"]
    assert len(reveals) == 1 and reveals[0].thread == "thread-1"
    assert "0 people answered" in reveals[0].text


async def test_start_loads_jobs_catches_up_and_schedules_the_reveal(tmp_path: Path) -> None:
    clock = ManualClock(datetime(2026, 3, 27, 10, 0, tzinfo=PARIS))  # an hour after the drill
    store = SqliteStore(tmp_path / "coach.db")
    coach = Coach(store, small_bank(), clock, CoachSettings())
    sender = RecordingSender()
    set_up_channel(coach, clock, "reveal=20h")
    sched = DrillScheduler(coach, sender, "slack", clock, scheduler=AsyncIOScheduler(timezone=UTC))
    await sched.start()
    try:
        assert [p.kind for p in sender.posts] == ["drill"]
        assert {j.id for j in sched.scheduler.get_jobs()} == {"tick", "checkpoint"}
        assert sched.next_reveal(1) == datetime(2026, 3, 28, 5, 0, tzinfo=PARIS)
        assert sched.next_drill(1) == datetime(2026, 3, 30, 9, 0, tzinfo=PARIS)
        clock.set(datetime(2026, 3, 28, 5, 0, tzinfo=PARIS))
        await sched.tick()  # the reveal comes from the minute tick
        assert [p.kind for p in sender.posts] == ["drill", "reveal"]
    finally:
        sched.shutdown()
        store.close()


class GatedSender(RecordingSender):
    """Holds every send until the gate opens, counting the sends waiting at it."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()
        self.waiting = 0

    async def send_post(self, post: Post) -> Sent:
        self.waiting += 1
        await self.gate.wait()
        return await super().send_post(post)


async def test_a_big_slot_claims_a_window_of_drills_ahead_of_the_sends(setup) -> None:
    clock, store, coach, _, sched = setup
    channels = SLOT_WINDOW + 36
    for i in range(2, channels + 1):
        set_up_channel(coach, clock, channel=f"C{i}")
    sender = GatedSender()
    sched.sender = sender
    sched.rebuild()
    clock.set(datetime(2026, 3, 27, 9, 0, tzinfo=PARIS))
    fan_out = asyncio.create_task(sched.tick())
    while sender.waiting < SLOT_WINDOW:
        await asyncio.sleep(0)  # let the workers run up to the gate (no wall-clock wait)
    for _ in range(10):
        await asyncio.sleep(0)
    [(claimed,)] = store.execute("SELECT count(*) FROM drills")
    assert claimed == sender.waiting == SLOT_WINDOW  # not every channel claimed before any send
    sender.gate.set()
    await fan_out
    assert len(sender.posts) == channels
    assert sorted(p.channel for p in sender.posts) == sorted(
        ["C1", *(f"C{i}" for i in range(2, channels + 1))]
    )
