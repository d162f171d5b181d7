"""Benchmark of the daily fan-out: N channels due at once, posted through the real adapters.

    python -m bench.fanout [--quick] [--sizes 1000,10000] [--platform discord,slack]
                           [--naive-all] [--latency 0.05]

What runs in this process is what runs in production: the real DrillScheduler with its
APScheduler minute tick (the clock jumps to the drills' minute and the tick is made due, so it
fires the channels' slot as at a busy minute), the real core and store on a temporary SQLite
file, and either the real discord.py client (CoachBot, logged in and connected to the fake
gateway; its DiscordSender and RequestPacer) or the real Slack sender, Pacer and slack_sdk
AsyncWebClient built by bot.slack.app.build_bot. The fake platform (bench/fanout_fake.py) runs
in a process of its own on 127.0.0.1, adds a round trip of `latency` to every response and
enforces:

- Discord: 50 requests/s global, 5 messages per 5 s per channel;
- Slack: 1 message/s per channel, and a workspace cap of CAP/minute counted over any second
  (CAP/60 in any 1 s: the strictest reading; Slack does not publish the cap). The bot runs with
  SLACK_POSTS_PER_MINUTE=CAP, the same cap.

Figures per platform and size: wall time from the fire instant until every drill is recorded as
posted; the lower bound the rate limit allows (requests needed / global or workspace rate; one
post per channel leaves the per-channel limits slack); their ratio; 429s the fake sent; CPU time
of this process per post; posts duplicated and missing, from the fake's records. Then a naive
loop (claim, send, record, one channel after the other, through the same client) at 1,000
channels (100 in quick mode; every size with --naive-all): its speed-up per post against the one
the latency implies (posts x requests per post x latency, over the rate bound).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, JobEvent

from bench.report import Figure, table
from bot.discord.client import CoachBot
from bot.discord.config import DiscordSettings, point_discord_at
from bot.runtime import Runtime, build_runtime
from bot.scheduler import TICK_JOB, Sender
from bot.settings import load_settings
from bot.slack.app import build_bot
from content.bank import Bank, load_bank
from storage.records import ChannelConfig

ROOT = Path(__file__).resolve().parents[1]
PLATFORMS = ("discord", "slack")
LATENCY = 0.05
SLACK_CAP = 3000
"""Posts per minute per workspace, bot and fake alike: 10,000 channels take about 200 s."""
TARGET_RATIO = 1.1


@dataclass(frozen=True)
class Limits:
    """What the fake enforces, and what the bot is told."""

    global_per_second: float
    """Discord's global requests/s, or Slack's workspace cap / 60."""
    channel_posts: int
    channel_period: float
    latency: float
    requests_per_post: int
    """Requests one drill needs: Discord a message and its thread, Slack one message."""
    bot_settings: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, platform: str, latency: float = LATENCY, relaxed: bool = False) -> Limits:
        """The platform's documented limits (relaxed: far above them, for a quick check)."""
        if platform == "discord":
            rate = 5000.0 if relaxed else 50.0
            bot = {"requests_per_second": 4000.0} if relaxed else {}
            return cls(rate, 5, 5.0, latency, 2, bot)
        cap = 60_000 if relaxed else SLACK_CAP
        return cls(cap / 60, 1, 1.0, latency, 1, {"SLACK_POSTS_PER_MINUTE": str(cap)})

    def fake_args(self, platform: str) -> list[str]:
        args = [
            f"--latency={self.latency}",
            f"--channel-limit={self.channel_posts}",
            f"--channel-period={self.channel_period}",
        ]
        if platform == "discord":
            return [*args, f"--global-limit={int(self.global_per_second)}"]
        return [*args, f"--cap={int(self.global_per_second * 60)}", "--window=1"]

    def describe(self, platform: str) -> str:
        ms = f"{self.latency * 1000:.0f} ms"
        if platform == "discord":
            return f"{self.global_per_second:.0f} req/s, 5 msg/5 s/channel, {ms}"
        return f"cap {self.global_per_second * 60:,.0f}/min bot and fake, 1/s/channel, {ms}"


