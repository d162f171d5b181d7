"""Code runs off the event loop: the adapter runs the sandbox in a thread, the core reads it.

The core is synchronous and owns the SQLite connection on the loop's thread, so it cannot itself
wait for a sandboxed run (up to its wall-clock limit) without freezing every other event. Before
handing an event to the core, the adapter asks it which program the event would run
(`coach.code_program`), awaits that run in a worker thread (`prefetch`: the sandbox is only a
subprocess, safe in any thread), and then calls the core as usual; the core's `run` finds the
finished result by the program's digest. A run nobody prefetched (the terminal, a replay) runs
inline, bounded by the same limits.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TypeVar

from bot.sandbox import Found, find_sandbox
from content.checkers.code.program import CodeRunner, Program, RunResult
from handlers.coach import Coach
from handlers.types import Action, Incoming, Reply

Event = TypeVar("Event", Incoming, Action)
log = logging.getLogger(__name__)

KEPT_RESULTS = 64
"""Finished runs waiting for the core; older ones are dropped (the core would run them again)."""


class PrefetchingRunner:
    """A CodeRunner whose runs an adapter can start ahead of the core, in worker threads."""

    def __init__(self, sandbox: CodeRunner, concurrent: int = 2) -> None:
        self.sandbox = sandbox
        self._done: OrderedDict[str, RunResult] = OrderedDict()
        self._slots = asyncio.Semaphore(concurrent)
        """At most this many sandboxes at once: the host has few cores to share."""

    def run(self, program: Program) -> RunResult:
        """The prefetched result of this program, or a run now."""
        result = self._done.pop(program.digest, None)
        return result if result is not None else self.sandbox.run(program)

    async def prefetch(self, program: Program | None) -> None:
        """Run the program in a worker thread and keep the result for `run`."""
        if program is None or program.digest in self._done:
            return
        async with self._slots:
            result = await asyncio.to_thread(self.sandbox.run, program)
        self._done[program.digest] = result
        while len(self._done) > KEPT_RESULTS:
            self._done.popitem(last=False)


async def prefetch(coach: object, event: Incoming | Action) -> None:
    """Run, off the loop, the code the event's answer carries, before the core checks it."""
    runner = getattr(coach, "code_runner", None)
    if not isinstance(runner, PrefetchingRunner) or not isinstance(coach, Coach):
        return
    try:
        await runner.prefetch(coach.code_program(event))
    except Exception:
        # The core runs it again inline, and a failure there is an unchecked answer, never a
        # lost one: the event must still reach the core.
        log.exception("running an answer's code ahead of the core failed")


async def call_core(
    coach: Coach, method: Callable[[Event], Sequence[Reply]], event: Event
) -> list[Reply]:
    """Call a core entry point after running the code its answer carries (see `prefetch`)."""
    await prefetch(coach, event)
    return list(method(event))


def runner_for_this_host() -> tuple[PrefetchingRunner | None, Found]:
    """The runner code answers use here, or None (code answers off); logged either way."""
    found = find_sandbox()
    if found.sandbox is None:
        log.warning("code answers are off on this host: %s", found.detail)
        return None, found
    log.info("code answers are on: %s", found.detail)
    return PrefetchingRunner(found.sandbox), found
