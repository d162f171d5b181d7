"""Code answers through the core: run off the loop with a sandbox, never run without one."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.code_runs import PrefetchingRunner, call_core
from bot.health import Health
from bot.sandbox import Sandbox, find_sandbox
from content.bank import Bank
from content.checkers.code.program import Program, RunResult
from handlers.clock import ManualClock
from handlers.coach import Coach
from handlers.context import CoachSettings
from handlers.types import Action
from storage.sqlite import SqliteStore
from tests.content.checkers.code.solutions import DROPOUT
from tests.handlers.conftest import Say, question
from tests.handlers.test_coach import open_drill

CODE_QUESTION = question(
    "dropout-code",
    topic="regularisation",
    checker={"kind": "code", "spec": {"suite": "dropout", "functions": ["dropout_forward"]}},
)
SETUP = "/coach setup time=09:00 tz=UTC days=daily topics=regularisation"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    opened = SqliteStore(tmp_path / "coach.db")
    yield opened
    opened.close()


def bank() -> Bank:
    return Bank([CODE_QUESTION, question("prose-q", topic="regularisation")])


class Counting:
    """A sandbox stand-in that counts runs and the threads they ran on."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.threads: list[str] = []

    def run(self, program: Program) -> RunResult:
        self.threads.append(threading.current_thread().name)
        return self.sandbox.run(program)


def test_without_a_sandbox_code_questions_are_never_posted(
    store: SqliteStore, clock: ManualClock
) -> None:
    coach = Coach(store, bank(), clock, CoachSettings())
    open_drill(coach, Say(clock), clock, SETUP)
    for _day in range(6):
        clock.advance(timedelta(days=1))
        for cfg in coach.daily.due_drills("discord", clock.now()):
            post = coach.daily.claim(cfg, clock.now())
            assert post is not None
            assert "dropout" not in post.text.lower()
    assert coach.code_runner is None


def test_without_a_sandbox_a_code_reply_is_recorded_and_not_run(
    sandbox: Sandbox, store: SqliteStore, clock: ManualClock
) -> None:
    # Posted while the sandbox worked; the bot restarts on a host where it does not.
    before = Coach(store, Bank([CODE_QUESTION]), clock, CoachSettings(), code_runner=sandbox)
    say = Say(clock)
    drill_id = open_drill(before, say, clock, SETUP)
    coach = Coach(store, Bank([CODE_QUESTION]), clock, CoachSettings())
    reply_ = say(DROPOUT, thread=f"th-{drill_id}")
    assert coach.code_program(reply_) is None
    [reply] = coach.handle(reply_)
    assert "Code answers are off on this host" in reply.text
    assert reply.reaction == "received"
    assert store.latest_attempt(drill_id, "ann").verdict == "received"


def test_a_missing_or_broken_bwrap_turns_code_answers_off(tmp_path: Path) -> None:
    missing = find_sandbox(bwrap=str(tmp_path / "no-bwrap"))
    assert missing.sandbox is None and "not installed" in missing.detail
    broken = tmp_path / "bwrap"
    broken.write_text(
        "#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n"
    )
    broken.chmod(0o755)
    found = find_sandbox(bwrap=str(broken))
    assert found.sandbox is None
    assert found.detail == "bwrap does not work here: bwrap: No permissions to create new namespace"


def test_healthz_says_whether_code_answers_are_on(store: SqliteStore, clock: ManualClock) -> None:
    health = Health(store, clock)
    health.sandbox = find_sandbox(bwrap="/nonexistent/bwrap")
    healthy, report = health.report()
    assert healthy
    assert report["code_sandbox"] == {"on": False, "detail": health.sandbox.detail}


async def test_the_adapter_runs_the_code_in_a_worker_thread_once(
    sandbox: Sandbox, store: SqliteStore, clock: ManualClock
) -> None:
    counting = Counting(sandbox)
    runner = PrefetchingRunner(counting)
    coach = Coach(store, Bank([CODE_QUESTION]), clock, CoachSettings(), code_runner=runner)
    say = Say(clock)
    drill_id = open_drill(coach, say, clock, SETUP)
    [reply] = await call_core(coach, coach.handle, say(DROPOUT, thread=f"th-{drill_id}"))
    assert reply.reaction == "correct", reply.text
    assert "All 6 tests passed" in reply.text
    assert len(counting.threads) == 1
    assert counting.threads[0] != threading.main_thread().name


