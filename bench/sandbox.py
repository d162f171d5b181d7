"""Benchmark of a code verdict: our solutions checked in the bubblewrap sandbox, one at a time.

    python -m bench.sandbox [--rounds 30]

A verdict is the whole check as the bot makes it: find the code in the reply, build the program,
start bwrap (namespaces, binds, limits, uid switch), run the harness with NumPy and the suite,
read the results. The same harness and program run as plain `python -I -S -c` (no sandbox) give
the sandbox's overhead; that plain run is of our own reference solutions, here only.
Target from issue 21: p95 of a code verdict under 1 s on this machine.
"""

from __future__ import annotations

import json
import os
import secrets
import statistics
import subprocess
import sys
import time

from bench.report import Figure, command
from bot.sandbox import Sandbox, find_sandbox
from content.checkers.code import check, parse_spec, program
from content.checkers.code.program import Program
from tests.content.checkers.code.solutions import CORRECT

SUITES = ("dropout", "two_layer", "normal_pdf")


def _plain(sandbox: Sandbox, to_run: Program) -> float:
    """Seconds for the same run without the sandbox (what bwrap and the limits add is the rest)."""
    head = f"{secrets.token_hex(16)}\n{json.dumps(sandbox.search_path)}\n".encode()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-I", "-S", "-B", "-c", to_run.harness],
        input=head + to_run.stdin,
        capture_output=True,
        check=True,
        env={"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PATH": os.defpath},
    )
    return time.perf_counter() - start


def _ms(values: list[float], at: int) -> float:
    return statistics.quantiles(values, n=100)[at] * 1000 if len(values) > 1 else values[0] * 1000


def run(quick: bool = False, rounds: int = 30) -> list[Figure]:
    rounds = 5 if quick else rounds
    start = time.perf_counter()
    found = find_sandbox()
    probe_ms = (time.perf_counter() - start) * 1000
    if found.sandbox is None:
        return [Figure("sandbox", "this host", f"off: {found.detail}", 0.0, "", "on", False)]
    sandbox = found.sandbox
    boxed: list[float] = []
    plain: list[float] = []
    for _ in range(rounds):
        for suite in SUITES:
            spec = parse_spec({"suite": suite, "functions": ["f"]})
            start = time.perf_counter()
            verdict = check(spec, CORRECT[suite], sandbox)
            boxed.append(time.perf_counter() - start)
            assert verdict.verdict == "correct", verdict.message
            to_run = program(spec, CORRECT[suite])
            assert isinstance(to_run, Program)
            plain.append(_plain(sandbox, to_run))
    case = f"{len(SUITES)} suites x {rounds}"
    p95 = _ms(boxed, 94)
    overhead = _ms(boxed, 49) - _ms(plain, 49)
    return [
        Figure("sandbox", case, "code verdict p50", _ms(boxed, 49), "ms"),
        Figure("sandbox", case, "code verdict p95", p95, "ms", "< 1000 ms", p95 < 1000),
        Figure("sandbox", case, "plain execution p50 (no sandbox)", _ms(plain, 49), "ms"),
        Figure("sandbox", case, "plain execution p95 (no sandbox)", _ms(plain, 94), "ms"),
        Figure("sandbox", case, "sandbox overhead at p50", overhead, "ms"),
        Figure("sandbox", case, "sandbox / plain at p50", _ms(boxed, 49) / _ms(plain, 49), "x"),
        Figure("sandbox", "start-up", "finding the sandbox (probe run)", probe_ms, "ms"),
    ]


def main() -> None:
    command(run, __doc__, rounds=30, digits=1)


if __name__ == "__main__":
    main()
