"""The two ways to reach Slack: Socket Mode (a websocket out) and HTTP mode (signed requests in)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.serving import serving

from .app import SlackBot

EVENTS_PATH = "/slack/events"


@asynccontextmanager
async def socket_mode(bot: SlackBot, app_token: str) -> AsyncIterator[AsyncSocketModeHandler]:
    """Connected to Slack through apps.connections.open (under SLACK_API_URL) until exit."""
    handler = AsyncSocketModeHandler(bot.app, app_token, web_client=bot.client)
    await handler.connect_async()
    try:
        yield handler
    finally:
        await handler.close_async()


@asynccontextmanager
async def http_mode(bot: SlackBot, host: str, port: int) -> AsyncIterator[int]:
    """Serving signed Slack requests at EVENTS_PATH until exit; yields the bound port."""
    async with serving(bot.app.web_app(path=EVENTS_PATH, port=port), host, port) as bound:
        yield bound


@asynccontextmanager
async def drilling(bot: SlackBot) -> AsyncIterator[None]:
    """Catch up on missed replies and drills, then keep the schedule running until exit."""
    scheduler = bot.runtime.scheduler(bot.sender, "slack")
    await bot.catch_up()
    await scheduler.start()
    try:
        yield
    finally:
        scheduler.shutdown()


async def run(bot: SlackBot, app_token: str | None, host: str, port: int) -> None:
    """Run in Socket Mode when an app token is given, else in HTTP mode, until SIGTERM."""
    stopped = asyncio.Event()

    async def stop() -> None:
        stopped.set()

    serving = bot.runtime.serving(stop)
    if app_token:
        async with socket_mode(bot, app_token) as handler, drilling(bot), serving:
            bot.runtime.health.platform = lambda: not handler.client.closed
            await stopped.wait()
    else:
        async with http_mode(bot, host, port), drilling(bot), serving:
            await stopped.wait()
