"""The code checker: the person's NumPy code run against our tests in a sandbox.

Spec fields:
  suite      (required) the test file, content/checkers/code/suites/<suite>.py.
  functions  (required) the function names the prompt asks for, shown in the reveal.

Checking needs a `CodeRunner` (bot/sandbox.py): without one the code is not run at all and the
reply says code answers are off on this host; there is no fallback to plain execution.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from content.checkers.code.extract import code_in
from content.checkers.code.program import CodeRunner, Program, build_program, suite_exists
from content.checkers.code.results import verdict
from content.checkers.specs import only_keys, required, text_list
from content.checkers.verdict import Verdict, unparseable

KIND = "code"
OFF = (
    "Code answers are off on this host (no working sandbox), so your code was not run. "
    "It is recorded; the model answers come at the reveal."
)
MAX_CODE_CHARS = 20_000


@dataclass(frozen=True)
class CodeSpec:
    suite: str
    functions: tuple[str, ...]


def parse_spec(spec: Mapping[str, Any]) -> CodeSpec:
    """Validate a code spec: the suite must ship with the package."""
    only_keys(KIND, spec, {"suite", "functions"})
    suite = str(required(KIND, spec, "suite"))
    if not suite.isidentifier() or not suite_exists(suite):
        raise ValueError(f"{KIND} checker: no test suite named {suite!r}")
    return CodeSpec(suite, text_list(KIND, "functions", required(KIND, spec, "functions")))


def expected(spec: CodeSpec) -> str:
    names = ", ".join(f"`{name}`" for name in spec.functions)
    return f"code defining {names} that passes our tests ({spec.suite})"


def program(spec: CodeSpec, reply: str) -> Program | Verdict:
    """What to run for this reply, or the verdict on a reply with no code to run."""
    code = code_in(reply)
    if code is None:
        return unparseable(
            "I found no code in that.", "Send your Python in a ```python fenced block```."
        )
    if len(code) > MAX_CODE_CHARS:
        return unparseable("That code is too long for me to run.", "Send just the functions.")
    return build_program(spec.suite, code)


def check(spec: CodeSpec, reply: str, runner: CodeRunner | None = None) -> Verdict:
    """Run the reply's code against the suite in the runner; never without one."""
    to_run = program(spec, reply)
    if isinstance(to_run, Verdict):
        return to_run
    if runner is None:
        return Verdict("received", 0.0, OFF)
    return verdict(runner.run(to_run))
