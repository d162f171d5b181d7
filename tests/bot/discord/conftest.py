"""The real discord.py client, the real core on a temporary database, and a fake Discord."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
import pytest
from discord.gateway import DiscordWebSocket

from bot.discord.client import CoachBot
from bot.discord.config import DiscordSettings, point_discord_at
from bot.scheduler import DrillScheduler
from content.bank import Bank
from content.checkers.code.program import CodeRunner
from handlers.clock import ManualClock
from handlers.coach import Coach
from handlers.context import CoachSettings
from storage.sqlite import SqliteStore
from tests.fakes.discord_server import MANAGE_GUILD, FakeDiscord
from tests.handlers.conftest import small_bank


@dataclass
class World:
    """One guild with a drill channel, an admin, a member, the bot connected."""

    fake: FakeDiscord
    bot: CoachBot
    coach: Coach
    store: SqliteStore
    clock: ManualClock
    scheduler: DrillScheduler
    guild: str
    channel: str
    admin: str
    member: str

    async def setup_channel(self, **options: Any) -> None:
        """An admin sets the channel up through the slash command."""
        interaction = await self.fake.slash(self.channel, self.admin, "setup", **options)
        await self.fake.wait_for(lambda: interaction.messages)
        assert self.store.channel("discord", self.guild, self.channel) is not None

    async def post_drill(self) -> tuple[dict, dict]:
        """The scheduled drill fires; returns (its message, its thread)."""
        cfg = self.store.channel("discord", self.guild, self.channel)
        assert cfg is not None and cfg.id is not None
        await self.scheduler.run_drill(cfg.id)
        message = self.fake.bot_messages(self.channel)[-1]
        return message, self.fake.channels[self.fake.threads_of(self.channel)[-1]["id"]]


WorldFactory = Callable[..., Awaitable[World]]


class PromptBot(CoachBot):
    """discord.py waits 5 s before re-identifying (Discord's identify limit); the fake has none."""

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None


@pytest.fixture
async def make_world(tmp_path: Path) -> AsyncIterator[WorldFactory]:
    """Build a world; options go to FakeDiscord and DiscordSettings."""
    cleanups: list[Callable[[], Awaitable[None]]] = []
    base, gateway = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY

    async def build(
        *,
        fake_options: dict | None = None,
        defer_after: float = 2.0,
        bank: Bank | None = None,
        code_runner: CodeRunner | None = None,
        **settings: Any,
    ) -> World:
        fake = FakeDiscord(**(fake_options or {}))
        await fake.start()
        guild = fake.add_guild()
        channel = fake.add_channel(guild)
        admin, member = fake.snowflake(), fake.snowflake()
        fake.add_member(guild, admin, "ada", [fake.add_role(guild, "mods", MANAGE_GUILD)])
        fake.add_member(guild, member, "bob")
        store = SqliteStore(tmp_path / f"coach{len(cleanups)}.db")
        clock = ManualClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
        coach = Coach(store, bank or small_bank(), clock, CoachSettings(), code_runner=code_runner)
        config = DiscordSettings(
            token=fake.token, api_base=fake.api_base, gateway_url=fake.gateway_url
        )
        config = replace(config, **{"requests_per_second": 500.0, **settings})
        point_discord_at(config)
        bot = PromptBot(coach, config, defer_after=defer_after, guild_ready_timeout=0.01)
        ready = asyncio.Event()

        async def on_first_ready() -> None:
            ready.set()

        bot.first_ready.append(on_first_ready)
        task = asyncio.create_task(bot.start(fake.token))
        await asyncio.wait_for(ready.wait(), 5)
        scheduler = DrillScheduler(coach, bot.sender, "discord", clock)

        async def cleanup() -> None:
            await bot.close()
            await asyncio.wait_for(task, 5)
            await fake.close()
            store.close()

        cleanups.append(cleanup)
        return World(fake, bot, coach, store, clock, scheduler, guild, channel, admin, member)

    yield build
    for cleanup in reversed(cleanups):
        await cleanup()
    discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


@pytest.fixture
async def world(make_world: WorldFactory) -> World:
    return await make_world()