class FakePlatform:
    """The fake's process, driven over its stdin/stdout."""

    def __init__(self, process: asyncio.subprocess.Process, ready: dict[str, Any]) -> None:
        self.process = process
        self.ready = ready
        self.channels: list[tuple[str, str]] = [(w, c) for w, c in ready["channels"]]

    @classmethod
    @contextlib.asynccontextmanager
    async def running(
        cls, platform: str, channels: int, limits: Limits
    ) -> AsyncIterator[FakePlatform]:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.fanout_fake",
            f"--platform={platform}",
            f"--channels={channels}",
            *limits.fake_args(platform),
            cwd=ROOT,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=1 << 26,
        )
        assert process.stdin is not None and process.stdout is not None
        try:
            yield cls(process, json.loads(await process.stdout.readline()))
        finally:
            process.stdin.write(b'{"cmd": "quit"}\n')
            process.stdin.close()
            await process.wait()

    async def tally(self) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(b'{"cmd": "tally"}\n')
        await self.process.stdin.drain()
        return dict(json.loads(await self.process.stdout.readline()))


@dataclass
class Run:
    """One fan-out as measured: ours (the scheduler) or the naive loop."""

    posts: int
    wall: float
    cpu: float
    tally: dict[str, Any]
    recorded: int
    fired: float = 0.0
    """The fire instant on the fake's clock."""

    @property
    def first_post(self) -> float:
        """Seconds from the fire instant until the fake saw the first post."""
        return float(self.tally["first_last"][0]) - self.fired

    @property
    def duplicated(self) -> int:
        found = zip(self.tally["posts"], self.tally["threads"], strict=True)
        return sum(max(p - 1, 0) + max(t - 1, 0) for p, t in found)

    @property
    def missing(self) -> int:
        found = zip(self.tally["posts"], self.tally["threads"], strict=True)
        return sum(1 for p, t in found if p == 0 or t == 0)

    def made(self, platform: str) -> int:
        """Messages (and Discord threads) the platform holds: the requests the posts needed."""
        threads = sum(self.tally["threads"]) if platform == "discord" else 0
        return int(sum(self.tally["posts"])) + threads


def bench_bank() -> Bank:
    bank = load_bank()
    if len(bank) == 0:
        from bench.core import synthetic_bank

        bank = synthetic_bank()
    return bank


def runtime_for(
    database: Path, bank: Bank, platform: str, fake: FakePlatform, limits: Limits
) -> Runtime:
    """The production wiring on a temporary SQLite file, with every channel set up."""
    env = {"DATABASE_URL": f"sqlite:///{database}"}
    if platform == "slack":
        env |= {"SLACK_BOT_TOKEN": fake.ready["token"], "SLACK_API_URL": fake.ready["base_url"]}
        env |= limits.bot_settings
    runtime = build_runtime(load_settings(env), clock=ShiftedClock(), bank=bank)
    now = runtime.clock.now()
    # Hours past today's drill time and the catch-up grace: nothing is due until we fire it.
    at = (now - timedelta(hours=5)).strftime("%H:%M")
    store = runtime.store
    with store.transaction():
        for workspace, channel in fake.channels:
            cfg = ChannelConfig(platform, workspace, channel, time=at, days=tuple(range(7)))
            store.save_channel(cfg, now)
    return runtime


@contextlib.asynccontextmanager
async def discord_sender(
    runtime: Runtime, fake: FakePlatform, limits: Limits
) -> AsyncIterator[Sender]:
    """The real client logged in and connected to the fake gateway, every channel cached."""
    ready = fake.ready
    settings = DiscordSettings(
        token=ready["token"],
        api_base=ready["api_base"],
        gateway_url=ready["gateway_url"],
        **limits.bot_settings,
    )
    point_discord_at(settings)
    bot = CoachBot(runtime.coach, settings, guild_ready_timeout=0.2)
    connected = asyncio.Event()

    async def on_first_ready() -> None:
        connected.set()

    bot.first_ready.append(on_first_ready)
    task = asyncio.create_task(bot.start(ready["token"]))
    try:
        await asyncio.wait_for(connected.wait(), 60)
        for _, channel in fake.channels:  # as in production, where drills come long after
            while bot.get_channel(int(channel)) is None:
                await asyncio.sleep(0.05)
        yield bot.sender
    finally:
        await bot.close()
        await task


@contextlib.asynccontextmanager
async def slack_sender(
    runtime: Runtime, fake: FakePlatform, limits: Limits
) -> AsyncIterator[Sender]:
    """The Slack side as production builds it: bolt app, Web API client, sender and pacer."""
    bot = build_bot(runtime, http_mode=False)
    async with bot.http_session():
        yield bot.sender


