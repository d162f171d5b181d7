"""Discord across processes: two bots, each running one of two shards against the fake Discord,
each posting only its own servers' drills, every channel once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import discord
import pytest
from discord.gateway import DiscordWebSocket

from bot.discord.client import CoachBot, PacedIdentify, coach_bot
from bot.discord.config import DiscordSettings, point_discord_at
from bot.scheduler import DrillScheduler
from handlers.clock import ManualClock
from handlers.coach import Coach
from handlers.context import CoachSettings
from storage.sqlite import SqliteStore
from tests.fakes.discord_server import FakeDiscord
from tests.handlers.conftest import set_up, small_bank

SHARDS = 2
GUILDS_PER_SHARD = 3


@dataclass
class Worker:
    bot: CoachBot
    scheduler: DrillScheduler
    task: asyncio.Task[None]


@dataclass
class Fleet:
    fake: FakeDiscord
    channels: dict[str, str]
    """Guild id -> its drill channel."""
    workers: list[Worker]
    store: SqliteStore

    def posted_in(self) -> list[str]:
        """Every channel's drill posts, one entry per post."""
        return sorted(
            channel
            for channel in self.channels.values()
            for message in self.fake.bot_messages(channel)
            if message["components"]  # a drill carries its buttons
        )

    def channels_of(self, shard: int) -> list[str]:
        return sorted(c for g, c in self.channels.items() if self.fake.shard_of(g, SHARDS) == shard)


@pytest.fixture
async def fleet(tmp_path: Path) -> AsyncIterator[Fleet]:
    base, gateway = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    fake = FakeDiscord(shards=SHARDS, max_concurrency=SHARDS)
    await fake.start()
    channels = {}
    for n in range(SHARDS * GUILDS_PER_SHARD):
        guild = fake.guild_on_shard(n % SHARDS, SHARDS)
        channels[guild] = fake.add_channel(guild)
    store = SqliteStore(tmp_path / "coach.db")
    clock = ManualClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))  # a Monday, at drill time
    workers = []
    for shard in range(SHARDS):
        coach = Coach(store, small_bank(), clock, CoachSettings())
        if shard == 0:
            for guild, channel in channels.items():
                set_up(coach, clock, "discord", guild, channel, "time=09:00 tz=UTC days=mon-fri")
        config = DiscordSettings(
            token=fake.token,
            api_base=fake.api_base,
            gateway_url=fake.gateway_url,
            requests_per_second=500.0,
            shard_count=SHARDS,
            shard_ids=(shard,),
        )
        point_discord_at(config)
        # The bot class the process runs: its IDENTIFY asks /gateway/bot for max_concurrency.
        bot = coach_bot(coach, config, guild_ready_timeout=0.01)
        ready = asyncio.Event()

        async def on_first_ready(ready: asyncio.Event = ready) -> None:
            ready.set()

        bot.first_ready.append(on_first_ready)
        task = asyncio.create_task(bot.start(fake.token))
        await asyncio.wait_for(ready.wait(), 10)
        workers.append(Worker(bot, DrillScheduler(coach, bot.sender, "discord", clock), task))
    yield Fleet(fake, channels, workers, store)
    for worker in workers:
        await worker.bot.close()
        await asyncio.wait_for(worker.task, 5)
    await fake.close()
    store.close()
    discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


async def test_each_process_identifies_its_shard_and_sees_only_its_servers(fleet: Fleet) -> None:
    assert sorted(fleet.fake.identified) == [(0, SHARDS), (1, SHARDS)]
    for shard, worker in enumerate(fleet.workers):
        assert isinstance(worker.bot, discord.AutoShardedClient)
        assert worker.bot.shard_ids == [shard]
        assert isinstance(worker.bot, PacedIdentify)
        assert worker.bot.identify_buckets is not None
        assert worker.bot.identify_buckets.max_concurrency == SHARDS  # as /gateway/bot said
        seen = sorted(str(g.id) for g in worker.bot.guilds)
        assert seen == sorted(g for g in fleet.channels if fleet.fake.shard_of(g, SHARDS) == shard)


async def test_each_process_posts_only_its_shards_drills_and_every_channel_once(
    fleet: Fleet,
) -> None:
    first, second = fleet.workers
    await first.scheduler.catch_up()
    assert fleet.posted_in() == fleet.channels_of(0)
    await second.scheduler.catch_up()
    await first.scheduler.catch_up()  # again: nothing left for it
    assert fleet.posted_in() == sorted(fleet.channels.values())


async def test_a_thread_reply_reaches_the_process_of_its_server(fleet: Fleet) -> None:
    for worker in fleet.workers:
        await worker.scheduler.catch_up()
    guild = next(g for g in fleet.channels if fleet.fake.shard_of(g, SHARDS) == 1)
    channel = fleet.channels[guild]
    thread = fleet.fake.threads_of(channel)[-1]["id"]
    member = fleet.fake.snowflake()
    fleet.fake.add_member(guild, member, "bob")
    said = await fleet.fake.user_says(thread, member, "my answer")
    # Only the shard-1 process has this server: a reply routed elsewhere would go unrecorded.
    found = await fleet.fake.wait_for(
        lambda: fleet.store.find_attempt("discord", guild, said["id"])
    )
    assert found.user == member
