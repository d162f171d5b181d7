"""Verdict reactions, delivered best-effort from one bounded queue at the pace a platform allows.

A crowd can reply faster than a platform takes reactions (Discord: about 50 requests/s for the
whole bot and roughly 4 reactions/s per channel; Slack: reactions.add is Tier 3, about 50 a
minute per workspace). Awaiting each reaction in the reply's own task kept that task and its
message alive for as long as the backlog lasted: thousands of them at 500 replies/s, waking
together after every Retry-After, and on Slack a reaction that finally failed took the private
verdict after it down with it. Here a reaction is a small entry in one queue of at most
`capacity`, drained by at most `senders` tasks, one reaction in flight per channel, so a busy
thread cannot hold up the others. When the queue is full the oldest reaction is dropped and
counted: the answer itself was recorded before, and each platform shows its verdict elsewhere.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Hashable

log = logging.getLogger(__name__)

Send = Callable[[], Awaitable[object]]
"""Adds one reaction (retrying as its platform allows); harmless to repeat."""
LOG_EVERY = 60.0
"""Seconds between two log lines about dropped reactions (a drop per reply would flood it)."""


class ReactionQueue:
    """Reactions waiting to be added, oldest first; one per message (the latest verdict)."""

    def __init__(
        self,
        capacity: int,
        senders: int,
        failures: tuple[type[BaseException], ...],
        fallback: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`failures`: the platform's errors a send may end with (logged, the rest go on);
        `fallback`: where people still see a dropped reaction's verdict, for the log line."""
        self._capacity = capacity
        self._senders = senders
        self._failures = failures
        self._fallback = fallback
        self._clock = clock
        # dict keeps insertion order: a message's newer verdict keeps its place in the queue.
        self._waiting: dict[tuple[Hashable, Hashable], Send] = {}
        self._busy: set[Hashable] = set()
        """Channels with a reaction in flight (one at a time keeps a busy thread in its lane)."""
        self._tasks: set[asyncio.Task[None]] = set()
        self._draining = 0
        """Senders at work: counted in the coroutine itself, since a finished task leaves
        `_tasks` only at a later turn of the loop."""
        self.dropped = 0
        self.most_waiting = 0
        """The longest the queue has been (never more than its capacity)."""
        self._logged_at: float | None = None

    def __len__(self) -> int:
        return len(self._waiting)

    @property
    def capacity(self) -> int:
        return self._capacity

    def add(self, channel: Hashable, message: Hashable, send: Send) -> None:
        """Queue a reaction and return at once; the oldest waiting one goes when full."""
        key = (channel, message)
        if key not in self._waiting and len(self._waiting) >= self._capacity:
            del self._waiting[next(iter(self._waiting))]
            self._drop()
        self._waiting[key] = send
        self.most_waiting = max(self.most_waiting, len(self._waiting))
        if self._draining < self._senders:
            self._draining += 1
            task = asyncio.get_running_loop().create_task(self._drain())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def drained(self) -> None:
        """Until every sender has finished (nothing waits, or what waits could not be sent)."""
        while self._tasks:
            await asyncio.gather(*self._tasks)

    def _drop(self) -> None:
        self.dropped += 1
        now = self._clock()
        if self._logged_at is None or now - self._logged_at >= LOG_EVERY:
            self._logged_at = now
            log.warning(
                "verdict reactions: %d dropped so far (more than %d waiting for the platform's "
                "rate limits); every answer is recorded and %s",
                self.dropped,
                self._capacity,
                self._fallback,
            )

    def _next(self) -> tuple[Hashable, Hashable, Send] | None:
        """The oldest reaction in a channel with nothing in flight (None: nothing to start)."""
        for (channel, message), send in self._waiting.items():
            if channel not in self._busy:
                del self._waiting[channel, message]
                return channel, message, send
        return None

    async def _drain(self) -> None:
        """Send reactions until none can start; a channel in flight is finished by its sender."""
        try:
            while (item := self._next()) is not None:
                await self._send(*item)
        finally:
            self._draining -= 1

    async def _send(self, channel: Hashable, message: Hashable, send: Send) -> None:
        self._busy.add(channel)
        try:
            await send()
        except self._failures as error:
            log.warning("reaction on message %s in %s failed: %s", message, channel, error)
        finally:
            self._busy.discard(channel)