class ShiftedClock:
    """The real clock, moved forward on demand: the drills' minute arrives when we say."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


async def fire_all(runtime: Runtime, sender: Sender, platform: str, posts: int) -> Run:
    """The drills' minute arrives and the scheduler fires every drill; until all are recorded.

    The scheduler runs as in production; only the clock jumps to the drills' minute and the
    APScheduler job that fires them (the minute tick, which fires their slot) is made due."""
    drills = runtime.scheduler(sender, platform)
    await drills.start()
    jobs = drills.scheduler
    tick = jobs.get_job(TICK_JOB)
    finished = asyncio.Event()
    seen = {"last_done": 0.0}

    def on_event(event: JobEvent) -> None:
        # Only the runs we made due: the minute tick also runs on its own, with nothing to do.
        if event.job_id == TICK_JOB and event.scheduled_run_time == due:
            seen["last_done"] = time.perf_counter()
            finished.set()

    jobs.add_listener(on_event, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)
    assert isinstance(runtime.clock, ShiftedClock)
    channel_id = runtime.coach.daily.channels(platform)[0].id
    assert channel_id is not None
    at = drills.next_drill(channel_id)
    assert at is not None
    jobs.pause()
    due = datetime.now(UTC)
    runtime.clock.offset = at - datetime.now(UTC) + timedelta(seconds=1)  # their minute: now
    tick.modify(next_run_time=due)
    cpu, fired = time.process_time(), time.perf_counter()
    clocks = {"discord": time.monotonic(), "slack": time.time()}[platform] - fired
    jobs.resume()  # the instant they fire: all due at once, as at a busy minute
    try:
        await asyncio.wait_for(finished.wait(), timeout=60 + posts)
    finally:
        drills.shutdown()
    wall, cpu = seen["last_done"] - fired, time.process_time() - cpu
    run = Run(posts, wall, cpu, {}, posted_count(runtime))
    run.fired = fired + clocks
    return run


async def naive_loop(runtime: Runtime, sender: Sender, platform: str, posts: int) -> Run:
    """What simple bots do: claim, send, record, one channel after the other."""
    daily, now = runtime.coach.daily, runtime.clock.now()
    cpu, began = time.process_time(), time.perf_counter()
    for cfg in daily.channels(platform):
        post = daily.claim(cfg, now)
        if post is None or post.drill_id is None:
            continue
        sent = await sender.send_post(post)
        daily.mark_posted(post.drill_id, sent.message_id, sent.thread_id)
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    return Run(posts, wall, cpu, {}, posted_count(runtime))


def posted_count(runtime: Runtime) -> int:
    ((count,),) = runtime.store.execute("SELECT COUNT(*) FROM drills WHERE posted_at IS NOT NULL")
    return int(count)


async def measure(
    platform: str, channels: int, limits: Limits, bank: Bank, *, naive: bool = False
) -> Run:
    """One fan-out of `channels` drills on a fresh fake and database."""
    open_sender = discord_sender if platform == "discord" else slack_sender
    async with FakePlatform.running(platform, channels, limits) as fake:
        with tempfile.TemporaryDirectory() as tmp:
            runtime = runtime_for(Path(tmp) / "fanout.db", bank, platform, fake, limits)
            try:
                async with open_sender(runtime, fake, limits) as sender:
                    fan_out = naive_loop if naive else fire_all
                    run = await fan_out(runtime, sender, platform, channels)
                run.tally = await fake.tally()
            finally:
                runtime.close()
    return run


def figures(platform: str, channels: int, limits: Limits, ours: Run) -> list[Figure]:
    """Ours against the rate-limit bound."""
    case = f"{platform}, {channels:,} channels, {limits.describe(platform)}"
    bound = ours.made(platform) / limits.global_per_second
    ratio = ours.wall / bound if bound else float("inf")
    rate_limited = int(ours.tally["rate_limited"])
    return [
        Figure("fanout", case, "wall time, fire to all recorded", ours.wall, "s"),
        Figure("fanout", case, "rate-limit bound (requests / rate)", bound, "s"),
        Figure(
            "fanout",
            case,
            "wall / bound",
            ratio,
            "x",
            f"<= {TARGET_RATIO}",
            ratio <= TARGET_RATIO,
        ),
        Figure("fanout", case, "first post on the platform after the fire", ours.first_post, "s"),
        Figure("fanout", case, "429s received", rate_limited, "", "= 0", rate_limited == 0),
        Figure("fanout", case, "CPU per post (bot process)", ours.cpu / channels * 1000, "ms"),
        *checks(case, channels, ours),
    ]


def checks(case: str, channels: int, run: Run) -> list[Figure]:
    """Nothing doubled, nothing lost, on the platform and in the database."""
    return [
        Figure("fanout", case, "posts duplicated", run.duplicated, "", "= 0", run.duplicated == 0),
        Figure("fanout", case, "posts missing", run.missing, "", "= 0", run.missing == 0),
        Figure(
            "fanout",
            case,
            "drills recorded as posted",
            run.recorded,
            "",
            f"= {channels:,}",
            run.recorded == channels,
        ),
    ]


def naive_figures(
    platform: str, channels: int, limits: Limits, ours: Run, ours_channels: int, naive: Run
) -> list[Figure]:
    """The naive loop, and ours against it per post (sizes may differ in quick mode)."""
    case = f"{platform}, naive loop, {channels:,} channels, {limits.latency * 1000:.0f} ms"
    per_post = limits.requests_per_post * limits.latency
    implied = per_post * limits.global_per_second / limits.requests_per_post
    speedup = (naive.wall / channels) / (ours.wall / ours_channels)
    bound = channels * per_post
    versus = f"ours at {ours_channels:,}" if ours_channels != channels else "ours"
    return [
        Figure("fanout", case, "naive wall time", naive.wall, "s"),
        Figure("fanout", case, "naive bound (posts x requests x latency)", bound, "s"),
        Figure("fanout", case, "speed-up implied (naive bound / rate bound)", implied, "x"),
        Figure(
            "fanout",
            case,
            f"speed-up of {versus} over naive, per post",
            speedup,
            "x",
            f">= {implied / TARGET_RATIO:.2f}",
            speedup >= implied / TARGET_RATIO,
        ),
        Figure("fanout", case, "CPU per post (bot process)", naive.cpu / channels * 1000, "ms"),
        *checks(case, channels, naive),
    ]


async def bench(
    platforms: list[str],
    sizes: list[int],
    naive_sizes: set[int],
    *,
    latency: float = LATENCY,
    relaxed: bool = False,
    progress: Callable[[str], None] = lambda line: None,
) -> list[Figure]:
    """Ours at every size, the naive loop at `naive_sizes` (compared with the nearest of ours)."""
    bank = bench_bank()
    found: list[Figure] = []
    for platform in platforms:
        limits = Limits.of(platform, latency, relaxed)
        ours: dict[int, Run] = {}
        for size in sizes:
            progress(f"{platform}: {size:,} channels, ours")
            ours[size] = await measure(platform, size, limits, bank)
            found += figures(platform, size, limits, ours[size])
        for size in sorted(naive_sizes):
            progress(f"{platform}: {size:,} channels, naive")
            naive = await measure(platform, size, limits, bank, naive=True)
            nearest = min(ours, key=lambda s: abs(s - size))
            found += naive_figures(platform, size, limits, ours[nearest], nearest, naive)
    return found


def sizes_for(quick: bool) -> tuple[list[int], set[int]]:
    """(sizes of ours, sizes of the naive loop); the naive loop takes posts x 2 x latency."""
    return ([200], {100}) if quick else ([1_000, 10_000], {1_000})


def run(quick: bool = False) -> list[Figure]:
    """The fan-out figures for the table of `python -m bench`."""
    sizes, naive = sizes_for(quick)
    return asyncio.run(bench(list(PLATFORMS), sizes, naive, progress=_progress))


def _progress(line: str) -> None:
    print(f"  fanout: {line}", file=sys.stderr, flush=True)


def _csv(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fanout", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="200 channels, naive loop at 100")
    parser.add_argument("--sizes", default="", help="channels per run, e.g. 1000,10000")
    parser.add_argument("--platform", default=",".join(PLATFORMS), help="discord,slack")
    parser.add_argument("--naive-all", action="store_true", help="the naive loop at every size")
    parser.add_argument("--latency", type=float, default=LATENCY, help="seconds per response")
    args = parser.parse_args(argv)
    platforms = _csv(args.platform)
    if unknown := sorted(set(platforms) - set(PLATFORMS)):
        parser.error(f"unknown platform {', '.join(unknown)}")
    sizes, naive = sizes_for(args.quick)
    if args.sizes:
        sizes = [int(s.replace("_", "")) for s in _csv(args.sizes)]
        naive = {s for s in sizes if s <= 1_000} or {min(sizes)}
    if args.naive_all:
        naive = set(sizes)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    figures_ = asyncio.run(bench(platforms, sizes, naive, latency=args.latency, progress=_progress))
    print(table(figures_))
    return 1 if any(f.ok is False for f in figures_) else 0


if __name__ == "__main__":
    sys.exit(main())
