"""Benchmark 4 of issue #9, scale of history: the bot's hot queries as history grows.

    python -m bench.history [--quick] [--sizes 10000,100000,...] [--reps 300] [--no-postgres]

100,000 people in 5 workspaces and 500 channels, one drill a day per channel; the same database
grows step by step (10k, 100k, 1M, 10M attempts; quick: 10k and 100k), and at each size every
query in HOT runs `reps` times through the Store method the bot calls, with random arguments.
SQLite is a temporary file opened like the bot opens it (WAL); PostgreSQL runs too when the
server at BENCH_POSTGRES_URL answers (a database `bench_history` is created and dropped).
Targets: p99 under 5 ms at the largest size, and the p50 at the largest size within 2x of the
smallest or less than 0.5 ms above it (flat: indexes, not scans; a scan of a million attempts
costs tens of milliseconds, while a deeper B-tree, cache misses and a busy machine move a
sub-millisecond query by a fraction of a millisecond). A catch-up returns every open drill of the
platform (250 here), so its cost follows channels, not history: it is held to 20 ms.
The queries in BY_DESIGN work on one channel's or one person's own rows (the channel's past
questions, the person's practice, forget-me), so they grow with that channel's or person's age,
not with everyone's history: their time is shown without a target.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg

from bench.core import percentile
from bench.history_data import (
    CHANNELS,
    PER_CHANNEL,
    PLATFORM,
    History,
    channel_of,
    day_of,
    drill_id,
    member,
    message_id,
    practice_person,
    user_id,
    workspace_of,
)
from bench.report import Figure
from storage.records import Attempt, Person
from storage.store import Store
from storage.urls import open_store, sqlite_url

POSTGRES_ADMIN = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
POSTGRES_DB = "bench_history"
LEADERBOARD_ROWS = 50
"""What `/coach leaderboard` reads: the board's size (10) times five."""
BOARD_MONTH = timedelta(days=29)
"""What `/coach leaderboard` (a month by default) reads of one channel's drills."""
P99_TARGET_MS = 5.0
P99_TARGET_MS_BY_GROUP = {"per catch-up": 20.0}
FLAT_TARGET = 2.0
FLAT_SLACK_MS = 0.5
BY_DESIGN = {
    "asked_questions": "a row per drill day of the channel",
    "practiced_questions": "a row per practice question of the person",
    "forget": "deletes every row of the person",
    "board_entries": "a row per answer of the channel's last 30 days",
}
"""Queries whose work is one person's or one channel's own history: no flatness target."""

_fresh = itertools.count()


@dataclass(frozen=True)
class Pick:
    """What one call is about: a channel, today's drill there, one of its people, a message."""

    workspace: str
    channel: str
    channel_id: int
    drill_id: int
    thread: str
    user: str
    message_id: str
    day: date
    practice_workspace: str
    practice_user: str
    fresh: str
    """A message id never used before (for the writes)."""


def pick(history: History, rng: random.Random) -> Pick:
    c = rng.randrange(CHANNELS)
    today = history.days - 1
    someone = practice_person(rng.randrange(1, history.practice + 1)) if history.practice else 0
    return Pick(
        workspace=workspace_of(c),
        channel=f"C{c}",
        channel_id=c + 1,
        drill_id=drill_id(today, c),
        thread=f"th-{drill_id(today, c)}",
        user=user_id(member(c, rng.randrange(PER_CHANNEL))),
        message_id=message_id(rng.randrange(max(history.attempts, 1))),
        day=day_of(today),
        practice_workspace=workspace_of(channel_of(someone)),
        practice_user=user_id(someone),
        fresh=f"bench-{next(_fresh)}",
    )


Query = Callable[[Store, Pick], object]
NOW = datetime(2026, 3, 1, 9, tzinfo=UTC)


def _add_attempt(s: Store, p: Pick) -> bool:
    return s.add_attempt(
        Attempt(PLATFORM, p.workspace, p.fresh, p.user, "0.5", "correct", 1.0, NOW, p.drill_id)
    )


def _save_person(s: Store, p: Pick) -> None:
    s.save_person(Person(PLATFORM, p.workspace, p.user, "someone", 3, 7, p.day, p.channel_id, 9, 4))


