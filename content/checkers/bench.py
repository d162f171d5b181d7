"""Benchmark: verdicts per second and latency percentiles on a realistic mix of replies, one core.

Run with `python -m content.checkers.bench [--seconds S]`.
"""

from __future__ import annotations

import argparse
import random
import time

from content.checkers import check
from content.schema import Checker

CASES: list[tuple[Checker, list[str]]] = [
    (
        Checker(kind="numeric", spec={"value": 0.8286, "percent": True}),
        ["0.83", "≈ 0.83", "83%", "the similarity is 0.83", "0.74", "0.83, 0.74", "no idea"],
    ),
    (
        Checker(kind="numeric", spec={"value": 4}),
        ["4", "the distance is 4", "3", "−4", "I think 4 (2 substitutions, 2 inserts)", "3, 4, 5"],
    ),
    (
        Checker(kind="vector", spec={"values": [10.0995, 18], "abs_tol": 0.005}),
        ["10.1, 18", "√102 and 18", "[10.0995, 18]", "18, 10.1", "10"],
    ),
    (
        Checker(kind="shape", spec={"dims": [1, 512, 7, 7], "batch_optional": True}),
        ["[1, 512, 7, 7]", "torch.Size([1, 512, 7, 7])", "512x7x7", "7 × 7 × 512", "512"],
    ),
    (
        Checker(kind="ranking", spec={"order": ["D4", "D3", "D2", "D5", "D1"], "top": 2}),
        ["D4, D3", "D4 > D3", "D3 then D2", "doc 4 and doc 3", "D3 < D4"],
    ),
    (
        Checker(kind="set", spec={"items": ["1", "3"], "options": ["1", "2", "3", "4"]}),
        ["1 and 3", "3, 1", "1, 2, 3, 4", "2"],
    ),
    (
        Checker(kind="series", spec={"answers": ["true", "false"]}),
        ["True, False", "T F", "false, false", "true"],
    ),
    (
        Checker(kind="formula", spec={"expr": "sigmoid(x)*(1-sigmoid(x))", "variables": ["x"]}),
        [
            "σ(x)(1-σ(x))",
            "sigmoid(x) * (1 - sigmoid(x))",
            "e^-x/(1+e^-x)^2",
            "sigmoid(x)",
            "9**9**9",
        ],
    ),
    (
        Checker(kind="truth_table", spec={"targets": [0, 1, 1, 0], "hidden": 2}),
        ["h1: 1, 1, -0.5; h2: -1, -1, 1.5; out: 1, 1, -1.5", "1,1,1,1,1,1,1,1,1", "OR then AND"],
    ),
    (
        Checker(
            kind="choice",
            spec={
                "options": ["Conv2d", "MaxPool2d", "ReLU"],
                "answer": "MaxPool2d",
                "aliases": {"MaxPool2d": ["max pooling"]},
            },
        ),
        ["2", "option 2", "the second one", "MaxPool2d, because Conv2d …", "ReLU", "1 or 2"],
    ),
    (
        Checker(
            kind="short_text",
            spec={
                "blanks": [
                    {"accept": ["unseen", "test"]},
                    {"accept": ["overfitting"], "refuse": ["underfitting"]},
                ]
            },
        ),
        ["unseen; overfitting", "test set, overfiting", "training, underfitting", "?"],
    ),
    (
        Checker(
            kind="parts",
            spec={
                "parts": [
                    {"kind": "shape", "spec": {"dims": [1, 512, 7, 7]}},
                    {"kind": "shape", "spec": {"dims": [1, 512, 16, 16]}},
                ]
            },
        ),
        ["[1, 512, 7, 7], [1, 512, 16, 16]", "1) 512x7x7 2) 512x16x16", "[1, 512, 7, 7]"],
    ),
]


def _mix(size: int, seed: int = 7) -> list[tuple[Checker, str]]:
    rng = random.Random(seed)
    pairs = [(checker, reply) for checker, replies in CASES for reply in replies]
    return [rng.choice(pairs) for _ in range(size)]


def run(seconds: float) -> dict[str, float]:
    """Check replies from the mix for about `seconds` and measure each call."""
    mix = _mix(5000)
    for checker, reply in mix[:500]:  # warm caches the way a running bot has them
        check(checker, reply)
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for checker, reply in mix:
            start = time.perf_counter()
            check(checker, reply)
            latencies.append(time.perf_counter() - start)
    latencies.sort()
    total = sum(latencies)
    return {
        "verdicts": len(latencies),
        "per_second": len(latencies) / total,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000,
        "max_ms": latencies[-1] * 1000,
    }


def main() -> None:
    """Print the benchmark figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    figures = run(parser.parse_args().seconds)
    print(
        f"{figures['verdicts']:.0f} verdicts: {figures['per_second']:,.0f}/s, "
        f"p50 {figures['p50_ms']:.3f} ms, p99 {figures['p99_ms']:.3f} ms, "
        f"max {figures['max_ms']:.3f} ms"
    )


if __name__ == "__main__":
    main()
