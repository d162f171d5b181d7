"""The two ways to reach Slack: Socket Mode (a websocket out) and HTTP mode (signed requests in)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.heap import freeze_survivors
from bot.retry import send_policy
from bot.serving import serving

from .app import SlackBot
from .credentials import check_tokens

EVENTS_PATH = "/slack/events"
log = logging.getLogger(__name__)

MessageListener = Callable[[Any, dict, str | None], Awaitable[None]]


def catch_up_on_reconnect(bot: SlackBot) -> MessageListener:
    """A Socket Mode listener that catches up on thread replies after every reconnection.

    Slack says "hello" on each new connection: the first is the start, whose catch-up
    `drilling` asks for; a later one follows a dropped or refreshed link, and replies posted in
    the gap reached no listener, so they are read back from the threads.
    """
    hellos = 0

    async def on_message(_client: Any, message: dict, _raw: str | None) -> None:
        nonlocal hellos
        if message.get("type") != "hello":
            return
        hellos += 1
        if hellos > 1:
            log.info("reconnected to Slack: catching up on thread replies")
            bot.catch_ups.request()

    return on_message


def socket_open(handler: AsyncSocketModeHandler) -> bool:
    """Whether the Socket Mode websocket is up now (`closed` is set only by a deliberate close,
    never while the client reconnects)."""
    client = handler.client
    session = getattr(client, "current_session", None)
    return not client.closed and session is not None and not session.closed


@asynccontextmanager
async def socket_mode(bot: SlackBot, app_token: str) -> AsyncIterator[AsyncSocketModeHandler]:
    """Connected to Slack through apps.connections.open (under SLACK_API_URL) until exit."""
    handler = AsyncSocketModeHandler(bot.app, app_token, web_client=bot.client)
    handler.client.message_listeners.append(catch_up_on_reconnect(bot))
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
    """Start the schedule (catching up on missed drills), catch up on missed replies in the
    background, and keep both running until exit."""
    scheduler = bot.runtime.scheduler(bot.sender, "slack")
    scheduler.prepare()
    # The bank, the timetable and the bolt app are loaded by now and stay for the process's
    # life: out of the collector's way for good (bot/heap.py), as Discord does at READY.
    freeze_survivors()
    bot.catch_ups.request()
    await scheduler.start()
    try:
        yield
    finally:
        scheduler.shutdown()
        await bot.catch_ups.close()


async def run(bot: SlackBot, app_token: str | None, host: str, port: int) -> None:
    """Run in Socket Mode when an app token is given, else in HTTP mode, until SIGTERM.
    Raises SettingsError, before connecting, when Slack refuses a token."""
    await check_tokens(bot.client, app_token, send_policy(bot.runtime.settings))
    stopped = asyncio.Event()

    async def stop() -> None:
        stopped.set()

    serving = bot.runtime.serving(stop)
    if app_token:
        async with (
            bot.http_session(),
            socket_mode(bot, app_token) as handler,
            drilling(bot),
            serving,
        ):
            bot.runtime.health.platform = lambda: socket_open(handler)
            await stopped.wait()
    else:
        async with bot.http_session(), http_mode(bot, host, port), drilling(bot), serving:
            await stopped.wait()