HOT: dict[str, dict[str, Query]] = {
    "per reply": {
        "drill_in_thread": lambda s, p: s.drill_in_thread(
            PLATFORM, p.workspace, p.channel, p.thread
        ),
        "find_attempt": lambda s, p: s.find_attempt(PLATFORM, p.workspace, p.message_id),
        "latest_verdict": lambda s, p: s.latest_verdict(p.drill_id, p.user),
        "person": lambda s, p: s.person(PLATFORM, p.workspace, p.user),
        "drill_day_before": lambda s, p: s.drill_day_before(p.channel_id, p.day),
        "add_attempt": _add_attempt,
        "save_person": _save_person,
    },
    "per command": {
        "leaderboard": lambda s, p: s.leaderboard(PLATFORM, p.workspace, LEADERBOARD_ROWS),
        "board_entries": lambda s, p: s.board_entries(p.channel_id, p.day - BOARD_MONTH),
        "first_answer_day": lambda s, p: s.first_answer_day(
            p.channel_id, PLATFORM, p.workspace, p.user
        ),
        "posted_drills": lambda s, p: s.posted_drills(p.channel_id, p.day - BOARD_MONTH),
        "channel": lambda s, p: s.channel(PLATFORM, p.workspace, p.channel),
        "channel_by_id": lambda s, p: s.channel_by_id(p.channel_id),
        "open_drill": lambda s, p: s.open_drill(p.channel_id),
        "has_answered": lambda s, p: s.has_answered(p.drill_id, p.user),
        "latest_practice": lambda s, p: s.latest_practice(
            PLATFORM, p.practice_workspace, p.practice_user
        ),
        "practiced_questions": lambda s, p: s.practiced_questions(
            PLATFORM, p.practice_workspace, p.practice_user
        ),
        "forget": lambda s, p: s.forget(PLATFORM, p.practice_workspace, p.practice_user),
    },
    "per reveal": {
        "drill": lambda s, p: s.drill(p.drill_id),
        "figures": lambda s, p: s.figures(p.drill_id),
    },
    "per catch-up": {
        "unrevealed_drills": lambda s, p: s.unrevealed_drills(PLATFORM),
        "unposted_drills": lambda s, p: s.unposted_drills(PLATFORM),
    },
    "per day": {
        "drill_on": lambda s, p: s.drill_on(p.channel_id, p.day),
        "asked_questions": lambda s, p: s.asked_questions(p.channel_id),
    },
}
"""Every query the bot runs on a reply, a command, a reveal, a catch-up (start-up, reconnection)
and a drill day, by Store method."""


def time_queries(store: Store, history: History, reps: int) -> dict[str, list[float]]:
    """Milliseconds of each hot query, `reps` calls each with random arguments."""
    rng = random.Random(history.attempts)
    timings: dict[str, list[float]] = {}
    for group in HOT.values():
        for name, query in group.items():
            for _ in range(5):
                query(store, pick(history, rng))
            samples = []
            for _ in range(reps):
                chosen = pick(history, rng)
                began = time.perf_counter()
                query(store, chosen)
                samples.append((time.perf_counter() - began) * 1000)
            timings[name] = samples
    return timings


@dataclass
class Run:
    """One dialect's measurements: per size, per query, the timings; and generation seconds."""

    dialect: str
    sizes: list[int]
    timings: dict[int, dict[str, list[float]]]
    generated: dict[int, float]


def measure(store: Store, dialect: str, sizes: list[int], reps: int) -> Run:
    history = History(store)
    run = Run(dialect, sizes, {}, {})
    began = time.perf_counter()
    history.setup()
    for size in sizes:
        history.grow_to(size)
        run.generated[size] = time.perf_counter() - began
        print(
            f"{dialect}: {size:,} attempts over {history.days} days generated "
            f"({run.generated[size]:.1f} s in all); measuring",
            file=sys.stderr,
            flush=True,
        )
        run.timings[size] = time_queries(store, history, reps)
        began = time.perf_counter()
    return run


@contextmanager
def sqlite_store() -> Iterator[Store]:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(sqlite_url(Path(tmp) / "history.db"))
        try:
            yield store
        finally:
            store.close()


def _postgres_reachable() -> str | None:
    try:
        with psycopg.connect(POSTGRES_ADMIN, connect_timeout=3):
            return None
    except psycopg.Error as err:
        return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


@contextmanager
def postgres_store() -> Iterator[Store]:
    """A store on a database of its own, dropped afterwards."""
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {POSTGRES_DB}")
    try:
        store = open_store(POSTGRES_ADMIN.rsplit("/", 1)[0] + "/" + POSTGRES_DB)
        try:
            yield store
        finally:
            store.close()
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DB} WITH (FORCE)")


def short(size: int) -> str:
    for unit, scale in (("M", 1_000_000), ("k", 1_000)):
        if size >= scale and size % scale == 0:
            return f"{size // scale}{unit}"
    return str(size)


def ratio(run: Run, name: str) -> float:
    first, last = run.timings[run.sizes[0]][name], run.timings[run.sizes[-1]][name]
    return percentile(last, 50) / percentile(first, 50)


