"""Streaks over a channel's drill days: incremental updates and the streak as shown today."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from handlers.schedule import previous_drill_day
from storage.records import ChannelConfig, Person


def after_answer(person: Person, day: date, cfg: ChannelConfig) -> Person:
    """The person after answering the drill of `day` in a channel (first answer that day)."""
    if person.last_day is not None and person.last_day >= day:
        return person
    before = previous_drill_day(day, cfg)
    kept = person.last_day is not None and before is not None and person.last_day >= before
    current = person.current + 1 if kept else 1
    return replace(
        person,
        current=current,
        best=max(person.best, current),
        last_day=day,
        last_channel_id=cfg.id,
    )


def current_on(person: Person, today: date, cfg: ChannelConfig | None) -> int:
    """The streak as it stands on a day: zero once a drill day passed without an answer."""
    if person.last_day is None or cfg is None:
        return 0
    if person.last_day >= today:
        return person.current
    before = previous_drill_day(today, cfg)
    return person.current if before is not None and person.last_day >= before else 0
