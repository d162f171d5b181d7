"""Start-up benchmark: the real `python -m bot discord` from process start to its ready line.

    python -m bench.startup [--channels 10000] [--runs 3] [--platform discord|slack|discord,slack]

The bot runs in a subprocess against the loopback fake Discord (as in tests/bot/test_sigterm.py)
on a SQLite file that holds N configured channels in a steady state: each has its latest drill
posted and awaiting its reveal, so nothing is missed and the start-up does no posting. Two cases:
- "spread": schedules as people choose them (round times mostly in working hours, a dozen time
  zones, five day sets), so many channels share a schedule;
- "distinct": every channel has a schedule of its own (the worst case for the scheduler).
Ready is the bot's `ready: N channels, S schedules, R reveals pending…` line (bot/readiness.py):
the bank is loaded and the timetable rebuilt. The time is taken from spawning the process to
reading that line, the memory (VmRSS) and CPU time from /proc/<pid> at that point.
Targets: ready in under 2 s, under 150 MB resident, with 10,000 channels.

Slack (`python -m bot slack` in Socket Mode on the fake Slack, spread schedules only, one run,
not in quick mode): its ready line comes after bot.slack.modes has fetched the replies of every
open drill thread (conversations.replies, one call per thread), so with 10,000 open threads it
takes about a minute even on loopback without rate limits.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.report import Figure
from content.bank import load_bank
from handlers.schedule import fire_time, is_drill_day, local_day, previous_drill_day, reveal_time
from storage.records import ChannelConfig
from storage.sqlite import SqliteStore
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.slack_server import FakeSlack

ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
)
DAY_SETS = ((0, 1, 2, 3, 4), tuple(range(7)), (0, 2, 4), (1, 3), (0, 1, 2, 3, 4, 5))
DAY_WEIGHTS = (55, 20, 10, 8, 7)
HOUR_WEIGHTS = (1, 1, 1, 1, 1, 1, 2, 6, 12, 14, 10, 6, 5, 4, 4, 4, 3, 3, 2, 2, 2, 1, 1, 1)
CHANNELS_PER_GUILD = 10
CASES = (("discord", "spread"), ("discord", "distinct"), ("slack", "spread"))
READY = re.compile(r"ready: (\d+) channels, (\d+) schedules, (\d+) reveals")
TIMEOUT = 120.0

Schedule = tuple[str, str, tuple[int, ...]]
"""(HH:MM, time zone, drill weekdays)."""


def spread_schedules(count: int, rng: random.Random) -> list[Schedule]:
    """Schedules as people pick them: mostly round times in working hours, weekdays."""
    chosen = []
    for _ in range(count):
        hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
        minute = rng.choice((0, 0, 0, 0, 30, 30, 15, 45, rng.randrange(60)))
        days = rng.choices(DAY_SETS, DAY_WEIGHTS)[0]
        chosen.append((f"{hour:02d}:{minute:02d}", rng.choice(ZONES), days))
    return chosen


def distinct_schedules(count: int, rng: random.Random) -> list[Schedule]:
    """A schedule of its own for every channel: distinct (time, zone) pairs, varied days."""
    pairs = [(f"{m // 60:02d}:{m % 60:02d}", tz) for m in range(1440) for tz in ZONES]
    if count > len(pairs):
        raise ValueError(f"at most {len(pairs)} distinct schedules")
    rng.shuffle(pairs)
    return [(at, tz, rng.choices(DAY_SETS, DAY_WEIGHTS)[0]) for at, tz in pairs[:count]]


def last_drill_day(cfg: ChannelConfig, now: datetime) -> datetime | None:
    """The local day of the channel's latest drill at or before now."""
    today = local_day(now, cfg)
    if is_drill_day(today, cfg) and fire_time(today, cfg) <= now:
        return today  # type: ignore[return-value]
    return previous_drill_day(today, cfg)  # type: ignore[return-value]


def seed(
    path: Path, platform: str, places: list[tuple[str, str]], schedules: list[Schedule]
) -> None:
    """Configured channels, each with its latest drill posted and its reveal pending."""
    now = datetime.now(UTC)
    question = load_bank().questions[0]
    store = SqliteStore(path)
    with store.transaction():
        for i, ((workspace, channel), (at, tz, days)) in enumerate(
            zip(places, schedules, strict=True)
        ):
            cfg = store.save_channel(
                ChannelConfig(platform, workspace, channel, time=at, tz=tz, days=days), now
            )
            day = last_drill_day(cfg, now)
            if day is None or cfg.id is None:
                continue
            drill = store.add_drill(
                cfg.id, day, question.id, question.topic, reveal_time(day, cfg), now
            )
            assert drill is not None
            store.mark_posted(drill.id, f"m{i}", f"t{i}", fire_time(day, cfg))
            if drill.reveal_at <= now:
                store.mark_revealed(drill.id, now)
    store.close()


def discord_world(fake: FakeDiscord, count: int) -> list[tuple[str, str]]:
    """Guilds of CHANNELS_PER_GUILD drill channels on the fake: (guild, channel) pairs."""
    places = []
    guild = ""
    for i in range(count):
        if i % CHANNELS_PER_GUILD == 0:
            guild = fake.add_guild(f"guild {i // CHANNELS_PER_GUILD}")
        places.append((guild, fake.add_channel(guild, f"drills-{i}")))
    return places


