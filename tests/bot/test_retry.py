"""The retry policy both adapters share, with an injected sleep and jitter: no real waiting."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from bot.retry import Fault, RetryPolicy


class Refused(Exception):
    pass


class Dropped(Exception):
    pass


class NotConnected(Exception):
    pass


def classify(error: BaseException) -> Fault:
    if isinstance(error, Dropped):
        return Fault.AMBIGUOUS
    if isinstance(error, NotConnected):
        return Fault.TRANSIENT
    return Fault.PERMANENT


class Slept:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def policy(slept: Slept, **kw: object) -> RetryPolicy:
    options: dict = {"attempts": 5, "base": 0.5, "cap": 3.0, "timeout": 5.0, **kw}
    return RetryPolicy(sleep=slept, jitter=lambda: 1.0, **options)


def failing(*errors: Exception, result: str = "ok") -> tuple[Callable[[], Awaitable[str]], list]:
    calls: list[int] = []

    async def call() -> str:
        calls.append(1)
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return result

    return call, calls


async def test_transient_faults_are_retried_with_capped_exponential_backoff() -> None:
    slept = Slept()
    call, calls = failing(NotConnected(), NotConnected(), NotConnected(), NotConnected())
    assert await policy(slept).run(call, classify) == "ok"
    assert len(calls) == 5
    assert slept.waits == [0.5, 1.0, 2.0, 3.0]  # doubling, then the cap


async def test_jitter_spreads_each_wait_below_its_ceiling() -> None:
    slept = Slept()
    draws = iter([0.25, 0.5])
    call, _ = failing(NotConnected(), NotConnected())
    await RetryPolicy(base=2.0, sleep=slept, jitter=lambda: next(draws)).run(call, classify)
    assert slept.waits == [0.5, 2.0]


async def test_permanent_refusals_are_not_retried() -> None:
    slept = Slept()
    call, calls = failing(Refused("403"))
    with pytest.raises(Refused):
        await policy(slept).run(call, classify)
    assert len(calls) == 1 and slept.waits == []


async def test_the_number_of_attempts_is_bounded_and_the_last_error_raised() -> None:
    slept = Slept()
    call, calls = failing(*[NotConnected(str(n)) for n in range(10)])
    with pytest.raises(NotConnected, match="2"):
        await policy(slept, attempts=3).run(call, classify)
    assert len(calls) == 3 and len(slept.waits) == 2


async def test_after_an_ambiguous_failure_what_landed_is_found_and_not_sent_again() -> None:
    slept = Slept()
    call, calls = failing(Dropped())
    looked: list[int] = []

    async def reconcile() -> str | None:
        looked.append(1)
        return "found"

    assert await policy(slept).run(call, classify, reconcile) == "found"
    assert len(calls) == 1 and len(looked) == 1


async def test_nothing_found_after_an_ambiguous_failure_means_sending_again() -> None:
    slept = Slept()
    call, calls = failing(Dropped(), Dropped())
    looked: list[int] = []

    async def reconcile() -> str | None:
        looked.append(1)
        return None

    assert await policy(slept).run(call, classify, reconcile) == "ok"
    assert len(calls) == 3 and len(looked) == 2


async def test_a_clean_transient_failure_needs_no_look_on_the_platform() -> None:
    slept = Slept()
    call, calls = failing(NotConnected())

    async def reconcile() -> str | None:
        raise AssertionError("nothing can have landed")

    assert await policy(slept).run(call, classify, reconcile) == "ok"
    assert len(calls) == 2


async def test_an_attempt_held_past_the_timeout_counts_as_ambiguous() -> None:
    slept = Slept()
    held = asyncio.Event()
    calls: list[int] = []

    async def call() -> str:
        calls.append(1)
        if len(calls) == 1:
            await held.wait()  # never answered: the timeout ends it
        return "ok"

    async def reconcile() -> str | None:
        return None

    assert await policy(slept, timeout=0.01).run(call, classify, reconcile) == "ok"
    assert len(calls) == 2 and slept.waits == [0.5]
