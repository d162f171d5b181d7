"""Riding out transient platform faults: exponential backoff with full jitter, a bounded number
of attempts, a timeout on each, and a look on the platform before re-sending what may have landed.

Both adapters use this one policy; each brings its own `classify` (which of its library's errors
are permanent, transient, or ambiguous). An ambiguous failure (a timeout, a dropped connection, a
5xx) may have happened after the platform stored the message, so the next attempt first asks
`reconcile` whether it is there and returns what it finds instead of posting it twice.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from bot.settings import Settings

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]
log = logging.getLogger(__name__)


class Fault(enum.Enum):
    PERMANENT = "permanent"
    """Refused (403, 404, bad request): trying again cannot help."""
    TRANSIENT = "transient"
    """Failed before reaching the platform (connection refused): safe to send again."""
    AMBIGUOUS = "ambiguous"
    """Timed out, dropped or 5xx: the platform may have acted on it."""


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a platform call is tried."""

    attempts: int = 5
    base: float = 0.5
    """The first backoff's ceiling in seconds; each retry doubles it, up to `cap`."""
    cap: float = 10.0
    timeout: float = 15.0
    """Seconds one attempt may take (discord.py has no request timeout of its own)."""
    sleep: Sleep = field(default=asyncio.sleep, compare=False)
    jitter: Callable[[], float] = field(default=random.random, compare=False)

    def delay(self, retry: int) -> float:
        """Full jitter: a random wait up to base·2^retry (capped), so retries do not stampede."""
        return self.jitter() * min(self.cap, self.base * 2**retry)

    async def within(self, call: Callable[[], Awaitable[T]]) -> T:
        """One platform call, bounded by the attempt timeout."""
        return await asyncio.wait_for(call(), self.timeout)

    async def run(
        self,
        attempt: Callable[[], Awaitable[T]],
        classify: Callable[[BaseException], Fault],
        reconcile: Callable[[], Awaitable[T | None]] | None = None,
        what: str = "call",
        timed: bool = True,
    ) -> T:
        """Make the call, retrying transient faults; after an ambiguous one, reconcile first.

        `timed=False` when the attempt bounds its own platform call with `within`: an attempt
        that first waits for a pacer's turn (minutes, in a big fan-out) must not time out waiting.
        """
        maybe_landed = False
        for number in range(self.attempts):
            if number:
                await self.sleep(self.delay(number - 1))
            try:
                if maybe_landed and reconcile is not None:
                    found = await asyncio.wait_for(reconcile(), self.timeout)
                    if found is not None:
                        log.info("%s had landed despite the failure: not sent again", what)
                        return found
                return await (self.within(attempt) if timed else attempt())
            except Exception as error:
                fault = Fault.AMBIGUOUS if isinstance(error, TimeoutError) else classify(error)
                if fault is Fault.PERMANENT or number == self.attempts - 1:
                    raise
                maybe_landed = maybe_landed or fault is Fault.AMBIGUOUS
                log.warning(
                    "%s failed (%s: %s), retry %d of %d",
                    what,
                    type(error).__name__,
                    error,
                    number + 1,
                    self.attempts - 1,
                )
        raise AssertionError("unreachable: the last attempt returns or raises")


def send_policy(settings: Settings, sleep: Sleep = asyncio.sleep) -> RetryPolicy:
    """The policy SEND_ATTEMPTS and SEND_TIMEOUT_SECONDS set, for either adapter's sends."""
    return RetryPolicy(
        attempts=settings.SEND_ATTEMPTS, timeout=settings.SEND_TIMEOUT_SECONDS, sleep=sleep
    )
