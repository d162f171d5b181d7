"""Benchmark of the core, in-process, on a temporary SQLite file.

    python -m bench.core [--replies 5000] [--channels 10000]

1. A reply handled end to end (parse, check, store, build the reply): p50 and p99.
2. The daily pick-and-record for N channels: find the due channels, pick each one's question and
   record its drill, in total.
Targets: a reply under 5 ms at p99; 10,000 channels under 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.report import Figure
from content.bank import Bank, load_bank
from content.schema import TOPICS, Question
from handlers.clock import ManualClock
from handlers.coach import Coach
from handlers.types import Incoming
from storage.records import ChannelConfig
from storage.sqlite import SqliteStore

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday, drill time in UTC


def synthetic_bank(size: int = 300) -> Bank:
    """A bank of numeric-checked questions across every topic, for when no bank is built."""
    topics = list(TOPICS)
    return Bank(
        Question.model_validate(
            {
                "id": f"q-{i}",
                "topic": topics[i % len(topics)],
                "difficulty": ("easy", "medium", "hard")[i % 3],
                "prompt": f"Question {i}?",
                "sources": [{"source": "bench", "line": 1, "question": f"Question {i}?"}],
                "checker": {"kind": "numeric", "spec": {"value": 0.5, "abs_tol": 0.01}},
            }
        )
        for i in range(size)
    )


def bench_replies(store: SqliteStore, bank: Bank, count: int) -> list[float]:
    """Milliseconds per reply in one drill thread, each from a different person."""
    clock = ManualClock(START)
    coach = Coach(store, bank, clock)
    cfg = store.save_channel(ChannelConfig("console", "bench", "replies", tz="UTC"), START)
    post = coach.daily.claim(cfg, START)
    assert post is not None and post.drill_id is not None
    coach.daily.mark_posted(post.drill_id, "m0", "thread-0")
    timings = []
    for i in range(count):
        incoming = Incoming(
            platform="console",
            workspace="bench",
            channel="replies",
            user=f"user-{i}",
            text=("I think it is 0.5" if i % 2 else "roughly 0.7"),
            message_id=f"r{i}",
            time=START,
            thread="thread-0",
        )
        began = time.perf_counter()
        replies = coach.handle(incoming)
        timings.append((time.perf_counter() - began) * 1000)
        assert replies and replies[0].reaction in ("correct", "incorrect", "received")
    return timings


def bench_channels(store: SqliteStore, bank: Bank, count: int) -> tuple[float, int]:
    """Seconds to find, pick and record the drills of `count` channels; drills recorded."""
    clock = ManualClock(START)
    coach = Coach(store, bank, clock)
    topic_sets = [(), ("nlp",), ("training", "optimisation"), ("computer-vision",)]
    with store.transaction():
        for i in range(count):
            cfg = ChannelConfig(
                "slack", f"T{i % 100}", f"C{i}", tz="UTC", topics=topic_sets[i % len(topic_sets)]
            )
            store.save_channel(cfg, START)
    began = time.perf_counter()
    recorded = 0
    for cfg in coach.daily.due_drills("slack", START):
        if coach.daily.claim(cfg, START) is not None:
            recorded += 1
    return time.perf_counter() - began, recorded


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def measure(replies: int, channels: int) -> tuple[list[float], float, int]:
    """Reply timings (ms), then seconds to pick and record `channels` drills, and how many."""
    bank = load_bank()
    if len(bank) == 0:
        bank = synthetic_bank()
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "bench.db")
        timings = bench_replies(store, bank, replies)
        total, recorded = bench_channels(store, bank, channels)
        store.close()
    return timings, total, recorded


def run(quick: bool = False) -> list[Figure]:
    """The core's figures for the table of `python -m bench`."""
    channels = 1_000 if quick else 10_000
    timings, total, recorded = measure(5000, channels)
    case = f"{len(timings):,} replies, SQLite, no platform"
    return [
        Figure("core", case, "reply p50", percentile(timings, 50), "ms"),
        Figure(
            "core",
            case,
            "reply p99",
            percentile(timings, 99),
            "ms",
            "< 5 ms",
            percentile(timings, 99) < 5,
        ),
        Figure(
            "core",
            f"{channels:,} channels",
            "pick and record all",
            total,
            "s",
            "< 2 s" if channels == 10_000 else "",
            total < 2 if channels == 10_000 else None,
        ),
        Figure(
            "core",
            f"{channels:,} channels",
            "drills recorded",
            recorded,
            "",
            f"= {channels:,}",
            recorded == channels,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.core", description=__doc__)
    parser.add_argument("--replies", type=int, default=5000)
    parser.add_argument("--channels", type=int, default=10_000)
    args = parser.parse_args(argv)
    timings, total, recorded = measure(args.replies, args.channels)
    print(
        f"reply end to end ({len(timings)} replies): p50 {percentile(timings, 50):.3f} ms, "
        f"p99 {percentile(timings, 99):.3f} ms, max {max(timings):.3f} ms (target p99 < 5 ms)"
    )
    print(
        f"daily pick-and-record: {recorded} channels in {total:.3f} s "
        f"({total / max(recorded, 1) * 1e6:.0f} us per channel; target < 2 s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
