"""Wiring: settings in; store, bank, clock, coach and scheduler out. Adapters add a Sender.

runtime = build_runtime(load_settings())          # or build_runtime(settings, clock=...)
scheduler = runtime.scheduler(sender, "discord")  # DrillScheduler bound to the coach
await scheduler.start()                           # catch-up, jobs from the database
                                                  # (and the flush of kept events, below)
replies = runtime.coach.handle(incoming)
async with runtime.serving(disconnect):           # SIGTERM: finish posts, then disconnect
    ...                                           # the adapter runs until disconnected
runtime.close()                                   # the database, last
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Protocol, runtime_checkable

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.catch_ups import CatchUps
from bot.code_runs import runner_for_this_host
from bot.health import Health
from bot.lifecycle import Lifecycle
from bot.logs import configure_logging
from bot.scheduler import DrillScheduler, Sender
from bot.settings import Settings, SettingsError
from bot.worker_lock import SecondWorker, WorkerLock, claim_spool, claim_sqlite_worker
from content.bank import Bank, load_bank
from content.catalog import Catalog
from content.grading import shipped_grader
from content.grading.llm import LlmGrader
from content.packs import Pack, PackError, load_packs
from handlers.clock import Clock, SystemClock
from handlers.coach import Coach
from handlers.pending import Pending
from handlers.spool import Spool
from storage.migrations import SchemaTooNew
from storage.store import Store
from storage.urls import DatabaseUnavailable, open_store

__all__ = ["Runtime", "build_runtime", "configure_logging", "open_database"]
log = logging.getLogger(__name__)
FLUSH_JOB = "flush-kept-events"


@runtime_checkable
class _BoundedWaits(Protocol):
    """A store that can be told how long to wait for a lock (both dialects can)."""

    def set_lock_timeout(self, seconds: float) -> None: ...


@runtime_checkable
class _BoundedStatements(Protocol):
    """A store that can bound each statement (PostgreSQL: a server may stop answering)."""

    def set_statement_timeout(self, seconds: float) -> None: ...


@dataclass
class Runtime:
    """Everything a platform adapter needs, built once per process."""

    settings: Settings
    store: Store
    bank: Bank
    clock: Clock
    coach: Coach
    llm: LlmGrader | None = None
    """The optional LLM grader (GRADER_URL), asked at each reveal; None: offline only."""
    lifecycle: Lifecycle = field(init=False)
    health: Health = field(init=False)
    catch_ups: list[CatchUps] = field(init=False, default_factory=list)
    """The adapters' catch-up runners: one that failed is run again with each flush."""
    worker_lock: WorkerLock | None = None
    """This process's claim on a SQLite database (none on PostgreSQL)."""
    spool_lock: WorkerLock | None = None
    """This process's claim on its spool file (bot/worker_lock.py, claim_spool)."""

    def __post_init__(self) -> None:
        self.lifecycle = Lifecycle(self.settings.SHUTDOWN_GRACE_SECONDS)
        self.health = Health(self.store, self.clock, self.coach.pending)

    def scheduler(
        self, sender: Sender, platform: str, scheduler: AsyncIOScheduler | None = None
    ) -> DrillScheduler:
        """The drill scheduler of one platform, sending through its adapter until stopping."""
        drills = DrillScheduler(
            self.coach,
            self.lifecycle.guard(sender),
            platform,
            self.clock,
            misfire_grace_seconds=self.settings.MISFIRE_GRACE_SECONDS,
            scheduler=scheduler,
            llm=self.llm,
        )
        self.health.watch(drills.scheduler)
        # Answers kept while the database could not write are written as soon as it can; an
        # async job, so it runs on the loop with the core (APScheduler runs plain functions in
        # threads, and the core is not thread-safe).
        drills.scheduler.add_job(
            self.flush,
            IntervalTrigger(seconds=self.settings.PENDING_RETRY_SECONDS),
            id=FLUSH_JOB,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
        )
        return drills

    def retry_catch_ups(self, catch_ups: CatchUps) -> None:
        """Run a failed catch-up pass again on the flush timer, until one succeeds."""
        self.catch_ups.append(catch_ups)

    async def flush(self) -> int:
        """Write what the coach kept while the database could not, and retry a failed catch-up
        (after the kept events: they are older); how many kept events were written."""
        written = self.coach.flush() if self.coach.waiting() else 0
        for catch_ups in self.catch_ups:
            catch_ups.retry()
        return written

    @asynccontextmanager
    async def serving(self, disconnect: Callable[[], Awaitable[object]]) -> AsyncIterator[None]:
        """Signals stop the bot gracefully and /healthz is served while the adapter runs."""
        self.lifecycle.install_signals()
        watcher = asyncio.create_task(self.lifecycle.stop_then(disconnect))
        try:
            async with self.health.serving(self.settings.HEALTH_HOST, self.settings.HEALTH_PORT):
                yield
        finally:
            if self.lifecycle.stopping.is_set():
                await watcher  # it is disconnecting: cancelling it would cut the disconnect
            else:
                watcher.cancel()
            self.lifecycle.remove_signals()

    def replay_spool(self) -> int:
        """Write the events an earlier run kept on disk during an outage; how many were written."""
        pending = self.coach.pending
        found = pending.restore()
        if not found:
            return 0
        written = self.coach.flush()
        log.warning(
            "replayed %d of %d kept event(s) from the spool %s (%d still wait for the database)",
            written,
            found,
            pending.spool.path if pending.spool else "",
            len(pending),
        )
        return written

    def close(self) -> None:
        """A last flush of kept events, then the database; what is left stays in the spool."""
        pending = self.coach.pending
        if len(pending):
            self.coach.flush()
        if len(pending):
            where = f"in the spool {pending.spool.path}" if pending.spool else "in memory only"
            log.error(
                "stopping with %d kept event(s) the database could not take: %s, %s",
                len(pending),
                where,
                "written at the next start" if pending.spool else "lost",
            )
        self.store.close()
        for lock in (self.worker_lock, self.spool_lock):
            if lock is not None:
                lock.release()
        log.info("database closed")


