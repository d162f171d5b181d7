"""The timetable alone: channels share a schedule's slot, move with their setup, leave paused."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.timetable import Timetable
from storage.records import ChannelConfig

MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def channel(cid: int, time: str = "09:00", **kw: object) -> ChannelConfig:
    return replace(
        ChannelConfig("slack", "T1", f"C{cid}", time, "UTC", (0, 1, 2, 3, 4)), id=cid, **kw
    )  # type: ignore[arg-type]


def test_channels_on_one_schedule_share_a_slot_and_fire_together() -> None:
    table = Timetable("slack")
    for cid in (2, 1):
        table.place(channel(cid), MONDAY)
    table.place(channel(3, "10:00"), MONDAY)
    assert table.counts() == (3, 2, 0)
    assert table.next_drill(1) == table.next_drill(2) == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    ((slot, at),) = table.due_slots(datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    assert at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC) and table.channels(slot) == [1, 2]


def test_a_moved_or_paused_channel_leaves_its_old_slot() -> None:
    table = Timetable("slack")
    table.place(channel(1), MONDAY)
    table.place(channel(1, "10:00"), MONDAY)
    assert table.counts() == (1, 1, 0)
    assert table.next_drill(1) == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    table.place(channel(1, paused=True), MONDAY)
    assert table.next_drill(1) is None and table.counts() == (0, 0, 0)
    table.place(replace(channel(4), platform="discord"), MONDAY)  # another platform's channel
    assert table.counts() == (0, 0, 0)


def test_a_reveal_is_due_once() -> None:
    table = Timetable("slack")
    table.add_reveal(7, datetime(2026, 3, 3, 5, 0, tzinfo=UTC))
    assert table.due_reveals(MONDAY) == []
    assert table.due_reveals(datetime(2026, 3, 3, 6, 0, tzinfo=UTC)) == [7]
    assert table.due_reveals(datetime(2026, 3, 3, 7, 0, tzinfo=UTC)) == []
