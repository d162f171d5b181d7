"""Channel holidays (`/coach setup skip=2026-12-24,2026-12-25`): days with no drill at all.

A holiday is simply a day without a drill, so it never counts for or against a streak.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from handlers.schedule import fire_time, is_drill_day, local_day
from storage.records import ChannelConfig
from storage.store import Store

MAX_DAYS = 60
"""Holidays one setup command may add (a guard against a pasted calendar)."""
HORIZON = timedelta(days=2 * 366)


def parse_skip(value: str, today: date) -> list[date] | None:
    """The days of `skip=`, or None for `skip=none` (clear the coming holidays)."""
    if value.strip().lower() in ("none", "clear", "off"):
        return None
    days: list[date] = []
    for item in value.split(","):
        item = item.strip()
        if not item:
            continue
        try:
            day = date.fromisoformat(item)
        except ValueError:
            raise ValueError(f"skip= takes dates like 2026-12-24, not {item[:20]!r}") from None
        if day < today or day > today + HORIZON:
            raise ValueError(f"skip= takes days from today to two years ahead, not {day}")
        days.append(day)
    if not days or len(days) > MAX_DAYS:
        raise ValueError(f"skip= takes 1 to {MAX_DAYS} dates, comma-separated")
    return sorted(set(days))


def apply_skip(store: Store, cfg: ChannelConfig, value: str, now: datetime) -> None:
    """Add the channel's holidays (or clear the coming ones)."""
    assert cfg.id is not None
    today = local_day(now, cfg)
    days = parse_skip(value, today)
    if days is None:
        store.clear_holidays(cfg.id, today)
    else:
        store.add_holidays(cfg.id, days)


def next_drill_after(store: Store, when: datetime, cfg: ChannelConfig) -> datetime | None:
    """The first drill instant strictly after a moment, holidays skipped."""
    day = local_day(when, cfg)
    holidays = set(store.holidays(cfg.id, day)) if cfg.id else set()
    for ahead in range(0, MAX_DAYS + 9):
        candidate = day + timedelta(days=ahead)
        if is_drill_day(candidate, cfg) and candidate not in holidays:
            at = fire_time(candidate, cfg)
            if at > when:
                return at
    return None