def open_database(settings: Settings) -> Store:
    """Open and migrate the configured database; a failure to reach it is a settings error."""
    try:
        store = open_store(settings.database)
    except DatabaseUnavailable as err:
        raise SettingsError(f"DATABASE_URL: cannot open the database: {err}") from None
    except SchemaTooNew as err:
        raise SettingsError(f"DATABASE_URL: {err}") from None
    if isinstance(store, _BoundedWaits):
        store.set_lock_timeout(settings.DATABASE_LOCK_TIMEOUT_SECONDS)
    if isinstance(store, _BoundedStatements):
        store.set_statement_timeout(settings.DATABASE_STATEMENT_TIMEOUT_SECONDS)
    return store


def _packs(settings: Settings) -> dict[str, Pack]:
    """The COACH_PACKS packs; a pack with a problem stops the start with its line numbers."""
    if settings.COACH_PACKS is None:
        return {}
    try:
        packs = load_packs(settings.COACH_PACKS)
    except PackError as err:
        shown = "; ".join(err.problems[:5])
        more = f" (and {len(err.problems) - 5} more)" if len(err.problems) > 5 else ""
        raise SettingsError(f"COACH_PACKS: {shown}{more}") from None
    log.info("question packs from %s: %s", settings.COACH_PACKS, ", ".join(packs) or "none")
    return packs


def build_runtime(
    settings: Settings, clock: Clock | None = None, bank: Bank | None = None
) -> Runtime:
    """Open the database (migrating it), load the bank, and build the coach."""
    bank = bank if bank is not None else load_bank(settings.BANK_DIR)
    if len(bank) == 0:
        raise SettingsError(f"BANK_DIR: no questions found in {settings.BANK_DIR}")
    bank = Catalog(bank, _packs(settings))
    settings.llm_grader()  # a malformed GRADER_* setting fails before anything opens
    clock = clock or SystemClock()
    try:
        worker_lock = claim_sqlite_worker(settings.database)
    except SecondWorker as err:
        raise SettingsError(f"DATABASE_URL: {err}") from None
    try:
        store = open_database(settings)
    except SettingsError:
        if worker_lock is not None:
            worker_lock.release()
        raise
    spool_file, spool_lock = None, None
    if settings.spool_file is not None:
        try:
            spool_file, spool_lock = claim_spool(settings.spool_file)
        except SecondWorker as err:
            raise SettingsError(f"SPOOL_FILE: {err}") from None
    pending = Pending(
        clock,
        max_events=settings.PENDING_MAX_EVENTS,
        max_age=timedelta(minutes=settings.PENDING_MAX_MINUTES),
        retry_every=timedelta(seconds=settings.PENDING_RETRY_SECONDS),
        spool=Spool(spool_file) if spool_file else None,
    )
    runner, sandbox = runner_for_this_host()
    coach = Coach(store, bank, clock, settings.coach(), pending, code_runner=runner)
    llm_settings = settings.llm_grader()
    llm = LlmGrader(llm_settings, shipped_grader(bank)) if llm_settings else None
    runtime = Runtime(
        settings, store, bank, clock, coach, llm, worker_lock=worker_lock, spool_lock=spool_lock
    )
    runtime.health.sandbox = sandbox
    runtime.replay_spool()
    return runtime
