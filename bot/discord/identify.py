"""IDENTIFY pacing of a sharded bot, as Discord's `max_concurrency` allows.

Discord lets a bot start `max_concurrency` sessions per 5 seconds, in buckets
`shard_id % max_concurrency` (its /gateway/bot says how many; 1 for most bots, 16 or more for
large ones). discord.py waits 5 seconds before every IDENTIFY but a process's first, which is
right for a concurrency of 1 and needlessly slow above it: 16 shards of one process would take
80 seconds to come up instead of 5. Each process paces its own shards; processes started at the
same moment whose shards share a bucket are held back by Discord (discord.py then retries).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

IDENTIFY_INTERVAL = 5.0


class IdentifyBuckets:
    """When each of a process's shards may IDENTIFY."""

    def __init__(
        self,
        max_concurrency: int,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.max_concurrency = max(1, max_concurrency)
        self._clock = clock
        self._sleep = sleep
        self._last: dict[int, float] = {}

    async def wait_turn(self, shard_id: int) -> None:
        """Return once the shard's bucket has not started a session for IDENTIFY_INTERVAL."""
        bucket = shard_id % self.max_concurrency
        last = self._last.get(bucket)
        if last is not None:
            delay = last + IDENTIFY_INTERVAL - self._clock()
            if delay > 0:
                await self._sleep(delay)
        self._last[bucket] = self._clock()
