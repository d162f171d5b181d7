"""The ready line of the real `python -m bot discord`: channels, schedules, reveals, time, memory.

It comes before the gateway's READY (the timetable needs only the database), counts what the
timetable holds, and the bot still stops cleanly right after it.
"""

from __future__ import annotations

import asyncio
import re
import signal
from datetime import UTC, datetime
from pathlib import Path

from storage.records import ChannelConfig
from storage.sqlite import SqliteStore
from tests.bot.test_sigterm import read_until, start_bot
from tests.fakes.discord_server import FakeDiscord

READY = re.compile(
    r"ready: (\d+) channels, (\d+) schedules, (\d+) reveals pending in ([\d.]+) s, (\d+) MB"
)


def seed(path: Path, guild: str, channels: list[str]) -> None:
    """Two channels on one schedule, one on another, and one paused."""
    store = SqliteStore(path)
    now = datetime.now(UTC)
    setups = [
        dict(time="09:00", tz="Europe/Paris"),
        dict(time="09:00", tz="Europe/Paris"),
        dict(time="17:30", tz="Asia/Tokyo", days=(0, 2, 4)),
        dict(time="09:00", tz="Europe/Paris", paused=True),
    ]
    for channel, setup in zip(channels, setups, strict=True):
        store.save_channel(ChannelConfig("discord", guild, channel, **setup), now)  # type: ignore[arg-type]
    store.close()


async def test_the_ready_line_counts_the_timetable_and_comes_before_the_gateway(
    tmp_path: Path,
) -> None:
    fake = FakeDiscord()
    await fake.start()
    guild = fake.add_guild()
    channels = [fake.add_channel(guild, f"drills-{i}") for i in range(4)]
    database = tmp_path / "coach.db"
    seed(database, guild, channels)
    log: list[str] = []
    bot = await start_bot(fake, database)
    try:
        await asyncio.wait_for(read_until(bot, "ready:", log), 30)
        found = READY.search(log[-1])
        assert found, log[-1]
        channels_, schedules, reveals, seconds, megabytes = found.groups()
        assert (channels_, schedules, reveals) == ("3", "2", "0")
        assert 0 < float(seconds) < 30 and 10 < int(megabytes) < 1000
        # Ready before the gateway (no wait for guilds): its connection is logged after.
        await asyncio.wait_for(read_until(bot, "has connected to Gateway", log), 30)
        bot.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(bot.wait(), 25) == 0
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()
        await fake.close()