@asynccontextmanager
async def fake_platform(
    platform: str, count: int
) -> AsyncIterator[tuple[list[tuple[str, str]], dict[str, str]]]:
    """The platform's fake on loopback: the places of `count` channels, and the bot's env."""
    if platform == "discord":
        discord = FakeDiscord()
        await discord.start()
        try:
            env = {
                "DISCORD_TOKEN": discord.token,
                "DISCORD_API_BASE": discord.api_base,
                "DISCORD_GATEWAY_URL": discord.gateway_url,
            }
            yield discord_world(discord, count), env
        finally:
            await discord.close()
        return
    slack = FakeSlack()
    await slack.start()
    try:
        team = slack.teams["T1"]
        env = {
            "SLACK_BOT_TOKEN": team.bot_token,
            "SLACK_APP_TOKEN": slack.app_token,
            "SLACK_API_URL": slack.base_url,
        }
        yield [(team.id, f"C{i:05d}") for i in range(count)], env
    finally:
        await slack.stop()


@dataclass(frozen=True)
class Run:
    """One start of the bot: seconds to ready, resident MB at ready, what it scheduled."""

    seconds: float
    rss_mb: float
    cpu_seconds: float
    channels: int
    schedules: int
    reveals: int
    load: float
    """The machine's 1-minute load average then: wall time stretches on a busy machine, CPU
    time much less."""


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process: unlike wall time, not inflated by a busy machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def start_once(platform: str, platform_env: dict[str, str], database: Path) -> Run:
    """Spawn the bot, wait for its ready line, read its memory, stop it with SIGTERM."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(Path.cwd()),
        "DATABASE": str(database),
        **platform_env,
    }
    began = time.perf_counter()
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        platform,
        env=env,
        cwd=database.parent,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert bot.stderr is not None
    seen: list[str] = []
    try:
        while True:
            line = (await asyncio.wait_for(bot.stderr.readline(), TIMEOUT)).decode()
            if not line:
                raise RuntimeError("the bot exited before it was ready:\n" + "".join(seen))
            seen.append(line)
            found = READY.search(line)
            if found:
                seconds = time.perf_counter() - began
                usage = resident_mb(bot.pid), cpu_seconds(bot.pid)
                counts = (int(n) for n in found.groups())
                return Run(seconds, *usage, *counts, os.getloadavg()[0])
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(bot.communicate(), 30)
            except TimeoutError:
                bot.kill()
                await bot.wait()


async def measure(platform: str, case: str, channels: int, runs: int) -> list[Run]:
    """`runs` starts of the bot on one seeded database of `channels` channels."""
    async with fake_platform(platform, channels) as (places, env):
        pick = spread_schedules if case == "spread" else distinct_schedules
        with tempfile.TemporaryDirectory() as tmp:
            database = Path(tmp) / "coach.db"
            seed(database, platform, places, pick(channels, random.Random(9)))
            return [await start_once(platform, env, database) for _ in range(runs)]


def figures(platform: str, case: str, runs: list[Run], channels: int) -> list[Figure]:
    label = f"{platform}, {channels:,} channels, {case} schedules"
    seconds = statistics.median(r.seconds for r in runs)
    rss = statistics.median(r.rss_mb for r in runs)
    full = channels >= 10_000
    return [
        Figure(
            "startup",
            label,
            f"process start to ready (median of {len(runs)})",
            seconds,
            "s",
            "< 2 s" if full else "",
            seconds < 2 if full else None,
        ),
        Figure(
            "startup",
            label,
            "resident at ready",
            rss,
            "MB",
            "< 150 MB",
            rss < 150 if full else None,
        ),
        Figure(
            "startup",
            label,
            "channels scheduled",
            runs[-1].channels,
            "",
            f"= {channels:,}",
            runs[-1].channels == channels,
        ),
        Figure(
            "startup", label, "CPU to ready", statistics.median(r.cpu_seconds for r in runs), "s"
        ),
        Figure("startup", label, "schedules on the timetable", runs[-1].schedules),
        Figure("startup", label, "reveals pending", runs[-1].reveals),
        Figure("startup", label, "machine load (1 min)", statistics.median(r.load for r in runs)),
    ]


def run(quick: bool = False) -> list[Figure]:
    """The start-up figures for `python -m bench`: both cases, 10,000 channels."""
    found: list[Figure] = []
    for platform, case in CASES:
        if platform == "slack" and quick:
            continue  # a minute: the thread catch-up before its ready line (see the docstring)
        runs = 1 if quick or platform == "slack" else 3
        found += figures(platform, case, asyncio.run(measure(platform, case, 10_000, runs)), 10_000)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__)
    parser.add_argument("--channels", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--platform", default="discord", help="discord, slack or both")
    args = parser.parse_args(argv)
    for platform, case in CASES:
        if platform not in args.platform.split(","):
            continue
        runs = asyncio.run(measure(platform, case, args.channels, args.runs))
        times = ", ".join(f"{r.seconds:.2f}" for r in runs)
        print(
            f"{platform}, {case}: {runs[-1].channels} channels, {runs[-1].schedules} schedules, "
            f"{runs[-1].reveals} reveals: ready in "
            f"{statistics.median(r.seconds for r in runs):.2f} s median ({times}), "
            f"{statistics.median(r.rss_mb for r in runs):.0f} MB resident, "
            f"{statistics.median(r.cpu_seconds for r in runs):.2f} s CPU, "
            f"load {statistics.median(r.load for r in runs):.1f} "
            "(targets < 2 s, < 150 MB)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
