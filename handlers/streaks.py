"""Streaks over the drill days a channel actually held, with freezes and days away.

Days without a drill (weekends off, holidays, a day the bot was down) never count. A drill day
the person let pass without answering breaks the streak, unless they were away that day or a
streak freeze covers it: one is earned every 5 answered drill days (at most 2 held), and spent
automatically on a missed drill day when the person next answers.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from storage.records import Person
from storage.store import Store

FREEZE_EVERY = 5
MAX_FREEZES = 2


def missed_days(store: Store, person: Person, channel_id: int, before: date) -> int:
    """Drill days of a channel after the person's last answered day and before `before` that
    they missed while not away."""
    if person.last_day is None:
        return 0
    days = store.drill_days_between(channel_id, person.last_day, before)
    if not days:
        return 0
    spans = store.away_spans(person.platform, person.workspace, person.user)
    return sum(1 for day in days if not any(s.start <= day <= s.until for s in spans))


def after_answer(person: Person, day: date, missed: int, channel_id: int) -> Person:
    """The person after a first counted answer to the drill of `day`, `missed` drill days after
    their last one."""
    if person.last_day is not None and person.last_day >= day:
        return person
    freezes, used = person.freezes, person.freezes_used
    if person.last_day is None or missed > freezes:
        current = 1
    else:
        current = person.current + 1
        freezes, used = freezes - missed, used + missed
    if (person.answered + 1) % FREEZE_EVERY == 0 and freezes < MAX_FREEZES:
        freezes += 1
    return replace(
        person,
        current=current,
        best=max(person.best, current),
        last_day=day,
        last_channel_id=channel_id,
        freezes=freezes,
        freezes_used=used,
    )


def current_on(person: Person, missed: int) -> int:
    """The streak as it stands today, `missed` drill days since the last answered one."""
    if person.last_day is None or missed > person.freezes:
        return 0
    return person.current


def freezes_on(person: Person, missed: int) -> tuple[int, int]:
    """(held, used) as they stand today: freezes the missed days will take count as used."""
    if person.last_day is None or missed > person.freezes:
        return person.freezes, person.freezes_used
    return person.freezes - missed, person.freezes_used + missed
