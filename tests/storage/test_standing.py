"""Early reveals, days away, holidays and the board's rows, each on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

from storage.records import Away, BoardEntry, ChannelConfig, Person
from storage.store import Store
from tests.storage.records import NOW, attempt

DAY = date(2026, 3, 2)


def drills(store: Store, days: int) -> tuple[ChannelConfig, list[int]]:
    cfg = store.save_channel(ChannelConfig("slack", "w1", "c1"), NOW)
    assert cfg.id is not None
    ids = []
    for n in range(days):
        drill = store.add_drill(cfg.id, DAY + timedelta(n), f"q{n}", "nlp", NOW, NOW)
        assert drill is not None
        store.mark_posted(drill.id, f"m{n}", f"t{n}", NOW)
        ids.append(drill.id)
    return cfg, ids


def test_an_early_reveal_is_told_once_and_forgotten_with_the_person(store: Store) -> None:
    _, [drill] = drills(store, 1)
    assert not store.saw_answers(drill, "slack", "w1", "ann")
    store.add_early_reveal(drill, "slack", "w1", "ann", NOW)
    store.add_early_reveal(drill, "slack", "w1", "ann", NOW)  # twice is once
    assert store.saw_answers(drill, "slack", "w1", "ann")
    assert not store.saw_answers(drill, "slack", "w2", "ann")  # another workspace
    assert store.tell_closed_once(drill, "slack", "w1", "ann") is True
    assert store.tell_closed_once(drill, "slack", "w1", "ann") is False
    store.add_away("slack", "w1", "ann", DAY, DAY + timedelta(3))
    assert store.forget("slack", "w1", "ann") == 2
    assert not store.saw_answers(drill, "slack", "w1", "ann")
    assert store.away_spans("slack", "w1", "ann") == []


def test_days_away_replace_the_coming_span_and_end_early(store: Store) -> None:
    keys = ("slack", "w1", "ann")
    store.add_away(*keys, DAY, DAY + timedelta(2))
    store.add_away(*keys, DAY + timedelta(10), DAY + timedelta(20))
    store.add_away(*keys, DAY + timedelta(15), DAY + timedelta(25))  # replaces the one to come
    assert store.away_spans(*keys) == [
        Away(DAY, DAY + timedelta(2)),
        Away(DAY + timedelta(15), DAY + timedelta(25)),
    ]
    assert store.end_away(*keys, DAY + timedelta(18)) is True
    assert store.away_spans(*keys)[-1] == Away(DAY + timedelta(15), DAY + timedelta(17))
    assert store.end_away(*keys, DAY + timedelta(30)) is False


def test_holidays_are_per_channel_and_clear_from_a_day_on(store: Store) -> None:
    cfg, _ = drills(store, 0)
    other = store.save_channel(ChannelConfig("slack", "w1", "c2"), NOW)
    assert cfg.id is not None and other.id is not None
    christmas = [date(2026, 12, 24), date(2026, 12, 25)]
    store.add_holidays(cfg.id, christmas)
    store.add_holidays(cfg.id, christmas)  # idempotent
    assert store.holidays(cfg.id, DAY) == christmas
    assert store.is_holiday(cfg.id, christmas[0]) and not store.is_holiday(other.id, christmas[0])
    store.clear_holidays(cfg.id, christmas[1])
    assert store.holidays(cfg.id, DAY) == christmas[:1]


def test_board_rows_take_each_persons_latest_readable_answer(store: Store) -> None:
    cfg, ids = drills(store, 3)
    assert cfg.id is not None
    store.add_attempt(attempt("a1", "ann", drill_id=ids[0], verdict="incorrect"))
    store.add_attempt(attempt("a2", "ann", drill_id=ids[0], verdict="correct", score=1.0))
    store.add_attempt(attempt("a3", "ann", drill_id=ids[1], verdict="unparseable"))
    store.add_attempt(attempt("b1", "bob", drill_id=ids[2], score=0.6))
    entries = sorted(store.board_entries(cfg.id, DAY), key=lambda e: (e.user, e.day))
    assert entries == [
        BoardEntry("ann", DAY, "correct", 1.0),
        BoardEntry("bob", DAY + timedelta(2), "received", 0.6),
    ]
    assert store.board_entries(cfg.id, DAY + timedelta(1)) == [entries[1]]
    assert store.first_answer_day(cfg.id, "slack", "w1", "ann") == DAY
    assert store.first_answer_day(cfg.id, "slack", "w1", "bob") == DAY + timedelta(2)
    assert store.first_answer_day(cfg.id, "slack", "w2", "bob") is None
    assert store.posted_drills(cfg.id, DAY + timedelta(1)) == [
        (DAY + timedelta(1), True),
        (DAY + timedelta(2), True),
    ]
    assert store.drill_days_between(cfg.id, DAY, DAY + timedelta(2)) == [DAY + timedelta(1)]


def test_freezes_are_stored_with_the_person(store: Store) -> None:
    store.save_person(Person("slack", "w1", "ann", current=5, freezes=1, freezes_used=2))
    person = store.person("slack", "w1", "ann")
    assert person is not None and (person.freezes, person.freezes_used) == (1, 2)
