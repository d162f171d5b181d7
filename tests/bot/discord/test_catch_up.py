"""Replies posted while the bot was away are recorded at the next READY, however it comes back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import pytest

from storage.errors import StoreUnavailable
from tests.bot.discord.conftest import PromptBot, World
from tests.bot.slack.conftest import wait_until


@asynccontextmanager
async def restarted(world: World, **options: object) -> AsyncIterator[PromptBot]:
    """The same coach in a new client process, discord.py's defaults unless told otherwise."""
    bot = PromptBot(world.coach, world.bot.settings, **options)
    task = asyncio.create_task(bot.start(world.fake.token))
    try:
        yield bot
    finally:
        await bot.close()
        await task


async def test_a_live_reply_during_the_guild_wait_does_not_skip_the_missed_ones(
    world: World,
) -> None:
    await world.setup_channel(time="09:00", days="daily", topics="nlp")
    _, thread = await world.post_drill()
    seen = await world.fake.user_says(thread["id"], world.member, "Said before the restart.")
    await world.fake.wait_for(lambda: world.fake.reactions_on(seen["id"]))
    await world.bot.close()
    missed = [
        await world.fake.user_says(thread["id"], world.admin, f"Missed reply {n}.")
        for n in range(3)
    ]
    identified = world.fake.identify_count
    # discord.py's default guild wait (guild_ready_timeout, 2 s): a reply arrives live in it.
    async with restarted(world) as bot:
        await world.fake.wait_for(lambda: world.fake.identify_count > identified)
        await world.fake.wait_for(lambda: bot.get_channel(int(thread["id"])) is not None)
        assert not bot.is_ready()
        live = await world.fake.user_says(thread["id"], world.member, "Said right after it.")
        everyone = [*missed, live]
        await world.fake.wait_for(
            lambda: all(world.fake.reactions_on(m["id"]) for m in everyone), timeout=10
        )
        await bot.catch_ups.idle()
    for message in everyone:
        assert world.store.find_attempt("discord", world.guild, message["id"]) is not None
    assert world.fake.reactions_on(live["id"]) == ["📝"]  # recorded once, reacted to once
    assert world.store.execute("PRAGMA integrity_check") == [("ok",)]


async def test_a_catch_up_that_failed_on_the_store_is_retried_until_it_reads_the_threads(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    await world.setup_channel(time="09:00", days="daily", topics="nlp")
    _, thread = await world.post_drill()
    await world.bot.close()
    missed = await world.fake.user_says(thread["id"], world.admin, "Said while it was down.")
    unrevealed: Callable = world.store.unrevealed_drills

    def down(platform: str) -> list:
        raise StoreUnavailable("sqlite: disk I/O error")

    monkeypatch.setattr(world.store, "unrevealed_drills", down)
    async with restarted(world, guild_ready_timeout=0.01) as bot:
        await asyncio.wait_for(bot.wait_until_ready(), 5)
        await bot.catch_ups.idle()
        assert bot.catch_ups.failed
        assert world.store.find_attempt("discord", world.guild, missed["id"]) is None
        assert bot.catch_ups.retry()  # the store is still down: it fails again
        await bot.catch_ups.idle()
        assert bot.catch_ups.failed
        monkeypatch.setattr(world.store, "unrevealed_drills", unrevealed)
        assert bot.catch_ups.retry()
        await world.fake.wait_for(lambda: world.fake.reactions_on(missed["id"]))
        await bot.catch_ups.idle()
        assert not bot.catch_ups.failed and not bot.catch_ups.retry()
    assert world.store.find_attempt("discord", world.guild, missed["id"]) is not None
    assert world.store.execute("PRAGMA integrity_check") == [("ok",)]


async def test_the_gateway_down_is_seen_by_the_health_check(world: World) -> None:
    assert world.bot.gateway_connected()
    world.fake.gateway_open.clear()  # the outage: no new connection gets through
    await world.fake.drop_connection(resumable=False)
    await wait_until(lambda: not world.bot.gateway_connected())
    assert world.bot.is_ready()  # what the check read before: still true in the outage
    world.fake.gateway_open.set()
    await wait_until(world.bot.gateway_connected)
