"""Benchmark of reply ingestion: a crowd answering in drill threads, through the Discord adapter.

    python -m bench.ingest [--quick] [--rate 500] [--seconds 10] [--people 400] [--threads 8]

The real discord.py client (bot/discord/client.py) and the real core and store run in this
process; a fake Discord (tests/fakes/discord_server.py) and the crowd run in another one
(bench/ingest_fake.py), so generating load costs the bot nothing. Several hundred people reply
in several drill threads, half of them numeric-checked questions, half prose, offered open loop
at a fixed rate: a slow bot does not slow the crowd down.

Latency of a reply: from the moment the fake sends its MESSAGE_CREATE (CLOCK_MONOTONIC, shared
across processes) until the core has committed the attempt and returned the verdict that the
adapter then queues as a reaction (bot/discord/reactions.py, in the same task with no wait in
between). Delivering that reaction is not in it: Discord allows about 50 requests/s per bot and
about 4 reactions/s per channel, so at 500 replies/s most reactions cannot be delivered; the
bounded queue drops the oldest (counted, reported on its own with the reactions not delivered
by the end of the load). "Committed" means a SQLite WAL commit with
synchronous=NORMAL (survives the process dying, not power loss) or a PostgreSQL commit with its
server's default synchronous_commit.

Figures, per store (SQLite WAL on a temporary file; PostgreSQL in a database of its own when
TEST_DATABASE_URL, or the local server, is reachable): at the target rate, p50/p99/max latency
and sustained replies/s; offered far above capacity, the most replies/s the bot sustains; and
answers recorded against replies sent (equal: nothing lost, nothing doubled).
Target: p99 under 10 ms at 500 replies/s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discord
from discord.gateway import DiscordWebSocket

from bench.child import Child
from bench.core import percentile
from bench.report import Figure
from bot.discord.client import CoachBot
from bot.discord.config import DiscordSettings, point_discord_at
from bot.discord.reactions import reactions_of
from bot.heap import freeze_survivors
from bot.scheduler import DrillScheduler
from content.bank import Bank
from content.schema import Question
from handlers.clock import SystemClock
from handlers.coach import Coach
from handlers.types import Incoming, Reply
from storage.records import ChannelConfig
from storage.sqlite import SqliteStore
from storage.store import Store

CHECKED_TOPIC, PROSE_TOPIC = "optimisation", "nlp"
CHECKED_ANSWERS = ["0.5", "It is 0.5", "about 0.7", "I think the answer is 0.50", "0.4999"]
PROSE_ANSWERS = [
    "Attention lets each token weigh every other token, so long-range dependencies do not have "
    "to survive a recurrent bottleneck; the cost is quadratic in sequence length.",
    "I would start with a bag-of-words baseline, then fine-tune a small transformer.",
    "Subword tokenisation keeps the vocabulary small while still handling rare words.",
]
TARGET_P99_MS = 10.0


def bench_bank(per_kind: int = 4) -> Bank:
    """Numeric-checked questions in one topic, prose questions (no checker) in another."""

    def question(qid: str, topic: str, **extra: Any) -> Question:
        return Question.model_validate(
            {
                "id": qid,
                "topic": topic,
                "difficulty": "medium",
                "prompt": f"Question {qid}?",
                "sources": [{"source": "bench", "line": 1, "question": f"Question {qid}?"}],
                "answers": [{"source": "bench", "kind": "prose", "text": "A model answer."}],
                **extra,
            }
        )

    numeric = {"kind": "numeric", "spec": {"value": 0.5, "abs_tol": 0.01}}
    return Bank(
        [question(f"checked-{i}", CHECKED_TOPIC, checker=numeric) for i in range(per_kind)]
        + [question(f"prose-{i}", PROSE_TOPIC) for i in range(per_kind)]
    )


class TimedCoach:
    """The real core, with the monotonic time each reply entered it and left it, by message."""

    def __init__(self, coach: Coach) -> None:
        self.coach = coach
        self.entered: dict[str, float] = {}
        self.left: dict[str, float] = {}
        self.expected = 0
        self.all_in = asyncio.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.coach, name)

    def handle(self, incoming: Incoming) -> list[Reply]:
        self.entered[incoming.message_id] = time.monotonic()
        replies = self.coach.handle(incoming)
        self.left[incoming.message_id] = time.monotonic()
        if len(self.left) >= self.expected:
            self.all_in.set()
        return replies

    async def wait_for(self, count: int, timeout: float) -> None:
        """Until `count` replies have been handled in all (or `timeout` seconds pass)."""
        self.expected = count
        if len(self.left) < count:
            self.all_in.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.all_in.wait(), timeout)


@dataclass
class Load:
    """One open-loop load and what the bot made of it."""

    rate: float
    sent: list[tuple[str, float]]
    reactions_by_end: int
    latencies_ms: list[float] = field(default_factory=list)
    core_ms: list[float] = field(default_factory=list)
    handled: int = 0
    throughput: float = 0.0
    backlog: int = 0
    reaction_retries: int = 0
    reactions_dropped: int = 0
    """Verdict reactions the bounded queue dropped (the answers themselves are all recorded)."""
    gc_pause_ms: float = 0.0
    """The longest garbage-collector pause in the bot during the load."""
    gc_tasks: int = 0
    """asyncio tasks alive at that pause (each reply waiting for its reaction holds two)."""
    """Reactions that failed or timed out (15 s each, queued behind the pacer) and were retried."""
    cpu_ms: float = 0.0
    """The bot process's CPU time per reply (parsing, core, store, queueing the reaction)."""


