"""Catching up on thread replies in the background, one pass at a time, retried until one works.

Both adapters read their open drill threads back after a start or a reconnection. A pass may
fail part-way: the database unavailable at reconnect (its open threads cannot be listed), a
thread that cannot be read. Such a pass is remembered as failed, and `retry()` (the runtime's
retry timer calls it, with the flush of kept answers) runs it again until one succeeds, so what
was posted while the bot was away is never left unread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class CatchUpIncomplete(RuntimeError):
    """A pass read some threads but not all: the pass is retried later."""


class CatchUps:
    """Passes in the background, one at a time: reading every open thread takes minutes at the
    platforms' read limits with thousands of channels, and neither readiness nor drills may
    wait for it. A request during a pass runs one more pass after it, so nothing posted
    meanwhile is missed."""

    def __init__(self, catch_up: Callable[[], Awaitable[int]]) -> None:
        self._catch_up = catch_up
        self._task: asyncio.Task[None] | None = None
        self._again = False
        self.failed = False
        """The last pass did not read everything: `retry()` runs another."""

    def request(self) -> None:
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.create_task(self._passes())

    def retry(self) -> bool:
        """Run another pass if the last one failed and none is running; whether one started."""
        if not self.failed or (self._task is not None and not self._task.done()):
            return False
        log.info("retrying the catch-up on thread replies that failed")
        self.request()
        return True

    async def idle(self) -> None:
        """Wait for the running pass, if any (and the one requested during it)."""
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)

    async def _passes(self) -> None:
        while True:
            self._again = False
            try:
                recorded = await self._catch_up()
            except Exception as error:
                self.failed = True
                log.warning(
                    "catching up on thread replies failed (%s: %s): it is retried shortly",
                    type(error).__name__,
                    error,
                )
            else:
                self.failed = False
                log.info("caught up on thread replies: %d missed replies recorded", recorded)
            if not self._again:
                return

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