def test_coach_answer_takes_a_code_block_on_the_next_line(
    sandbox: Sandbox, store: SqliteStore, clock: ManualClock
) -> None:
    coach = Coach(store, Bank([CODE_QUESTION]), clock, CoachSettings(), code_runner=sandbox)
    say = Say(clock)
    open_drill(coach, say, clock, SETUP)
    wrong = DROPOUT.replace("< p) / p", "< p)")
    [reply] = coach.handle(say("/coach answer\n" + wrong))
    assert reply.reaction == "partial"
    assert "First failure, kept units are scaled by 1/p" in reply.text


async def test_the_answer_modal_runs_off_the_loop_too(
    sandbox: Sandbox, store: SqliteStore, clock: ManualClock
) -> None:
    counting = Counting(sandbox)
    runner = PrefetchingRunner(counting)
    coach = Coach(store, Bank([CODE_QUESTION]), clock, CoachSettings(), code_runner=runner)
    say = Say(clock)
    drill_id = open_drill(coach, say, clock, SETUP)
    submitted = Action(say(DROPOUT.replace("/ p", "")), "answer", f"drill:{drill_id}")
    assert coach.code_program(submitted) is not None
    [reply] = await call_core(coach, coach.act, submitted)
    assert reply.reaction == "partial"
    assert counting.threads and counting.threads[0] != threading.main_thread().name
    assert len(counting.threads) == 1


async def test_a_practice_code_answer_shows_the_whole_verdict(
    sandbox: Sandbox, store: SqliteStore, clock: ManualClock
) -> None:
    counting = Counting(sandbox)
    coach = Coach(
        store,
        Bank([CODE_QUESTION]),
        clock,
        CoachSettings(),
        code_runner=PrefetchingRunner(counting),
    )
    say = Say(clock)
    [offer] = coach.handle(say("/coach drill"))
    assert "dropout-code" in offer.text or "Prompt of dropout-code" in offer.text
    answer = say("/coach drill answer\n" + DROPOUT.replace("return dout * mask", "return dout"))
    [reply] = await call_core(coach, coach.handle, answer)
    assert "5 of 6 tests passed" in reply.text
    assert "First failure, backward reuses the forward mask" in reply.text
    assert len(counting.threads) == 1


async def test_a_failing_prefetch_still_hands_the_answer_to_the_core(
    store: SqliteStore, clock: ManualClock
) -> None:
    class Broken:
        def run(self, program: Program) -> RunResult:
            raise OSError("bwrap vanished")

    coach = Coach(
        store,
        Bank([CODE_QUESTION]),
        clock,
        CoachSettings(),
        code_runner=PrefetchingRunner(Broken()),
    )
    say = Say(clock)
    drill_id = open_drill(coach, say, clock, SETUP)
    [reply] = await call_core(coach, coach.handle, say(DROPOUT, thread=f"th-{drill_id}"))
    assert reply.reaction == "received"  # recorded unchecked: the checker's failure is logged
    assert store.latest_attempt(drill_id, "ann").verdict == "received"


def test_a_namespace_refused_for_a_moment_is_looked_at_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Seen in CI under load: bwrap's EAGAIN at the start-up probe turned code answers off."""
    real_run = Sandbox.run
    calls: list[int] = []

    def refused_once(self: Sandbox, program: Program) -> RunResult:
        calls.append(1)
        result = real_run(self, program)
        if len(calls) == 1:
            refused = b"bwrap: Creating new namespace failed: Resource temporarily unavailable"
            return replace(result, exit_code=1, stdout=b"", stderr=refused)
        return result

    monkeypatch.setattr(Sandbox, "run", refused_once)
    found = find_sandbox()
    assert len(calls) == 2
    assert found.sandbox is not None, found.detail
