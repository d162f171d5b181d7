"""The verdict from a sandboxed run's output: which tests passed, and the first failure's message.

Pure: a RunResult in, a Verdict out. Only lines that start with the run's nonce are results; a
message from the person's code (an exception text) is shown on one line that cannot ping.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from content.checkers.code.program import RunResult
from content.checkers.verdict import Verdict

_MENTION = re.compile(r"([@<])")
_SHOWN = 300
_SIGXCPU = 24
"""Linux's signal for a process past its CPU-seconds limit."""


@dataclass(frozen=True)
class TestOutcome:
    name: str
    ok: bool
    message: str


@dataclass(frozen=True)
class Report:
    """What the harness said: the tests run, whether it finished, why the code did not load."""

    tests: tuple[TestOutcome, ...]
    done: bool
    load_error: str | None


def safe(text: str) -> str:
    """One bounded line that cannot ping (the text may come from the person's code)."""
    return _MENTION.sub("\\1\u200b", " ".join(text.split())[:_SHOWN])


def report(result: RunResult) -> Report:
    """The harness's records, read from the nonce-prefixed lines of the output."""
    prefix = f"{result.nonce} ".encode()
    tests: list[TestOutcome] = []
    done, load_error = False, None
    for raw in result.stdout.splitlines():
        if not raw.startswith(prefix):
            continue
        try:
            record = json.loads(raw[len(prefix) :])
        except ValueError:
            continue
        if not isinstance(record, dict):
            continue
        if "test" in record:
            tests.append(
                TestOutcome(
                    str(record["test"]), bool(record.get("ok")), str(record.get("message", ""))
                )
            )
        elif "load_error" in record:
            load_error = str(record["load_error"])
        elif "done" in record:
            done = True
    return Report(tuple(tests), done, load_error)


def _stopped(result: RunResult) -> str | None:
    """Why the run ended early, in words, when it did."""
    if result.timed_out:
        return f"your code was stopped after {result.time_limit:g} s (an endless loop, or too slow)"
    if result.output_cut:
        return "your code wrote more output than I read, so it was stopped"
    code = result.exit_code
    # Killed by a signal: negative from Popen, or 128 + the signal through bwrap's exit status.
    signal = -code if code is not None and code < 0 else code - 128 if code and code > 128 else 0
    if signal == _SIGXCPU:
        return "your code used up its CPU time (an endless loop, or too slow)"
    if signal:
        return f"your code was killed by signal {signal} (a CPU, memory or process limit)"
    return None


def verdict(result: RunResult) -> Verdict:
    """Correct when every test passed, partial when some did, incorrect otherwise."""
    found = report(result)
    if found.load_error is not None:
        return Verdict(
            "incorrect", 0.0, f"Your code failed before the tests ran: {safe(found.load_error)}."
        )
    passed = [t for t in found.tests if t.ok]
    failed = [t for t in found.tests if not t.ok]
    stopped = None if found.done else _stopped(result) or "your code ended the test run early"
    if not found.tests:
        return Verdict("incorrect", 0.0, f"No test ran: {stopped or 'there were no tests'}.")
    total = len(found.tests) + (0 if found.done else 1)
    names = ", ".join(safe(t.name) for t in passed) or "none"
    summary = f"{len(passed)} of {total}{'' if found.done else '+'} tests passed ({names})."
    if failed:
        first = failed[0]
        summary += f" First failure, {safe(first.name)}: {safe(first.message)}."
    if stopped:
        summary += f" Then {stopped}."
    if not failed and found.done:
        return Verdict("correct", 1.0, f"All {len(passed)} tests passed: {names}.")
    if not passed:
        return Verdict("incorrect", 0.0, summary)
    return Verdict("partial", min(max(len(passed) / total, 0.01), 0.99), summary)
