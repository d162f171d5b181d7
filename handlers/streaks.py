"""Streaks over the drill days a channel actually held: incremental updates and today's value.

Days without a drill (weekends off, a day the bot was down) never break a streak; a drill day
the person let pass without answering does.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from storage.records import Person


def after_answer(person: Person, day: date, held_before: date | None, channel_id: int) -> Person:
    """The person after a first answer to the drill of `day`.

    `held_before` is the channel's previous drill day (None for its first drill).
    """
    if person.last_day is not None and person.last_day >= day:
        return person
    kept = (
        person.last_day is not None and held_before is not None and person.last_day >= held_before
    )
    current = person.current + 1 if kept else 1
    return replace(
        person,
        current=current,
        best=max(person.best, current),
        last_day=day,
        last_channel_id=channel_id,
    )


def current_on(person: Person, today: date, held_before: date | None) -> int:
    """The streak as it stands today; `held_before` is the channel's last drill day before it."""
    if person.last_day is None:
        return 0
    if person.last_day >= today or held_before is None or person.last_day >= held_before:
        return person.current
    return 0
