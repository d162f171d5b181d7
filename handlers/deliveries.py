"""Handling each platform event once across processes (storage/deliveries.py)."""

from __future__ import annotations

import logging
from datetime import timedelta

from handlers.context import Deps
from storage.errors import StoreUnavailable

log = logging.getLogger(__name__)
KEEP = timedelta(days=1)
"""How long an event id is remembered: Slack gives up retrying within the hour."""
PRUNE_EVERY = 1000
"""Events between two deletions of ids older than KEEP."""


class Deliveries:
    """Which events this bot (any of its processes) has already handled."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self._since_prune = 0

    def first(self, platform: str, event_id: str) -> bool:
        """True unless a process already took this event id. With the database away it says
        True: an event handled twice is answered twice at worst (the attempt's own unique key
        still records it once), one dropped would lose an answer."""
        if not event_id:
            return True
        now = self.deps.clock.now()
        store = self.deps.store
        try:
            first = store.first_delivery(platform, event_id, now)
            self._since_prune += 1
            if self._since_prune >= PRUNE_EVERY:
                self._since_prune = 0
                store.forget_deliveries_before(now - KEEP)
        except StoreUnavailable as err:
            log.warning("event %s: cannot check it against other processes: %s", event_id, err)
            return True
        return first
