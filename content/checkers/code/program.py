"""What a code check hands to a sandbox and what it gets back: plain data, no process code.

The sandbox itself (bot/sandbox.py) spawns processes, so it lives in bot/ and is passed into the
core as a `CodeRunner`. The core only builds a `Program` and reads a `RunResult`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from typing import Protocol

PACKAGE = "content.checkers.code"
TESTLIB = "content.checkers.code.testlib"
"""The suites import their helpers under this name; the harness provides it in the sandbox."""


@dataclass(frozen=True)
class Program:
    """The harness (run with `python -I -S -c`) and the JSON it reads on stdin.

    The runner writes two lines before `stdin`: a fresh nonce and where NumPy is (a JSON list).
    """

    harness: str
    stdin: bytes

    @property
    def digest(self) -> str:
        """A key for this exact run (the same code against the same tests)."""
        return hashlib.sha256(self.harness.encode() + b"\0" + self.stdin).hexdigest()


@dataclass(frozen=True)
class RunResult:
    """What came out of one sandboxed run."""

    nonce: str
    """The line prefix the harness writes its results after; other output is the code's own."""
    exit_code: int | None
    stdout: bytes
    stderr: bytes
    seconds: float
    timed_out: bool = False
    output_cut: bool = False
    """More output than the runner reads: the run was stopped."""
    time_limit: float = 0.0


class CodeRunner(Protocol):
    """Runs a Program confined; never in the calling process and never unconfined."""

    def run(self, program: Program) -> RunResult: ...


def _source(name: str) -> str:
    return resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")


def suite_source(suite: str) -> str:
    """The test file of a suite (content/checkers/code/suites/<suite>.py)."""
    return _source(f"suites/{suite}.py")


def suite_exists(suite: str) -> bool:
    return resources.files(PACKAGE).joinpath(f"suites/{suite}.py").is_file()


def build_program(suite: str, code: str) -> Program:
    """The harness and its input: our tests of `suite` against the person's `code`."""
    payload = {
        "testlib": _source("testlib.py"),
        "testlib_name": TESTLIB,
        "suite": suite_source(suite),
        "code": code,
    }
    return Program(_source("harness.py"), json.dumps(payload).encode())
