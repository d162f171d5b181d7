"""Keeps Web API calls within Slack's rate limits and honours Retry-After on a 429."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TypeVar

from slack_sdk.errors import SlackApiError

from handlers.clock import Clock

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]
WINDOW = 60.0
HEADROOM = 0.95
"""The share of the workspace cap the pacer uses."""


class Pacer:
    """Paces posts per channel (~1/s) and per workspace (an even pace under N/minute), then
    retries 429s."""

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
        # Spread evenly a little under the cap: Slack asks apps to spread their calls, and the
        # few percent left over absorb jitter on the way, so no post arrives one too many.
        self._spacing = WINDOW / (per_workspace_minute * HEADROOM)
        self._max_retries = max_retries
        self._next_free: dict[tuple[str, str], float] = {}
        self._due: dict[str, float] = {}
        self._sent: dict[str, deque[float]] = {}
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}
        self._turns: dict[str, asyncio.Lock] = {}

    async def paced(self, workspace: str, channel: str, call: Callable[[], Awaitable[T]]) -> T:
        """Wait for this channel's turn, then the workspace's, then make the call (retrying
        after 429s)."""
        # One send at a time per channel keeps its messages in order and its turns honest.
        async with self._locks.setdefault((workspace, channel), asyncio.Lock()):
            key = (workspace, channel)
            delay = self._next_free.get(key, 0.0) - self._now()
            if delay > 0:
                await self._sleep(delay)
            sent_at = await self._workspace_turn(workspace)
            self._next_free[key] = sent_at + self._interval
            return await self.retrying(call, on_limit=lambda s: self._push_back(key, s))

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

    async def _workspace_turn(self, workspace: str) -> float:
        """Wait until the workspace may post again; returns when the post goes out."""
        # Posts queue here one at a time, so each is spaced from when the previous one really
        # left: a busy event loop that wakes several late cannot let them out in a burst.
        async with self._turns.setdefault(workspace, asyncio.Lock()):
            # Let whatever became ready with us run first (a fan-out firing claims every drill
            # at once): a post timed before that work would go out only after it, bunched with
            # the posts timed after it.
            await asyncio.sleep(0)
            delay = self._workspace_delay(workspace, self._now())
            if delay > 0:
                await self._sleep(delay)
            now = self._now()
            self._due[workspace] = max(self._due.get(workspace, now), now) + self._spacing
            self._sent.setdefault(workspace, deque()).append(now)
            return now

    def _workspace_delay(self, workspace: str, now: float) -> float:
        """Seconds until the next post: one spacing after the last (one post of slack after a
        quiet spell, so a lone post never waits), and never more than the cap in a minute."""
        sent = self._sent.setdefault(workspace, deque())
        while sent and sent[0] <= now - WINDOW:
            sent.popleft()
        at = self._due.get(workspace, now) - self._spacing
        if len(sent) >= self._cap:
            at = max(at, sent[-self._cap] + WINDOW)
        return at - now

    def _push_back(self, key: tuple[str, str], seconds: float) -> None:
        """After a 429, later posts to this channel wait out the same Retry-After."""
        later = self._now() + seconds + self._interval
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
