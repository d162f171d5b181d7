"""The terminal's clock: real time, or a chosen start that stands still or runs faster.

Times are kept in UTC and stepped in absolute time (`+1h` is sixty real minutes, even across a
daylight-saving change); they are read and written in the channel's zone. A sleeper waits for
an instant on this clock and wakes early when `/clock` moves it, so due drills print on time.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.clock import Clock, SystemClock

_STEP = re.compile(r"^\+?(?:(\d{1,4})d)?(?:(\d{1,5})h)?(?:(\d{1,6})m)?$")
STEP_HELP = "use /clock +1d, /clock +2h30m or /clock 2026-03-03T09:00 (the clock only goes forward)"
LONGEST_STEP = timedelta(days=3660)


class ClockError(ValueError):
    """A time or a step the terminal clock refuses; the message is one friendly line."""


class MovableClock:
    """Real time shifted by `/clock`, or a chosen start that runs `speed` times real time
    (0: standing still until told to move)."""

    def __init__(
        self,
        start: datetime | None = None,
        speed: float = 0.0,
        base: Clock | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._base = base or SystemClock()
        self._monotonic = monotonic
        self._speed = 1.0 if start is None else speed
        self._anchor = (start or self._base.now()).astimezone(UTC)
        self._anchored_at = monotonic()
        self._moved = asyncio.Event()

    def start_at(self, when: datetime, speed: float = 0.0) -> None:
        """Jump to a chosen start (before the session runs), standing still or running faster."""
        self._anchor = when.astimezone(UTC)
        self._anchored_at = self._monotonic()
        self._speed = speed

    def now(self) -> datetime:
        elapsed = (self._monotonic() - self._anchored_at) * self._speed
        return self._anchor + timedelta(seconds=elapsed)

    def advance(self, delta: timedelta) -> datetime:
        """Step forward in absolute time (UTC arithmetic, never wall-clock arithmetic)."""
        if delta < timedelta():
            raise ClockError(STEP_HELP)
        self._anchor = self.now() + delta
        self._anchored_at = self._monotonic()
        self._moved.set()
        return self._anchor

    def set(self, when: datetime) -> datetime:
        return self.advance(when.astimezone(UTC) - self.now())

    async def sleep_until(self, when: datetime | None) -> None:
        """Return at `when` on this clock (never, when None), or sooner when it is moved."""
        self._moved.clear()
        left = None if when is None else (when - self.now()).total_seconds()
        if left is not None and left <= 0:
            return
        timeout = left / self._speed if left is not None and self._speed > 0 else None
        with suppress(TimeoutError):
            await asyncio.wait_for(self._moved.wait(), timeout)


def parse_when(text: str, tz: str) -> datetime:
    """An ISO time such as 2026-03-02T08:59, local to tz unless it has an offset; refused in
    one line when it is not a time or is a local time the zone skips (spring forward)."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ClockError(f"{text.strip()[:40]!r} is not a time: {STEP_HELP}") from None
    if when.tzinfo is not None:
        return when.astimezone(UTC)
    zone = ZoneInfo(tz)
    local = when.replace(tzinfo=zone)
    # A local time in a spring-forward gap does not survive the round trip through UTC.
    if local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != when:
        raise ClockError(
            f"{when:%a %d %b %H:%M} does not exist in {tz} (the clocks go forward then); "
            "pick a time an hour later"
        )
    return local.astimezone(UTC)


def parse_step(text: str) -> timedelta:
    """A forward step such as +1d, +2h, +1d3h30m (the + may be left out)."""
    match = _STEP.match(text.strip().lower())
    if not match or not any(match.groups()):
        raise ClockError(STEP_HELP)
    d, h, m = (int(g) if g else 0 for g in match.groups())
    step = timedelta(days=d, hours=h, minutes=m)
    if step > LONGEST_STEP:
        raise ClockError("that is more than ten years ahead: take a smaller step")
    return step
