"""Keeps Web API calls within Slack's rate limits and honours Retry-After on a 429."""

from __future__ import annotations

import asyncio
import bisect
from collections.abc import Awaitable, Callable
from typing import TypeVar

from slack_sdk.errors import SlackApiError

from handlers.clock import Clock

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]
WINDOW = 60.0


class Pacer:
    """Reserves a send slot per channel (~1/s) and per workspace (N/minute), then retries 429s."""

    def __init__(
        self,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        per_channel_interval: float = 1.0,
        per_workspace_minute: int = 300,
        max_retries: int = 5,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._interval = per_channel_interval
        self._cap = per_workspace_minute
        self._max_retries = max_retries
        self._next_free: dict[tuple[str, str], float] = {}
        self._slots: dict[str, list[float]] = {}
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}

    async def paced(self, workspace: str, channel: str, call: Callable[[], Awaitable[T]]) -> T:
        """Wait for this channel's turn, then make the call (retrying after 429s)."""
        # One send at a time per channel keeps its messages in order and its slots honest.
        async with self._locks.setdefault((workspace, channel), asyncio.Lock()):
            delay = self._reserve(workspace, channel)
            if delay > 0:
                await self._sleep(delay)
            return await self.retrying(
                call, on_limit=lambda s: self._push_back(workspace, channel, s)
            )

    async def retrying(
        self, call: Callable[[], Awaitable[T]], on_limit: Callable[[float], None] = lambda s: None
    ) -> T:
        """Make the call; on a 429 sleep for its Retry-After and try again (a few times)."""
        for attempt in range(self._max_retries + 1):
            try:
                return await call()
            except SlackApiError as error:
                wait = retry_after(error)
                if wait is None or attempt == self._max_retries:
                    raise
                on_limit(wait)
                await self._sleep(wait)
        raise AssertionError("unreachable: the loop returns or raises")

    def _now(self) -> float:
        return self._clock.now().timestamp()

    def _reserve(self, workspace: str, channel: str) -> float:
        """Book the earliest slot allowed by both limits; returns the seconds until it."""
        now = self._now()
        slot = max(now, self._next_free.get((workspace, channel), now))
        slots = self._slots.setdefault(workspace, [])
        del slots[: bisect.bisect_left(slots, now - WINDOW)]
        while True:
            in_window = slots[
                bisect.bisect_right(slots, slot - WINDOW) : bisect.bisect_right(slots, slot)
            ]
            if len(in_window) < self._cap:
                break
            slot = in_window[0] + WINDOW
        bisect.insort(slots, slot)
        self._next_free[(workspace, channel)] = slot + self._interval
        return slot - now

    def _push_back(self, workspace: str, channel: str, seconds: float) -> None:
        """After a 429, later posts to this channel wait out the same Retry-After."""
        later = self._now() + seconds + self._interval
        key = (workspace, channel)
        self._next_free[key] = max(self._next_free.get(key, later), later)


def retry_after(error: SlackApiError) -> float | None:
    """Seconds Slack asked us to wait, or None when the error is not a rate limit."""
    response = error.response
    if response is None or response.status_code != 429:
        return None
    headers = {str(k).lower(): v for k, v in (response.headers or {}).items()}
    try:
        return max(0.0, float(headers.get("retry-after", 1)))
    except (TypeError, ValueError):
        return 1.0
