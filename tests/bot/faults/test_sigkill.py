"""SIGKILL mid-fan-out to 1,000 channels: after the restart every channel has exactly one drill
post with its thread. The post whose response was held at the kill (stored by Discord, never
recorded by the bot) is found in the channel's history and recorded, not posted again.

The bot is the real `python -m bot discord` in a subprocess, against the fake Discord here.
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import web

from storage.records import ChannelConfig
from storage.sqlite import SqliteStore
from tests.bot.test_sigterm import noonish_zone, start_bot
from tests.fakes.discord_server import FakeDiscord

CHANNELS = 1000
HELD_AT = 300


class HoldingDiscord(FakeDiscord):
    """Stores the bot's HELD_AT-th drill message, then holds the response until released."""

    def __init__(self) -> None:
        super().__init__(channel_limit=(1000, 1.0), global_limit=(100_000, 1.0))
        self.posts: list[str] = []
        self.held_channel = ""
        self.held = asyncio.Event()
        self.release = asyncio.Event()

    async def _post_message(self, request: web.Request, body: Any, channel_id: str) -> web.Response:
        response = await super()._post_message(request, body, channel_id)
        if self.channels.get(channel_id, {}).get("type") == 0:
            self.posts.append(channel_id)
            if len(self.posts) == HELD_AT:
                self.held_channel = channel_id
                self.held.set()
                await self.release.wait()  # the bot dies waiting for this answer
        return response


class Log:
    """Reads a bot's log to the end as it comes (a full pipe would stall the bot)."""

    def __init__(self, bot: asyncio.subprocess.Process) -> None:
        self.lines: list[str] = []
        self._changed = asyncio.Condition()
        self._task = asyncio.create_task(self._drain(bot))

    async def _drain(self, bot: asyncio.subprocess.Process) -> None:
        assert bot.stderr is not None
        async for line in bot.stderr:
            self.lines.append(line.decode())
            async with self._changed:
                self._changed.notify_all()

    async def wait_for(self, needle: str, timeout: float = 60) -> None:
        async with self._changed:
            seen = self._changed.wait_for(lambda: any(needle in line for line in self.lines))
            await asyncio.wait_for(seen, timeout)


def seed(path: Path, fake: FakeDiscord) -> list[str]:
    guild = fake.add_guild()
    channels = [fake.add_channel(guild, f"drills-{i}") for i in range(CHANNELS)]
    tz, time = noonish_zone()
    store = SqliteStore(path)
    now = datetime.now(UTC)
    with store.transaction():
        for channel in channels:
            cfg = ChannelConfig("discord", guild, channel, time=time, tz=tz, days=tuple(range(7)))
            store.save_channel(cfg, now)
    store.close()
    return channels


def recorded(database: Path) -> dict[str, str | None]:
    """Channel -> the message id recorded for its posted drill (None: not recorded)."""
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = db.execute(
            """SELECT c.channel, d.message_id, d.thread_id FROM channels c
               LEFT JOIN drills d ON d.channel_id = c.id AND d.posted_at IS NOT NULL"""
        ).fetchall()
    return {channel: message for channel, message, _ in rows}


async def test_sigkill_mid_fan_out_then_restart_posts_each_channel_exactly_once(
    tmp_path: Path,
) -> None:
    fake = HoldingDiscord()
    await fake.start()
    database = tmp_path / "coach.db"
    channels = seed(database, fake)
    fast = {"DISCORD_REQUESTS_PER_SECOND": "20000", "DISCORD_FANOUT": "32"}
    bot = again = None
    try:
        bot = await start_bot(fake, database, **fast)
        first_log = Log(bot)
        await asyncio.wait_for(fake.held.wait(), 60)
        assert not any("Traceback" in line for line in first_log.lines)
        bot.send_signal(signal.SIGKILL)
        assert await asyncio.wait_for(bot.wait(), 10) == -signal.SIGKILL
        held = fake.held_channel
        stored = fake.bot_messages(held)
        assert len(stored) == 1  # on the platform, but the bot never heard back
        assert recorded(database)[held] is None

        again = await start_bot(fake, database, **fast)
        restart_log = Log(again)
        await restart_log.wait_for("Scheduler started")

        def threads() -> int:
            return sum(1 for c in fake.channels.values() if c["type"] == 11)

        await fake.wait_for(lambda: threads() >= CHANNELS, timeout=60)
        again.send_signal(signal.SIGTERM)  # a graceful stop records the posts still in flight
        assert await asyncio.wait_for(again.wait(), 25) == 0

        assert any("already in" in line for line in restart_log.lines)  # reconciled ones
        assert all(len(fake.bot_messages(c)) == 1 for c in channels)  # none missing, none twice
        assert all(len(fake.threads_of(c)) == 1 for c in channels)
        assert fake.posts.count(held) == 1  # reconciled, not re-posted
        record = recorded(database)
        assert record[held] == stored[0]["id"]
        assert record == {c: fake.bot_messages(c)[0]["id"] for c in channels}
    finally:
        fake.release.set()
        for proc in (bot, again):
            if proc is not None and proc.returncode is None:
                proc.kill()
                await proc.wait()
        await fake.close()
