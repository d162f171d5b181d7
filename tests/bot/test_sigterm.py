"""SIGTERM mid-fan-out: the bot finishes the post in flight, records it, refuses the rest, and
exits; the restart posts exactly the drills that were missing, and nothing recorded is lost.

The bot is the real `python -m bot discord` in a subprocess, against the fake Discord here.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from storage.records import ChannelConfig, Person
from storage.sqlite import SqliteStore
from tests.fakes.discord_server import FakeDiscord

CHANNELS = 4


class GatedDiscord(FakeDiscord):
    """Holds the bot's second channel message until the test opens the gate."""

    def __init__(self) -> None:
        super().__init__()
        self.posts: list[str] = []
        self.held = asyncio.Event()
        self.gate = asyncio.Event()

    async def _post_message(self, request: web.Request, body: Any, channel_id: str) -> web.Response:
        if self.channels.get(channel_id, {}).get("type") == 0:  # a channel, not a thread
            self.posts.append(channel_id)
            if len(self.posts) == 2 and not self.gate.is_set():
                self.held.set()
                await self.gate.wait()
        return await super()._post_message(request, body, channel_id)


def noonish_zone() -> tuple[str, str]:
    """A fixed-offset zone where it is about noon now, and a drill time ten minutes ago there."""
    offset = 12 - datetime.now(UTC).hour
    name = f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}" if offset else "Etc/GMT"
    local = datetime.now(ZoneInfo(name)) - timedelta(minutes=10)
    return name, local.strftime("%H:%M")


def seed(path: Path, fake: FakeDiscord) -> tuple[str, list[str]]:
    """Four channels of one guild whose drill time passed ten minutes ago, and a streak."""
    guild = fake.add_guild()
    channels = [fake.add_channel(guild, f"drills-{i}") for i in range(CHANNELS)]
    tz, time = noonish_zone()
    store = SqliteStore(path)
    now = datetime.now(UTC)
    for channel in channels:
        cfg = ChannelConfig("discord", guild, channel, time=time, tz=tz, days=tuple(range(7)))
        store.save_channel(cfg, now)
    store.save_person(Person("discord", guild, "ann", "Ann", 7, 9, date(2026, 1, 5), 1, 20, 15))
    store.close()
    return guild, channels


async def start_bot(fake: FakeDiscord, database: Path, **extra: str) -> asyncio.subprocess.Process:
    env = {
        **extra,
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(Path.cwd()),
        "DISCORD_TOKEN": fake.token,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "DATABASE": str(database),
        "LOG_FORMAT": "json",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "discord",
        env=env,
        cwd=database.parent,
        stdin=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def read_until(bot: asyncio.subprocess.Process, needle: str, seen: list[str]) -> None:
    assert bot.stderr is not None
    while True:
        line = (await bot.stderr.readline()).decode()
        assert line, "the bot exited before logging: " + needle + "\n" + "".join(seen)
        seen.append(line)
        if needle in line:
            return


def posted(database: Path) -> dict[str, int]:
    """Channel -> drills recorded as posted, and the people's streaks, straight from the file."""
    store = SqliteStore(database)
    try:
        rows = store.execute(
            """SELECT c.channel, COUNT(d.id) FROM channels c LEFT JOIN drills d
               ON d.channel_id = c.id AND d.posted_at IS NOT NULL GROUP BY c.channel"""
        )
        streak = store.execute("SELECT current, best FROM people WHERE \"user\" = 'ann'")
        assert streak == [(7, 9)]
        return dict(rows)
    finally:
        store.close()


async def test_sigterm_mid_fan_out_loses_nothing_and_the_restart_posts_what_was_missing(
    tmp_path: Path,
) -> None:
    fake = GatedDiscord()
    await fake.start()
    database = tmp_path / "coach.db"
    _, channels = seed(database, fake)
    log: list[str] = []
    try:
        bot = await start_bot(fake, database)
        await asyncio.wait_for(fake.held.wait(), 30)  # the second post is on its way
        bot.send_signal(signal.SIGTERM)
        await asyncio.wait_for(read_until(bot, "stopping (SIGTERM)", log), 10)
        fake.gate.set()  # the post in flight completes after the stop began
        await asyncio.wait_for(read_until(bot, "database closed", log), 25)
        rest = await asyncio.wait_for(bot.stderr.read(), 10)  # type: ignore[union-attr]
        assert await bot.wait() == 0, "".join(log) + rest.decode()
        first_run = list(fake.posts)  # catch-up sends together: the held one and its peers
        assert len(first_run) >= 2 and len(set(first_run)) == len(first_run)
        assert posted(database) == {c: int(c in first_run) for c in channels}

        again = await start_bot(fake, database)
        await asyncio.wait_for(read_until(again, "Scheduler started", log), 30)
        await fake.wait_for(lambda: len(fake.posts) == CHANNELS, timeout=30)
        again.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(again.wait(), 25) == 0
        missing = sorted(set(channels) - set(first_run))
        assert sorted(fake.posts[len(first_run) :]) == missing  # exactly what was missing
        assert sorted(fake.posts) == sorted(channels)  # and nothing twice
        assert posted(database) == dict.fromkeys(channels, 1)
    finally:
        for process in ("bot", "again"):
            proc = locals().get(process)
            if proc is not None and proc.returncode is None:
                proc.kill()
                await proc.wait()
        await fake.close()