def lines(run: Run) -> list[str]:
    """The per-query matrix: p50/p99 in ms at every size, and the p50 ratio last/first."""
    head = f"{run.dialect:<12} {'query':<20}" + "".join(
        f"{short(s) + ' p50/p99 ms':>22}" for s in run.sizes
    )
    out = [head + f"  p50 {short(run.sizes[-1])}/{short(run.sizes[0])}"]
    for when, group in HOT.items():
        for name in group:
            cells = "".join(
                f"{percentile(t, 50):>12.3f}/{percentile(t, 99):<9.3f}"
                for t in (run.timings[s][name] for s in run.sizes)
            )
            note = f"  ({BY_DESIGN[name]})" if name in BY_DESIGN else ""
            out.append(f"{when:<12} {name:<20}{cells}  {ratio(run, name):.2f}x{note}")
    out.append(
        f"{run.dialect}: generated "
        + ", ".join(f"{short(s)} in {run.generated[s]:.1f} s" for s in run.sizes)
        + " (each step adds to the previous one)"
    )
    return out


def flat(run: Run, name: str) -> bool:
    """Within FLAT_TARGET, or grown by less than FLAT_SLACK_MS (B-tree depth, cache misses)."""
    first, last = run.timings[run.sizes[0]][name], run.timings[run.sizes[-1]][name]
    return ratio(run, name) <= FLAT_TARGET or percentile(last, 50) - percentile(first, 50) < (
        FLAT_SLACK_MS
    )


def figures(run: Run) -> list[Figure]:
    """Per group of queries: the slowest p99 at the largest size and the steepest p50 growth;
    the queries that grow by design as context."""
    last, first = short(run.sizes[-1]), short(run.sizes[0])
    out = []
    for when, group in HOT.items():
        p99 = {
            n: percentile(run.timings[run.sizes[-1]][n], 99) for n in group if n not in BY_DESIGN
        }
        worst = max(p99, key=lambda n: p99[n])
        target = P99_TARGET_MS_BY_GROUP.get(when, P99_TARGET_MS)
        out.append(
            Figure(
                "history",
                f"{run.dialect}, {when}: {worst}",
                f"slowest p99 at {last} attempts",
                p99[worst],
                "ms",
                f"< {target:g} ms",
                p99[worst] < target,
            )
        )
        ratios = {n: ratio(run, n) for n in group if n not in BY_DESIGN}
        steep = max(ratios, key=lambda n: ratios[n])
        out.append(
            Figure(
                "history",
                f"{run.dialect}, {when}: {steep}",
                f"p50 {last}/{first}",
                ratios[steep],
                "x",
                f"<= {FLAT_TARGET:g}x or +{FLAT_SLACK_MS:g} ms",
                all(flat(run, n) for n in ratios),
            )
        )
    for name, why in BY_DESIGN.items():
        timing = run.timings[run.sizes[-1]][name]
        out.append(
            Figure(
                "history",
                f"{run.dialect}, {name} ({why})",
                f"p99 at {last}",
                percentile(timing, 99),
                "ms",
            )
        )
    out.append(
        Figure(
            "history",
            run.dialect,
            f"generate {last} attempts",
            sum(run.generated.values()),
            "s",
        )
    )
    return out


def sizes_for(quick: bool) -> list[int]:
    return [10_000, 100_000] if quick else [10_000, 100_000, 1_000_000, 10_000_000]


def runs(sizes: list[int], reps: int, postgres_sizes: list[int] | None) -> Iterator[Run]:
    with sqlite_store() as store:
        yield measure(store, "sqlite", sizes, reps)
    if postgres_sizes is None:
        return
    why = _postgres_reachable()
    if why is not None:
        print(f"PostgreSQL skipped: {why}", file=sys.stderr)
        return
    with postgres_store() as store:
        yield measure(store, "postgresql", postgres_sizes, reps)


def run(quick: bool = False) -> list[Figure]:
    """The history figures for the table of `python -m bench`."""
    sizes = sizes_for(quick)
    return [f for r in runs(sizes, 200 if quick else 300, sizes) for f in figures(r)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.history", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10k and 100k attempts only")
    parser.add_argument("--sizes", default="", help="comma-separated attempt counts")
    parser.add_argument("--postgres-sizes", default="", help="default: the same as --sizes")
    parser.add_argument("--reps", type=int, default=300)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s] or sizes_for(args.quick)
    pg_sizes = [int(s) for s in args.postgres_sizes.split(",") if s] or sizes
    missed = False
    for result in runs(sizes, args.reps, None if args.no_postgres else pg_sizes):
        print("\n".join(lines(result)), flush=True)
        missed |= any(f.ok is False for f in figures(result))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
