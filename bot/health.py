"""`GET /healthz` on HEALTH_PORT: is the platform connected, does the database answer, is the
scheduler ticking. 200 with a JSON report while the platform is connected and the scheduler
ticks, 503 with the same report if not (the gateway or socket down right now counts).

`store` tells whether the database answers and how many answers wait for it (handlers/pending.py).
While it does not, the status is "degraded" but the answer stays 200: an orchestrator that
restarted an "unhealthy" bot would only interrupt what it keeps. Once the database answers and
nothing waits, the status is "ok" again, without waiting for the next write.

The scheduler's tick is any job it ran (the WAL checkpoint runs every minute), so a scheduler
silent for STALE_AFTER is reported as stuck.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any, Protocol

from aiohttp import web
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED
from apscheduler.schedulers.base import BaseScheduler

from bot.sandbox import Found
from bot.serving import serving
from handlers.clock import Clock
from handlers.pending import Pending

STALE_AFTER = timedelta(minutes=5)
PATH = "/healthz"


class Database(Protocol):
    def ping(self) -> bool:
        """True when the database answers a trivial query."""
        ...


class Health:
    """What /healthz reports; the adapter tells it how to see its platform connection."""

    def __init__(self, store: Database, clock: Clock, pending: Pending | None = None) -> None:
        self.database = store
        self.clock = clock
        self.kept = pending
        """The events kept during a store outage (None: the health of a bare store)."""
        self.platform: Callable[[], bool] = lambda: True
        """The adapter's check of its connection (the terminal is always connected)."""
        self.scheduler: BaseScheduler | None = None
        self.started = clock.now()
        self.last_tick: datetime | None = None
        self.sandbox: Found | None = None
        """Whether code answers run here (found at start); reported, never a failing check."""

    def watch(self, scheduler: BaseScheduler) -> None:
        """Count every job the scheduler runs (or misses) as a tick."""
        self.scheduler = scheduler
        scheduler.add_listener(self._tick, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)

    def _tick(self, _event: Any) -> None:
        self.last_tick = self.clock.now()

    def _database_ok(self) -> bool:
        try:
            return self.database.ping()
        except Exception:  # any failure to answer is what this check reports
            return False

    def _scheduler_ok(self) -> bool:
        if self.scheduler is None:
            return True  # nothing scheduled in this process (a one-off command)
        since = self.last_tick or self.started
        return bool(self.scheduler.running) and self.clock.now() - since < STALE_AFTER

    def report(self) -> tuple[bool, dict[str, object]]:
        """(healthy, the JSON-ready report)."""
        checks = {
            "platform": bool(self.platform()),
            "database": self._database_ok(),
            "scheduler": self._scheduler_ok(),
        }
        tick = self.last_tick.isoformat() if self.last_tick else None
        # The database failing is degraded, not failing: the bot keeps answers for it, and an
        # orchestrator restarting an "unhealthy" bot would only interrupt that.
        healthy = checks["platform"] and checks["scheduler"]
        store: dict[str, object] = {"available": True}
        if self.kept is not None:
            store = self.kept.status()
        # The outage is over when the database answers again with nothing waiting for it, not
        # at the next write (kept events still waiting: the flush tells whether it writes).
        store["available"] = checks["database"] and bool(
            store["available"] or not store.get("kept")
        )
        degraded = not checks["database"] or bool(store.get("kept"))
        status = "failing" if not healthy else "degraded" if degraded else "ok"
        report: dict[str, object] = {"status": status, **checks, "store": store, "last_tick": tick}
        if self.sandbox is not None:
            report["code_sandbox"] = {"on": self.sandbox.on, "detail": self.sandbox.detail}
        return healthy, report

    async def _handle(self, _request: web.Request) -> web.Response:
        healthy, body = self.report()
        return web.json_response(body, status=200 if healthy else 503)

    @asynccontextmanager
    async def serving(self, host: str, port: int | None) -> AsyncIterator[int | None]:
        """Serve /healthz until exit (nothing when port is None); yields the bound port."""
        if port is None:
            yield None
            return
        app = web.Application()
        app.router.add_get(PATH, self._handle)
        async with serving(app, host, port) as bound:
            yield bound


def probe(port: int, host: str = "127.0.0.1", timeout: float = 4.0) -> int:
    """The container's HEALTHCHECK: 0 when /healthz answers 200, else 1."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://{host}:{port}{PATH}", timeout=timeout) as answer:
            return 0 if answer.status == 200 else 1
    except (OSError, urllib.error.URLError):
        return 1


if __name__ == "__main__":
    import os
    import sys

    sys.exit(probe(int(os.environ.get("HEALTH_PORT") or 8080)))
