"""The benchmark table: every bench module returns Figures; `python -m bench` prints them as one
table and writes them, with the machine they ran on, as JSON.

A Figure is one measured number with the target it is held to, so the table says at a glance
which targets are met (`ok`), which are missed, and which figures are context only (no target).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Figure:
    """One measured number: `bench` and `case` say what ran, `metric` what was measured."""

    bench: str
    case: str
    metric: str
    value: float
    unit: str = ""
    target: str = ""
    """Human-readable target such as "<= 1.1" or "< 10 ms"; empty for context figures."""
    ok: bool | None = None
    """Whether the target was met; None when the figure has no target."""


def machine() -> dict[str, Any]:
    """What the figures ran on, so a reader can compare like with like."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _value(figure: Figure) -> str:
    value = figure.value
    if value == int(value) and abs(value) >= 1 and figure.unit not in ("s", "ms", "x"):
        text = f"{int(value):,}"
    elif abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.3g}"
    return f"{text} {figure.unit}".strip()


def table(figures: list[Figure]) -> str:
    """A plain-text table, one row per figure, in the order the benches produced them."""
    head = ("bench", "case", "metric", "value", "target", "ok")
    rows = [
        (
            f.bench,
            f.case,
            f.metric,
            _value(f),
            f.target,
            "" if f.ok is None else ("yes" if f.ok else "NO"),
        )
        for f in figures
    ]
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(head), line(tuple("-" * w for w in widths)), *map(line, rows)])


def write_json(figures: list[Figure], path: Path) -> None:
    document = {"machine": machine(), "figures": [asdict(f) for f in figures]}
    path.write_text(json.dumps(document, indent=2) + "\n")


def command(run: Callable[..., list[Figure]], doc: str | None, rounds: int, digits: int) -> None:
    """A benchmark module's own command (`python -m bench.NAME --rounds N`): a line a figure."""
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--rounds", type=int, default=rounds)
    for f in run(rounds=parser.parse_args().rounds):
        target = f" (target {f.target}: {'yes' if f.ok else 'no'})" if f.target else ""
        print(f"{f.case}: {f.metric} {f.value:.{digits}f} {f.unit}{target}")