@dataclass
class Run:
    """Every load on one store, and the answers it recorded."""

    store: str
    loads: dict[str, Load]
    recorded: int
    distinct: int
    sent: int
    verdicts: dict[str, int]


class GcPauses:
    """The longest garbage-collector pause while attached, and tasks alive at the worst one."""

    def __init__(self) -> None:
        self.longest_ms = 0.0
        self.tasks = 0
        self._began = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
            return
        pause = (time.perf_counter() - self._began) * 1000
        if pause > self.longest_ms:
            self.longest_ms = pause
            with contextlib.suppress(RuntimeError):
                self.tasks = len(asyncio.all_tasks())

    @contextlib.contextmanager
    def attached(self) -> Iterator[GcPauses]:
        gc.callbacks.append(self)
        try:
            yield self
        finally:
            gc.callbacks.remove(self)


class RetryCount(logging.Handler):
    """Counts the adapter's reaction retries (bot/retry.py logs each) instead of printing them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += bool(record.args) and record.args[0] == "reaction"  # type: ignore[index]

    @contextlib.contextmanager
    def attached(self) -> Iterator[RetryCount]:
        retries = logging.getLogger("bot.retry")
        retries.addHandler(self)
        propagate, retries.propagate = retries.propagate, False
        try:
            yield self
        finally:
            retries.removeHandler(self)
            retries.propagate = propagate


async def settle() -> None:
    freeze_survivors()


async def connect(fake: Child, coach: TimedCoach) -> tuple[CoachBot, asyncio.Task[None]]:
    """The real Discord client, connected to the fake with the default request pace."""
    ready = fake.ready
    settings = DiscordSettings(
        token=ready["token"], api_base=ready["api_base"], gateway_url=ready["gateway_url"]
    )
    point_discord_at(settings)
    bot = CoachBot(coach, settings, guild_ready_timeout=0.01)
    connected = asyncio.Event()

    async def on_first_ready() -> None:
        connected.set()

    bot.first_ready.append(on_first_ready)
    bot.first_ready.append(settle)  # as python -m bot discord does (bot/discord/cli.py)
    task = asyncio.create_task(bot.start(ready["token"]))
    await asyncio.wait_for(connected.wait(), 10)
    return bot, task


async def post_drills(fake: Child, coach: Coach, bot: CoachBot) -> list[tuple[str, list[str]]]:
    """Set up every channel, half checked and half prose, post its drill; (thread, answers)."""
    store, now = coach.deps.store, coach.deps.clock.now()
    scheduler = DrillScheduler(coach, bot.sender, "discord", coach.deps.clock)
    threads = []
    for i, channel in enumerate(fake.ready["channels"]):
        topic = CHECKED_TOPIC if i % 2 == 0 else PROSE_TOPIC
        cfg = ChannelConfig("discord", fake.ready["guild"], channel, topics=(topic,))
        cfg = store.save_channel(cfg, now)
        assert cfg.id is not None
        await scheduler.run_drill(cfg.id)
        drill = store.open_drill(cfg.id)
        assert drill is not None and drill.thread_id is not None, "the drill was not posted"
        threads.append((drill.thread_id, CHECKED_ANSWERS if i % 2 == 0 else PROSE_ANSWERS))
    return threads


async def offer(
    fake: Child,
    coach: TimedCoach,
    bot: CoachBot,
    threads: list[tuple[str, list[str]]],
    rate: float,
    count: int,
) -> Load:
    """Offer `count` replies at `rate`/s, wait until the bot has handled them, time each."""
    before, cpu = len(coach.left), time.process_time()
    dropped = reactions_of(bot).dropped
    with RetryCount().attached() as retries, GcPauses().attached() as pauses:
        answer = await fake.ask({"cmd": "load", "threads": threads, "rate": rate, "count": count})
        load = Load(rate, [(m, t) for m, t in answer["sent"]], answer["reactions"])
        await coach.wait_for(before + count, timeout=30 + count / 100)
    load.cpu_ms = (time.process_time() - cpu) * 1000 / count
    load.reaction_retries = retries.count
    load.reactions_dropped = reactions_of(bot).dropped - dropped
    load.gc_pause_ms, load.gc_tasks = pauses.longest_ms, pauses.tasks
    done = [(coach.left[m], t, coach.entered[m]) for m, t in load.sent if m in coach.left]
    load.handled = len(done)
    load.latencies_ms = [(left - sent) * 1000 for left, sent, _ in done]
    load.core_ms = [(left - entered) * 1000 for left, _, entered in done]
    if done:
        first_sent, last_sent = load.sent[0][1], load.sent[-1][1]
        load.throughput = len(done) / max(max(left for left, _, _ in done) - first_sent, 1e-9)
        handled_by_end = sum(1 for left, _, _ in done if left <= last_sent)
        load.backlog = max(handled_by_end - load.reactions_by_end, 0)
    return load


async def drive(store: Store, *, rate: float, count: int, people: int, threads: int) -> Run:
    """Warm up, then offer `count` replies at `rate` and as many far above capacity."""
    coach = Coach(store, bench_bank(), SystemClock())
    timed = TimedCoach(coach)
    endpoints = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    fake_args = (f"--channels={threads}", f"--people={people}")
    frozen_before = gc.get_freeze_count()
    async with Child.running("bench.ingest_fake", *fake_args) as fake:
        bot, task = await connect(fake, timed)
        try:
            drill_threads = await post_drills(fake, coach, bot)
            loads = {
                "warm-up": await offer(fake, timed, bot, drill_threads, rate, max(count // 10, 20)),
                "target": await offer(fake, timed, bot, drill_threads, rate, count),
                "saturated": await offer(fake, timed, bot, drill_threads, rate * 10, count),
            }
        finally:
            await disconnect(bot, task)
            discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = endpoints
            if not frozen_before:  # leave a process that froze nothing (a test run) as it was
                gc.unfreeze()
    sent = sum(len(load.sent) for load in loads.values())
    ((recorded, distinct),) = store.execute(
        "SELECT COUNT(*), COUNT(DISTINCT message_id) FROM attempts"
    )
    verdicts: dict[str, int] = dict(
        store.execute("SELECT verdict, COUNT(*) FROM attempts GROUP BY verdict")
    )
    return Run(store.dialect, loads, recorded, distinct, sent, verdicts)


async def disconnect(bot: CoachBot, task: asyncio.Task[None]) -> None:
    """Close the client; reactions still queued behind the pacer are dropped, quietly."""
    quiet = [logging.getLogger(name) for name in ("discord", "bot")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.CRITICAL)
    try:
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for leftover in pending:
            if leftover is not task:
                leftover.cancel()
        await bot.close()
        await task
        await asyncio.gather(*pending, return_exceptions=True)
    finally:
        for logger, level in zip(quiet, levels, strict=True):
            logger.setLevel(level)


@contextlib.contextmanager
def sqlite_store() -> Iterator[Store]:
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "ingest.db")
        try:
            yield store
        finally:
            store.close()


@contextlib.contextmanager
def postgres_store() -> Iterator[Store]:
    """A PostgreSQL database of the bench's own, created and dropped around the run."""
    from storage.postgres import PostgresStore
    from tests.storage import postgres

    with postgres.fresh_database() as url:
        store = PostgresStore(url)
        try:
            yield store
        finally:
            store.close()


