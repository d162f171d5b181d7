"""Clocks the terminal can move with `/clock`: frozen at --clock, or real time plus an offset."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.clock import Clock, SystemClock

_STEP = re.compile(r"^\+(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$")


class MovableClock:
    """Real time shifted by an offset, or a frozen time that only moves when told to."""

    def __init__(self, start: datetime | None = None, base: Clock | None = None) -> None:
        self._base = base or SystemClock()
        self._frozen = start
        self._offset = timedelta()

    def now(self) -> datetime:
        if self._frozen is not None:
            return self._frozen
        return self._base.now() + self._offset

    def advance(self, delta: timedelta) -> datetime:
        if self._frozen is not None:
            self._frozen += delta
        else:
            self._offset += delta
        return self.now()

    def set(self, when: datetime) -> datetime:
        return self.advance(when - self.now())


def parse_when(text: str, tz: str) -> datetime:
    """An ISO time such as 2026-03-02T08:59 (local to tz unless it has an offset)."""
    when = datetime.fromisoformat(text.strip())
    return when if when.tzinfo else when.replace(tzinfo=ZoneInfo(tz))


def parse_step(text: str) -> timedelta:
    """A forward step such as +1d, +2h, +1d3h30m."""
    match = _STEP.match(text.strip().lower())
    if not match or not any(match.groups()):
        raise ValueError("use /clock +1d, /clock +2h30m or /clock 2026-03-03T09:00")
    d, h, m = (int(g) if g else 0 for g in match.groups())
    return timedelta(days=d, hours=h, minutes=m)
