"""A global pace for the bot's REST calls, so a fan-out never meets Discord's global limit."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import aiohttp
import discord

# Interaction responses and webhooks are outside Discord's global limit; pacing them would
# only push a user's 3-second deadline behind a queue of daily posts.
_EXEMPT = ("/interactions/", "/webhooks/")


class RequestPacer:
    """Spaces requests at least 1/rate seconds apart (discord.py only learns the global limit
    from a 429; per-route buckets it already honours from the response headers)."""

    def __init__(self, requests_per_second: float) -> None:
        self._interval = 1.0 / requests_per_second
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        """Return when the next request may go out (waiters leave one at a time, in order)."""
        async with self._lock:
            # Let whatever became ready with us run first (a fan-out firing claims every drill
            # at once): a request timed before that work would leave only after it, bunched
            # with the requests timed after it.
            await asyncio.sleep(0)
            loop = asyncio.get_running_loop()
            delay = self._next - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            # The next turn follows this one's, so timers firing a millisecond late do not slow
            # the pace; but a request woken late by a busy loop (a fan-out firing, a garbage
            # collection) moves the turns on, so the ones due meanwhile do not leave back to
            # back and overrun Discord's window.
            self._next = max(self._next, loop.time() - self._interval / 2) + self._interval

    def trace_config(self) -> aiohttp.TraceConfig:
        """An aiohttp hook that holds each REST request to the Discord API until its turn."""
        config = aiohttp.TraceConfig()
        config.on_request_start.append(self._on_request_start)
        return config

    async def _on_request_start(
        self, session: aiohttp.ClientSession, context: SimpleNamespace, params: object
    ) -> None:
        url = str(getattr(params, "url", ""))
        if url.startswith(discord.http.Route.BASE) and not any(p in url for p in _EXEMPT):
            await self.wait()
