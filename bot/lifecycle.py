"""Stopping cleanly on SIGTERM (Heroku, Docker) or Ctrl-C, within Heroku's 30 seconds.

On the signal the bot stops taking work: the scheduler's sender refuses new posts (a drill
claimed but refused stays unposted in the database, and the next start posts it), posts already
on their way are finished and recorded, then the adapter disconnects and the database closes.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable

from bot.scheduler import Deferred, Sender, Sent
from handlers.types import Post

log = logging.getLogger(__name__)
SIGNALS = (signal.SIGTERM, signal.SIGINT)
AFTER_DISCONNECT = 1.0
"""Seconds a disconnected platform client may take to end by itself before it is cancelled."""


class ShuttingDown(Deferred):
    """A post refused because the bot is stopping; it is sent after the restart."""


class Lifecycle:
    """The stop request, and the posts in flight that must finish before the bot exits."""

    def __init__(self, grace_seconds: float) -> None:
        self.grace_seconds = grace_seconds
        self.stopping = asyncio.Event()
        self.disconnected = asyncio.Event()
        """Set once the stop has disconnected the adapter from its platform."""
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def install_signals(self) -> None:
        """Turn SIGTERM and SIGINT into a graceful stop of the running loop."""
        loop = asyncio.get_running_loop()
        for sig in SIGNALS:
            loop.add_signal_handler(sig, self.stop, sig.name)

    def remove_signals(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in SIGNALS:
            loop.remove_signal_handler(sig)

    def stop(self, reason: str = "asked") -> None:
        if not self.stopping.is_set():
            log.info("stopping (%s): no new posts, finishing %d in flight", reason, self._in_flight)
            self.stopping.set()

    def guard(self, sender: Sender) -> Sender:
        """The sender, refusing new posts once stopping and counting those in flight."""
        return _GuardedSender(sender, self)

    async def drained(self) -> bool:
        """Wait for the posts in flight, at most the grace period; False if some were cut."""
        try:
            await asyncio.wait_for(self._idle.wait(), self.grace_seconds)
            return True
        except TimeoutError:
            log.warning(
                "stopping: %d post(s) still in flight after %ss",
                self._in_flight,
                self.grace_seconds,
            )
            return False

    async def stop_then(self, disconnect: Callable[[], Awaitable[object]]) -> None:
        """When stopping: let posts in flight finish, then disconnect from the platform."""
        await self.stopping.wait()
        await self.drained()
        try:
            await disconnect()
        finally:
            self.disconnected.set()

    async def until_stopped(self, connection: Awaitable[object]) -> None:
        """Run the adapter's connection until it ends, or until the stop has disconnected it.

        A platform that is down keeps its client reconnecting (discord.py backs off for minutes,
        or waits a minute for a gateway's HELLO) where a disconnect does not reach it: once
        disconnected, the connection gets AFTER_DISCONNECT to end by itself, then is cancelled,
        so the stop ends within the grace period whatever the platform is doing."""
        running = asyncio.ensure_future(connection)
        disconnected = asyncio.ensure_future(self.disconnected.wait())
        try:
            await asyncio.wait({running, disconnected}, return_when=asyncio.FIRST_COMPLETED)
            if not running.done():
                await asyncio.wait({running}, timeout=AFTER_DISCONNECT)
            if not running.done():
                log.info("stopping: the platform connection was still reconnecting; cancelled")
                running.cancel()
                await asyncio.gather(running, return_exceptions=True)
                return
            await running  # its end, or its error
        finally:
            disconnected.cancel()

    def _enter(self) -> None:
        if self.stopping.is_set():
            raise ShuttingDown("the bot is stopping; this post is sent after the restart")
        self._in_flight += 1
        self._idle.clear()

    def _leave(self) -> None:
        self._in_flight -= 1
        if self._in_flight == 0:
            self._idle.set()


class _GuardedSender:
    def __init__(self, inner: Sender, lifecycle: Lifecycle) -> None:
        self.inner = inner
        self.lifecycle = lifecycle

    async def send_post(self, post: Post) -> Sent:
        self.lifecycle._enter()
        try:
            return await self.inner.send_post(post)
        finally:
            self.lifecycle._leave()

    async def find_post(self, post: Post) -> Sent | None:
        self.lifecycle._enter()
        try:
            return await self.inner.find_post(post)
        finally:
            self.lifecycle._leave()
