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
        """Return when the next request may go out."""
        async with self._lock:
            loop = asyncio.get_running_loop()
            now = loop.time()
            delay = self._next - now
            self._next = max(now, self._next) + self._interval
            if delay > 0:
                await asyncio.sleep(delay)

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
