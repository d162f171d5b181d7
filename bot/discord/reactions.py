"""Verdict reactions, delivered best-effort from one bounded queue at the pace Discord allows.

A crowd can reply faster than Discord takes reactions: about 50 requests/s for the whole bot,
and roughly one reaction per channel every 0.25 s. Awaiting each reaction in the reply's own
task kept that task, a timeout task and the Message alive for as long as the backlog lasted
(thousands of them at 500 replies/s, whose garbage collection paused the bot for hundreds of
milliseconds). Here a reaction is a small entry in one queue of at most CAPACITY, drained by at
most SENDERS tasks, one request in flight per channel, so a busy thread cannot hold up the
others. When the queue is full the oldest reaction is dropped and counted: the answer itself
was recorded before, and the Answer button and `/coach` still show its verdict.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

import aiohttp
import discord

from bot.discord.sender import classify
from bot.retry import RetryPolicy

log = logging.getLogger(__name__)

CAPACITY = 100
"""Reactions held at most: about 2 s of the bot's whole request budget (48/s), and 25 s of one
channel's (4/s). A reaction later than that tells the person little that the Answer button does
not, while every one held keeps its Message alive."""
SENDERS = 4
"""Reactions in flight at most (each in its own channel): enough to keep the global pace busy
across channels at loopback-to-real round trips, few enough that posts and thread replies
waiting at the same pacer are never queued behind a crowd of reactions."""
LOG_EVERY = 60.0
"""Seconds between two log lines about dropped reactions (a drop per reply would flood it)."""
_FAILURES = (discord.DiscordException, aiohttp.ClientError, OSError, TimeoutError)


class ReactionQueue:
    """Reactions waiting to be added, oldest first; one per message (the latest verdict)."""

    def __init__(
        self,
        retry: RetryPolicy,
        capacity: int = CAPACITY,
        senders: int = SENDERS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._retry = retry
        self._capacity = capacity
        self._senders = senders
        self._clock = clock
        # dict keeps insertion order: a message's newer verdict keeps its place in the queue.
        self._waiting: dict[int, tuple[discord.Message, str]] = {}
        self._busy: set[int] = set()
        """Channels with a reaction in flight (their route allows one at a time anyway)."""
        self._tasks: set[asyncio.Task[None]] = set()
        self._draining = 0
        """Senders at work: counted in the coroutine itself, since a finished task leaves
        `_tasks` only at a later turn of the loop."""
        self.dropped = 0
        self._logged_at: float | None = None

    def __len__(self) -> int:
        return len(self._waiting)

    def add(self, message: discord.Message, emoji: str) -> None:
        """Queue a reaction and return at once; the oldest waiting one goes when full."""
        if message.id not in self._waiting and len(self._waiting) >= self._capacity:
            del self._waiting[next(iter(self._waiting))]
            self._drop()
        self._waiting[message.id] = (message, emoji)
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
                "verdict reactions: %d dropped so far (more than %d waiting for Discord's rate "
                "limits); every answer is recorded and the Answer button and /coach show it",
                self.dropped,
                self._capacity,
            )

    def _next(self) -> tuple[discord.Message, str] | None:
        """The oldest reaction in a channel with nothing in flight (None: nothing to start)."""
        for message_id, (message, emoji) in self._waiting.items():
            if message.channel.id not in self._busy:
                del self._waiting[message_id]
                return message, emoji
        return None

    async def _drain(self) -> None:
        """Send reactions until none can start; a channel in flight is finished by its sender."""
        try:
            while (item := self._next()) is not None:
                await self._send(*item)
        finally:
            self._draining -= 1

    async def _send(self, message: discord.Message, emoji: str) -> None:
        channel = message.channel.id
        self._busy.add(channel)
        try:
            # Adding a reaction twice is harmless: retry freely.
            await self._retry.run(lambda: message.add_reaction(emoji), classify, what="reaction")
        except _FAILURES as error:
            log.warning("reaction %s on message %s failed: %s", emoji, message.id, error)
        finally:
            self._busy.discard(channel)


def reactions_of(client: discord.Client) -> ReactionQueue:
    """The client's reaction queue, made at its first verdict with its sender's retry policy."""
    queue: ReactionQueue | None = getattr(client, "reactions", None)
    if queue is None:
        queue = ReactionQueue(client.sender.retry)  # type: ignore[attr-defined]
        client.reactions = queue  # type: ignore[attr-defined]
    return queue
