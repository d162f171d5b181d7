"""The running bot during a database outage: the settings, /healthz, and the flush job."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.events import EVENT_JOB_EXECUTED, JobExecutionEvent

from bot.runtime import FLUSH_JOB, build_runtime
from bot.scheduler import Sent
from bot.settings import load_settings
from handlers.clock import ManualClock
from handlers.pending import KEPT_ANSWER
from handlers.types import Post
from storage.sqlite import SqliteStore
from tests.handlers.conftest import Say, small_bank
from tests.handlers.test_coach import open_drill
from tests.handlers.test_store_outage import LONG, fill_disk, free_disk


class NoSender:
    async def send_post(self, post: Post) -> Sent:
        raise AssertionError("nothing is posted in this test")


async def test_the_bot_reports_the_outage_and_its_timer_writes_the_kept_answers(
    tmp_path: Path,
) -> None:
    settings = load_settings(
        {
            "DATABASE": str(tmp_path / "coach.db"),
            "DATABASE_LOCK_TIMEOUT_SECONDS": "0.25",
            "PENDING_MAX_EVENTS": "7",
            "PENDING_MAX_MINUTES": "5",
            "PENDING_RETRY_SECONDS": "3",
            "MAX_ANSWER_CHARS": "20000",
        }
    )
    clock = ManualClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    runtime = build_runtime(settings, clock=clock, bank=small_bank())
    store = runtime.store
    assert isinstance(store, SqliteStore)
    assert store.execute("PRAGMA busy_timeout") == [(250,)]
    pending = runtime.coach.pending
    assert (pending.max_events, pending.max_age) == (7, timedelta(minutes=5))
    drills = runtime.scheduler(NoSender(), "discord")
    job = drills.scheduler.get_job(FLUSH_JOB)
    assert job is not None and job.trigger.interval == timedelta(seconds=3)
    flushed = asyncio.Event()

    def on_job(event: JobExecutionEvent) -> None:
        if event.job_id == FLUSH_JOB and event.retval:
            flushed.set()

    drills.scheduler.add_listener(on_job, EVENT_JOB_EXECUTED)
    await drills.start()
    try:
        say = Say(clock)
        drill = open_drill(runtime.coach, say, clock)
        runtime.health.last_tick = clock.now()  # the manual clock moved; the scheduler ticks
        fill_disk(store)
        assert runtime.coach.handle(say(LONG, thread=f"th-{drill}"))[0].text == KEPT_ANSWER
        healthy, report = runtime.health.report()
        assert healthy and report["status"] == "degraded"
        assert report["store"] == {
            "available": False,
            "unavailable_since": clock.now().isoformat(),
            "kept": 1,
            "dropped": 0,
        }
        free_disk(store)
        drills.scheduler.modify_job(FLUSH_JOB, next_run_time=datetime.now(UTC))
        await asyncio.wait_for(flushed.wait(), 5)
        assert store.figures(drill).answered == 1
        _, report = runtime.health.report()
        assert report["status"] == "ok" and report["store"]["kept"] == 0  # type: ignore[index]
    finally:
        drills.shutdown()
        runtime.close()
