"""Operating the bot: /healthz, one-line and JSON logs without secrets, the stop guard."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.health import Health
from bot.lifecycle import Lifecycle, ShuttingDown
from bot.logs import JsonFormatter, OneLineFormatter, secrets_of
from bot.scheduler import Sent
from bot.settings import load_settings
from handlers.clock import ManualClock
from handlers.pending import Pending
from handlers.types import Post
from storage.errors import StoreUnavailable
from storage.postgres import PostgresStore
from storage.records import Attempt
from storage.sqlite import SqliteStore
from tests.fakes.own_postgres import OwnPostgres

TOKEN = "xoxb-very-secret"


async def get_health(port: int) -> tuple[int, dict]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}/healthz") as response,
    ):
        return response.status, await response.json()


async def test_healthz_reports_platform_database_and_scheduler_ticks(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "c.db")
    clock = ManualClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    health = Health(store, clock)
    scheduler = AsyncIOScheduler()
    health.watch(scheduler)
    ran = asyncio.Event()
    scheduler.add_job(ran.set, "date", run_date=datetime.now(UTC))
    scheduler.start()
    try:
        await asyncio.wait_for(ran.wait(), 5)
        await asyncio.sleep(0)  # the listener runs right after the job
        async with health.serving("127.0.0.1", 0) as port:
            assert port is not None
            status, body = await get_health(port)
            assert status == 200 and body["status"] == "ok"
            assert body["last_tick"] == clock.now().isoformat()
            clock.advance(timedelta(minutes=6))
            status, body = await get_health(port)
            assert status == 503 and body["scheduler"] is False and body["database"] is True
            health.last_tick = clock.now()
            health.platform = lambda: False
            status, body = await get_health(port)
            assert status == 503 and body["platform"] is False and body["scheduler"] is True
            health.platform = lambda: True
            store.close()
            status, body = await get_health(port)
            # Degraded, not failing: restarting the bot would not bring the database back.
            assert status == 200 and body["database"] is False and body["status"] == "degraded"
    finally:
        scheduler.shutdown(wait=False)


async def test_no_port_no_server(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "c.db")
    async with Health(store, ManualClock(datetime(2026, 3, 2, tzinfo=UTC))).serving(
        "127.0.0.1", None
    ) as port:
        assert port is None
    store.close()


def record(message: str, exc: bool = False) -> logging.LogRecord:
    info = None
    if exc:
        try:
            raise ValueError(f"bad\nthing {TOKEN}")
        except ValueError as err:
            info = (type(err), err, err.__traceback__)
    return logging.LogRecord("bot.x", logging.ERROR, __file__, 1, message, (), info)


def test_text_logs_are_one_line_per_event_and_mask_secrets() -> None:
    settings = load_settings({"SLACK_BOT_TOKEN": TOKEN, "DATABASE_URL": "postgres://u:pw12345@h/d"})
    assert set(secrets_of(settings)) == {TOKEN, "pw12345"}
    line = OneLineFormatter(secrets_of(settings)).format(record(f"token {TOKEN}\nnext", exc=True))
    assert "\n" not in line and TOKEN not in line and "ValueError" in line and "***" in line


def test_json_logs_are_one_object_per_line() -> None:
    line = JsonFormatter([TOKEN]).format(record(f"sent with {TOKEN}", exc=True))
    event = json.loads(line)
    assert "\n" not in line and TOKEN not in line
    assert event["level"] == "ERROR" and event["logger"] == "bot.x"
    assert event["message"] == "sent with ***" and "ValueError" in event["exc"]


class SlowSender:
    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.started = asyncio.Event()

    async def send_post(self, post: Post) -> Sent:
        self.started.set()
        await self.release.wait()
        return Sent("m1")


async def test_stopping_refuses_new_posts_and_waits_for_those_in_flight() -> None:
    life = Lifecycle(grace_seconds=5)
    slow = SlowSender()
    sender = life.guard(slow)
    post = Post(kind="drill", workspace="g", channel="c", text="q")
    in_flight = asyncio.create_task(sender.send_post(post))
    await slow.started.wait()
    life.stop("test")
    with pytest.raises(ShuttingDown):
        await sender.send_post(post)
    disconnected = asyncio.Event()

    async def disconnect() -> None:
        disconnected.set()

    stopper = asyncio.create_task(life.stop_then(disconnect))
    await asyncio.sleep(0)
    assert not disconnected.is_set()
    slow.release.set()
    assert (await in_flight).message_id == "m1"
    await asyncio.wait_for(stopper, 5)
    assert disconnected.is_set()


async def test_a_post_stuck_past_the_grace_does_not_hold_the_stop() -> None:
    life = Lifecycle(grace_seconds=0.05)
    slow = SlowSender()
    task = asyncio.create_task(life.guard(slow).send_post(Post("drill", "g", "c", "q")))
    await slow.started.wait()
    assert await life.drained() is False
    slow.release.set()
    await task
    assert await life.drained() is True


async def test_healthz_stays_200_through_a_postgresql_outage_and_is_ok_once_it_answers(
    own_postgres: OwnPostgres, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storage.postgres.RECONNECT_EVERY", 0.0)  # real seconds, not the clock
    store = PostgresStore(own_postgres.url, lock_timeout=1)
    clock = ManualClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    pending = Pending(clock)
    health = Health(store, clock, pending)
    try:
        async with health.serving("127.0.0.1", 0) as port:
            assert port is not None
            assert (await get_health(port))[1]["status"] == "ok"
            own_postgres.stop()
            with pytest.raises(StoreUnavailable):
                store.add_attempt(
                    Attempt("discord", "w", "m", "ann", "x", "received", 0.0, clock.now())
                )
            pending.failed(StoreUnavailable("postgresql: connection refused"))
            status, body = await get_health(port)
            assert status == 200 and body["status"] == "degraded"
            assert body["database"] is False and body["store"]["available"] is False
            own_postgres.start()
            status, body = await get_health(port)  # no write since: the database answers
            assert status == 200 and body["status"] == "ok", body
            assert body["database"] is True and body["store"]["available"] is True
    finally:
        store.close()