def stores(
    only: str = "",
) -> list[tuple[str, Callable[[], contextlib.AbstractContextManager[Store]]]]:
    """SQLite always; PostgreSQL when a server answers (`only`: "sqlite" or "postgresql")."""
    from tests.storage import postgres

    found: list[tuple[str, Callable[[], contextlib.AbstractContextManager[Store]]]] = []
    if only in ("", "sqlite"):
        found.append(("SQLite WAL", sqlite_store))
    if only not in ("", "postgresql"):
        return found
    why = postgres.reachable()
    if why is None:
        found.append(("PostgreSQL", postgres_store))
    else:
        print(f"PostgreSQL skipped: {why}", file=sys.stderr)
    return found


def measure(
    open_store: Callable[[], contextlib.AbstractContextManager[Store]],
    *,
    rate: float,
    count: int,
    people: int = 400,
    threads: int = 8,
) -> Run:
    with open_store() as store:
        return asyncio.run(drive(store, rate=rate, count=count, people=people, threads=threads))


def figures(name: str, run: Run, people: int) -> list[Figure]:
    target, saturated = run.loads["target"], run.loads["saturated"]
    case = f"Discord, {name}, {people} people, {target.rate:,.0f}/s offered"
    p99 = percentile(target.latencies_ms, 99)
    return [
        Figure("ingest", case, "sustained", target.throughput, "replies/s"),
        Figure("ingest", case, "latency p50", percentile(target.latencies_ms, 50), "ms"),
        Figure("ingest", case, "latency p99", p99, "ms", f"< {TARGET_P99_MS:.0f} ms", p99 < 10),
        Figure("ingest", case, "latency max", max(target.latencies_ms), "ms"),
        Figure("ingest", case, "core p99 (of the above)", percentile(target.core_ms, 99), "ms"),
        Figure("ingest", case, "bot CPU per reply", target.cpu_ms, "ms"),
        Figure(
            "ingest",
            case,
            "CPU-bound capacity, one free core",
            1000 / target.cpu_ms if target.cpu_ms else 0.0,
            "replies/s",
        ),
        Figure("ingest", case, "reactions not delivered by the end", target.backlog, ""),
        Figure("ingest", case, "reactions dropped (queue full)", target.reactions_dropped, ""),
        Figure("ingest", case, "reaction retries", target.reaction_retries, ""),
        Figure("ingest", case, "longest GC pause", target.gc_pause_ms, "ms"),
        Figure("ingest", case, "tasks alive at that pause", target.gc_tasks, ""),
        Figure(
            "ingest",
            f"Discord, {name}, {saturated.rate:,.0f}/s offered",
            "max sustained",
            saturated.throughput,
            "replies/s",
            f">= {target.rate:,.0f}",
            saturated.throughput >= target.rate,
        ),
        Figure(
            "ingest",
            f"Discord, {name}, all loads",
            "answers recorded / sent",
            run.distinct if run.distinct == run.recorded else -run.recorded,
            "",
            f"= {run.sent:,}",
            run.recorded == run.distinct == run.sent,
        ),
    ]


