"""Benchmark of the `/coach stats` picture: drawing a full year with every topic.

    python -m bench.pictures [--rounds 20]

A cold draw (a fresh process: matplotlib imported at the first picture, as in the bot) and warm
draws after it; the PNG's size. Targets from issue 19: under 1 s and under 200 KB.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from datetime import date, timedelta

from bench.report import Figure, command
from content.schema import TOPICS
from handlers.types import DayMark, Picture

MARKS: tuple[DayMark, ...] = ("right", "answered", "right", "missed", "freeze")


def year_picture() -> Picture:
    """A year of weekday drills, every mark used, and a bar for every topic."""
    last = date(2026, 12, 8)
    first = last - timedelta(days=364)
    days = tuple(
        (first + timedelta(days=i), MARKS[i % len(MARKS)])
        for i in range(365)
        if (first + timedelta(days=i)).weekday() < 5
    )
    topics = tuple(
        (name, (i + 1) / (len(TOPICS) + 1), 10 + i) for i, name in enumerate(TOPICS.values())
    )
    return Picture("Your drill days and topics", first, last, days, topics, alt="a year")


def _cold_seconds() -> float:
    code = (
        "import time; t = time.perf_counter(); from bench.pictures import year_picture;"
        "from bot.pictures import render; render(year_picture());"
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def run(quick: bool = False, rounds: int = 20) -> list[Figure]:
    from bot.pictures import render

    rounds = 5 if quick else rounds
    picture = year_picture()
    cold = _cold_seconds()
    png = render(picture)
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        render(picture)
        timings.append(time.perf_counter() - start)
    cuts = statistics.quantiles(timings, n=20)
    case = f"a year, {len(picture.topics)} topics"
    return [
        Figure("pictures", case, "first draw (with import)", cold, "s", "< 1 s", cold < 1),
        Figure("pictures", case, "p50 draw", statistics.median(timings), "s"),
        Figure("pictures", case, "p95 draw", cuts[18], "s", "< 1 s", cuts[18] < 1),
        Figure("pictures", case, "PNG size", len(png) / 1024, "KB", "< 200 KB", len(png) < 200_000),
    ]


def main() -> None:
    command(run, __doc__, rounds=20, digits=3)


if __name__ == "__main__":
    main()
