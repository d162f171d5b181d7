"""Remembers recently seen ids so Slack's retried deliveries are handled once."""

from __future__ import annotations

from collections import OrderedDict


class RecentIds:
    """A bounded set of recently seen ids (oldest forgotten first)."""

    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._seen: OrderedDict[str, None] = OrderedDict()

    def __contains__(self, key: object) -> bool:
        return key in self._seen

    def first_time(self, key: str) -> bool:
        """True the first time a key is seen; False for a repeat. Empty keys always count."""
        if not key:
            return True
        if key in self._seen:
            self._seen.move_to_end(key)
            return False
        self._seen[key] = None
        if len(self._seen) > self._capacity:
            self._seen.popitem(last=False)
        return True