def run(
    quick: bool = False, rate: float = 500, seconds: float = 10, people: int = 400
) -> list[Figure]:
    """The figures of every reachable store for the table of `python -m bench`."""
    count = int(rate * (2 if quick else seconds))
    found = []
    for name, open_store in stores():
        found += figures(name, measure(open_store, rate=rate, count=count, people=people), people)
    return found


def lines(name: str, result: Run) -> list[str]:
    """The human summary of one store's run."""
    target, saturated = result.loads["target"], result.loads["saturated"]
    lat = target.latencies_ms
    return [
        f"{name}: {len(target.sent):,} replies offered at {target.rate:,.0f}/s, "
        f"{target.handled:,} handled at {target.throughput:,.0f}/s; latency p50 "
        f"{percentile(lat, 50):.2f} ms, p99 {percentile(lat, 99):.2f} ms, max {max(lat):.2f} ms "
        f"(core alone p99 {percentile(target.core_ms, 99):.2f} ms; target p99 < 10 ms); "
        f"bot CPU {target.cpu_ms:.2f} ms per reply; "
        f"{target.backlog:,} reactions not delivered when the load ended "
        f"({target.reactions_dropped:,} dropped from the full queue), "
        f"{target.reaction_retries:,} reaction retries; longest GC pause "
        f"{target.gc_pause_ms:.0f} ms with {target.gc_tasks:,} tasks alive",
        f"{name}: offered {saturated.rate:,.0f}/s, sustained {saturated.throughput:,.0f} "
        f"replies/s (bot CPU {saturated.cpu_ms:.2f} ms per reply)",
        f"{name}: answers recorded {result.recorded:,} (distinct {result.distinct:,}) of "
        f"{result.sent:,} sent; verdicts {dict(sorted(result.verdicts.items()))}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2 s per load instead of --seconds")
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--store", choices=("sqlite", "postgresql"), help="only this store")
    args = parser.parse_args(argv)
    count = int(args.rate * (2 if args.quick else args.seconds))
    missed = False
    for name, open_store in stores(args.store or ""):
        result = measure(
            open_store, rate=args.rate, count=count, people=args.people, threads=args.threads
        )
        print("\n".join(lines(name, result)), flush=True)
        missed |= any(f.ok is False for f in figures(name, result, args.people))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
