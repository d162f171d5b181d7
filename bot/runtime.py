"""Wiring: settings in; store, bank, clock, coach and scheduler out. Adapters add a Sender.

runtime = build_runtime(load_settings())          # or build_runtime(settings, clock=...)
scheduler = runtime.scheduler(sender, "discord")  # DrillScheduler bound to the coach
await scheduler.start()                           # catch-up, jobs from the database
replies = runtime.coach.handle(incoming)
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.scheduler import DrillScheduler, Sender
from bot.settings import Settings, SettingsError
from content.bank import Bank, load_bank
from handlers.clock import Clock, SystemClock
from handlers.coach import Coach
from storage.sqlite import SqliteStore


@dataclass
class Runtime:
    """Everything a platform adapter needs, built once per process."""

    settings: Settings
    store: SqliteStore
    bank: Bank
    clock: Clock
    coach: Coach

    def scheduler(
        self, sender: Sender, platform: str, scheduler: AsyncIOScheduler | None = None
    ) -> DrillScheduler:
        """The drill scheduler of one platform, sending through its adapter."""
        return DrillScheduler(
            self.coach,
            sender,
            platform,
            self.clock,
            misfire_grace_seconds=self.settings.MISFIRE_GRACE_SECONDS,
            scheduler=scheduler,
        )

    def close(self) -> None:
        self.store.close()


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


def build_runtime(
    settings: Settings, clock: Clock | None = None, bank: Bank | None = None
) -> Runtime:
    """Open the database (migrating it), load the bank, and build the coach."""
    bank = bank if bank is not None else load_bank(settings.BANK_DIR)
    if len(bank) == 0:
        raise SettingsError(f"BANK_DIR: no questions found in {settings.BANK_DIR}")
    clock = clock or SystemClock()
    store = SqliteStore(settings.DATABASE)
    return Runtime(settings, store, bank, clock, Coach(store, bank, clock, settings.coach()))
