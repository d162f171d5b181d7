"""Builds the Slack side of the bot: the bolt AsyncApp, its Web API client, sender and listeners."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.catch_ups import CatchUps
from bot.retry import send_policy
from bot.runtime import Runtime
from bot.settings import Settings

from .admin import AdminCheck
from .catch_up import catch_up_threads
from .listeners import SlackListeners
from .pacing import Pacer, Sleep
from .sender import SlackSender


@dataclass
class SlackBot:
    """The bolt app wired to the core; run it with bot.slack.modes."""

    app: AsyncApp
    client: AsyncWebClient
    sender: SlackSender
    listeners: SlackListeners
    runtime: Runtime
    catch_ups: CatchUps = field(init=False)
    """Catch-up passes in the background, at start, after each reconnection, and again after
    one that failed."""

    def __post_init__(self) -> None:
        self.catch_ups = CatchUps(self.catch_up)
        self.runtime.retry_catch_ups(self.catch_ups)

    @asynccontextmanager
    async def http_session(self) -> AsyncIterator[None]:
        """One HTTP session (kept-alive connections) for every Web API call until exit: without
        it slack_sdk opens a session, and a connection, per call."""
        session = aiohttp.ClientSession()
        self.client.session = session
        try:
            yield
        finally:
            self.client.session = None
            await session.close()

    async def catch_up(self) -> int:
        """Record thread replies posted while the bot was away; returns how many were new."""
        return await catch_up_threads(self.runtime.coach, self.client, self.sender)


def web_client(settings: Settings) -> AsyncWebClient:
    """The Web API client, pointed at SLACK_API_URL when set (tests, enterprise gateways)."""
    token = settings.SLACK_BOT_TOKEN.get_secret_value() if settings.SLACK_BOT_TOKEN else None
    base_url = settings.SLACK_API_URL or AsyncWebClient.BASE_URL
    if not base_url.endswith("/"):
        base_url += "/"
    # No retry handlers: slack_sdk's default one sends a request again after a dropped
    # connection, blindly, which can post a message twice; bot.retry looks before re-posting.
    return AsyncWebClient(token=token, base_url=base_url, retry_handlers=[])


def build_bot(runtime: Runtime, http_mode: bool, sleep: Sleep = asyncio.sleep) -> SlackBot:
    """A bolt AsyncApp with the coach's listeners; HTTP mode verifies request signatures."""
    settings = runtime.settings
    client = web_client(settings)
    secret = (
        settings.SLACK_SIGNING_SECRET.get_secret_value() if settings.SLACK_SIGNING_SECRET else ""
    )
    app = AsyncApp(
        client=client,
        signing_secret=secret,
        request_verification_enabled=http_mode,
        # Slow work happens after ack(): bolt answers Slack first, then runs the listener on.
        process_before_response=False,
    )
    pacer = Pacer(runtime.clock, sleep=sleep, per_workspace_minute=settings.SLACK_POSTS_PER_MINUTE)
    retry = send_policy(settings, sleep)
    sender = SlackSender(lambda _team: client, pacer, retry, runtime.clock)
    admins = AdminCheck(runtime.clock, configured_admins(settings.SLACK_ADMINS))
    listeners = SlackListeners(runtime.coach, sender, admins, runtime.clock)
    listeners.register(app)
    return SlackBot(app, client, sender, listeners, runtime)


def configured_admins(raw: str) -> frozenset[str]:
    """SLACK_ADMINS: comma- or space-separated user ids."""
    return frozenset(part for part in raw.replace(",", " ").split() if part)
