"""Benchmark of the offline key-point grader, one answer at a time on one core.

    python -m bench.grading [--rounds 20]

The mix is the evaluation set's answers (as people type in chat) plus answers at the bot's
length limit (4,000 characters), the worst case for the fuzzy look-ups. Building the grader
(rubrics, vocabulary) is timed apart: the bot does it once at start.
Target from issue 16: p95 under 50 ms per answer.
"""

from __future__ import annotations

import statistics
import time

from bench.report import Figure, command
from content.bank import load_bank
from content.grading import shipped_grader
from content.grading.evaluation import load_eval
from content.schema import Question

LONGEST_ANSWER = 4000


def _mix() -> list[tuple[Question, str]]:
    bank = load_bank()
    pairs = []
    for item in load_eval():
        question = bank.get(item.q)
        if question is not None:
            pairs.append((question, item.text))
    long_ones = []
    for question, text in pairs[::12]:
        filler = " ".join(t for _, t in pairs)  # many topics' words: the most look-ups
        long_ones.append((question, (text + " " + filler)[:LONGEST_ANSWER]))
    return pairs + long_ones


def run(quick: bool = False, rounds: int = 20) -> list[Figure]:
    rounds = 3 if quick else rounds
    bank = load_bank()
    start = time.perf_counter()
    grader = shipped_grader(bank)
    build_ms = (time.perf_counter() - start) * 1000
    mix = _mix()
    for question, text in mix:  # warm the stem cache, as a running bot has it
        grader.grade(question, text)
    timings: list[float] = []
    for _ in range(rounds):
        for question, text in mix:
            start = time.perf_counter()
            grader.grade(question, text)
            timings.append((time.perf_counter() - start) * 1000)
    cuts = statistics.quantiles(timings, n=100)
    p95 = cuts[94]
    longest = max(timings)
    return [
        Figure("grading", f"{len(mix)} answers x {rounds}", "p50 per answer", cuts[49], "ms"),
        Figure(
            "grading",
            f"{len(mix)} answers x {rounds}",
            "p95 per answer",
            p95,
            "ms",
            "< 50 ms",
            p95 < 50,
        ),
        Figure("grading", f"{len(mix)} answers x {rounds}", "max per answer", longest, "ms"),
        Figure("grading", "shipped rubrics", "grader build (once at start)", build_ms, "ms"),
    ]


def main() -> None:
    command(run, __doc__, rounds=20, digits=2)


if __name__ == "__main__":
    main()
