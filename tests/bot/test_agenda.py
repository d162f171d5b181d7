"""The agenda behind the drill timetable: planned keys come due once, at their latest instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.agenda import Agenda

T0 = datetime(2026, 3, 27, 8, 0, tzinfo=UTC)


def test_keys_come_due_once_in_order_and_not_before_their_time() -> None:
    agenda: Agenda[str] = Agenda()
    agenda.plan("b", T0 + timedelta(minutes=2))
    agenda.plan("a", T0 + timedelta(minutes=1))
    agenda.plan("c", T0 + timedelta(minutes=1))  # a tie: planned order, keys never compared
    assert agenda.take_due(T0) == []
    assert [k for k, _ in agenda.take_due(T0 + timedelta(minutes=1))] == ["a", "c"]
    assert agenda.take_due(T0 + timedelta(hours=1)) == [("b", T0 + timedelta(minutes=2))]
    assert agenda.take_due(T0 + timedelta(days=1)) == [] and len(agenda) == 0


def test_replanning_moves_a_key_and_dropping_removes_it() -> None:
    agenda: Agenda[int] = Agenda()
    agenda.plan(1, T0)
    agenda.plan(1, T0 + timedelta(hours=1))  # moved: the earlier entry is stale
    agenda.plan(2, T0)
    agenda.drop(2)
    agenda.plan(3, T0)
    agenda.plan(3, T0)  # planned twice at one instant: still due once
    assert agenda.take_due(T0) == [(3, T0)]
    assert agenda.when(1) == T0 + timedelta(hours=1) and agenda.when(2) is None
    assert agenda.take_due(T0 + timedelta(hours=2)) == [(1, T0 + timedelta(hours=1))]
