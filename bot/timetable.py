"""The timetable: which channels drill on which schedule, and when each slot and reveal is due.

Channels that share a schedule (time, time zone, weekdays) share one slot, and a slot fires all
its channels at once. It is an in-memory agenda, not one APScheduler job per channel: an
APScheduler job costs about 0.1-0.3 ms to add, which made 10,000 channels take seconds to
start, where planning a slot (handlers.schedule.next_fire_after, the arithmetic that catch-up
uses too, DST included) costs about 20 us. The database is the truth: bot/scheduler.py rebuilds
this from it at start and moves a channel whenever its setup changes.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.agenda import Agenda
from handlers.schedule import next_fire_after
from storage.records import ChannelConfig

Slot = tuple[str, str, tuple[int, ...]]
"""A drill schedule: (HH:MM, time zone, weekdays). Channels on the same one fire together."""


def slot_of(cfg: ChannelConfig) -> Slot:
    return (cfg.time, cfg.tz, cfg.days)


class Timetable:
    """One platform's slots with their channels, and the reveals, each at its next instant."""

    def __init__(self, platform: str) -> None:
        self.platform = platform
        self._members: dict[Slot, set[int]] = {}
        self._slot_of: dict[int, Slot] = {}
        self._drills: Agenda[Slot] = Agenda()
        self._reveals: Agenda[int] = Agenda()
        self._zones: dict[str, ZoneInfo] = {}
        """Held so that ZoneInfo's cache, weak beyond its 8 latest zones, keeps every zone in use:
        otherwise a dozen zones in turn are read from disk again and again (half of a rebuild)."""

    def clear(self) -> None:
        self._members.clear()
        self._slot_of.clear()
        self._drills, self._reveals = Agenda(), Agenda()

    def place(self, cfg: ChannelConfig, now: datetime) -> None:
        """Move one channel to its schedule's slot, or out of the timetable when paused."""
        if cfg.id is None or cfg.platform != self.platform:
            return
        old = self._slot_of.pop(cfg.id, None)
        if old is not None:
            self._members[old].discard(cfg.id)
            if not self._members[old]:
                del self._members[old]
                self._drills.drop(old)
        if cfg.paused or not cfg.days:
            return
        slot = slot_of(cfg)
        if cfg.tz not in self._zones:
            self._zones[cfg.tz] = ZoneInfo(cfg.tz)
        self._slot_of[cfg.id] = slot
        if slot not in self._members:
            self._members[slot] = set()
            self.plan(slot, now)
        self._members[slot].add(cfg.id)

    def plan(self, slot: Slot, after: datetime) -> None:
        """Put a slot on the agenda at its first drill instant strictly after a moment."""
        at, tz, days = slot
        at_next = next_fire_after(after, ChannelConfig(self.platform, "", "", at, tz, days))
        if at_next is not None:
            self._drills.plan(slot, at_next)

    def next_drill(self, channel_id: int) -> datetime | None:
        """When a channel's drill fires next (None when it is paused or not set up)."""
        slot = self._slot_of.get(channel_id)
        return None if slot is None else self._drills.when(slot)

    def add_reveal(self, drill_id: int, at: datetime) -> None:
        self._reveals.plan(drill_id, at)

    def next_reveal(self, drill_id: int) -> datetime | None:
        return self._reveals.when(drill_id)

    def due_slots(self, now: datetime) -> list[tuple[Slot, datetime]]:
        """Slots whose instant has come, with it; each is taken off until planned again."""
        return list(self._drills.take_due(now))

    def due_reveals(self, now: datetime) -> list[int]:
        """Drills whose reveal instant has come; each is taken off the agenda."""
        return [drill_id for drill_id, _ in self._reveals.take_due(now)]

    def channels(self, slot: Slot) -> list[int]:
        """The channels of a slot, in id order."""
        return sorted(self._members.get(slot, ()))

    def counts(self) -> tuple[int, int, int]:
        """(channels, slots, reveals) on the timetable."""
        return len(self._slot_of), len(self._members), len(self._reveals)
