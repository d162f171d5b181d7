"""The drill scheduler: APScheduler jobs from the database, double fires, catch-up, DST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from bot.scheduler import DrillScheduler, Sent
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


def set_up_channel(coach: Coach, clock: ManualClock, extra: str = "") -> None:
    """An admin sets channel C1 up for 09:00 Paris time on weekdays."""
    text = f"/coach setup time=09:00 tz=Europe/Paris days=mon-fri {extra}".strip()
    coach.handle(
        Incoming(
            platform="slack",
            workspace="T1",
            channel="C1",
            user="U1",
            text=text,
            message_id=f"setup-{extra}",
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


async def test_one_cron_job_per_channel_with_a_stable_id_and_dst_correct_fires(setup) -> None:
    clock, store, coach, sender, sched = setup
    sched.rebuild()
    sched.rebuild()  # rebuilding replaces, never duplicates
    jobs = sched.scheduler.get_jobs()
    assert sorted(j.id for j in jobs) == ["checkpoint", "drill:1"]
    job = sched.scheduler.get_job("drill:1")
    assert isinstance(job.trigger, CronTrigger) and str(job.trigger.timezone) == "Europe/Paris"
    assert job.coalesce is True and job.misfire_grace_time == 600
    friday = datetime(2026, 3, 27, 9, 0, tzinfo=PARIS)
    after_friday = job.trigger.get_next_fire_time(friday, friday + timedelta(seconds=1))
    # Summer time starts on Sunday 29 March: Monday's 09:00 is 07:00 UTC, not 08:00.
    assert after_friday == datetime(2026, 3, 30, 9, 0, tzinfo=PARIS)
    assert after_friday.astimezone(UTC).hour == 7
    assert friday.astimezone(UTC).hour == 8


async def test_pausing_removes_the_job_and_resuming_brings_it_back(setup) -> None:
    clock, store, coach, sender, sched = setup
    sched.rebuild()
    admin = dict(platform="slack", workspace="T1", channel="C1", user="U1", time=clock.now())
    coach.handle(Incoming(text="/coach pause", message_id="p", is_admin=True, **admin))
    assert sched.scheduler.get_job("drill:1") is None
    coach.handle(Incoming(text="/coach resume", message_id="r", is_admin=True, **admin))
    assert sched.scheduler.get_job("drill:1") is not None


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
    reveal = sched.scheduler.get_job("reveal:1")
    assert isinstance(reveal.trigger, DateTrigger)
    # Default reveal: 30 minutes before Monday's drill, in summer time.
    assert reveal.trigger.run_date == datetime(2026, 3, 30, 8, 30, tzinfo=PARIS)


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
        assert {j.id for j in sched.scheduler.get_jobs()} == {"drill:1", "reveal:1", "checkpoint"}
        assert sched.scheduler.get_job("reveal:1").next_run_time == datetime(
            2026, 3, 28, 5, 0, tzinfo=PARIS
        )
    finally:
        sched.shutdown()
        store.close()
