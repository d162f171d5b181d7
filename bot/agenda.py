"""An agenda: keys due at instants, earliest first; plan, drop, and take what is due.

Re-planning a key replaces its instant; a dropped or replaced entry is skipped when it comes up,
so every operation stays O(log n) without searching the heap.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Hashable
from datetime import datetime
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class Agenda(Generic[K]):
    """Each key is due at most once at a time: at the instant it was last planned for."""

    def __init__(self) -> None:
        self._heap: list[tuple[datetime, int, K]] = []
        self._at: dict[K, datetime] = {}
        self._order = itertools.count()  # ties never compare keys

    def __len__(self) -> int:
        return len(self._at)

    def plan(self, key: K, at: datetime) -> None:
        self._at[key] = at
        heapq.heappush(self._heap, (at, next(self._order), key))

    def drop(self, key: K) -> None:
        self._at.pop(key, None)

    def when(self, key: K) -> datetime | None:
        return self._at.get(key)

    def take_due(self, now: datetime) -> list[tuple[K, datetime]]:
        """Remove and return every (key, instant) due at or before now, earliest first."""
        due = []
        while self._heap and self._heap[0][0] <= now:
            at, _, key = heapq.heappop(self._heap)
            if self._at.get(key) == at:
                del self._at[key]
                due.append((key, at))
        return due
