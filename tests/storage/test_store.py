"""The store's queries, each on SQLite and on PostgreSQL: idempotency keys, scoping, ordering,
figures, transactions, forgetting, migrations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from storage.migrations import MIGRATIONS
from storage.records import ChannelConfig, Person
from storage.store import Store
from tests.storage.records import NOW, attempt

DAY = date(2026, 3, 2)


def channel(store: Store, name: str = "c1", **kw: object) -> ChannelConfig:
    return store.save_channel(ChannelConfig("slack", "w1", name, **kw), NOW)  # type: ignore[arg-type]


def test_migrations_are_recorded_once(
    store: Store, database_url: str, opened: Callable[[str], Store]
) -> None:
    applied = [(n, m.name) for n, m in enumerate(MIGRATIONS, start=1)]
    assert store.version == len(MIGRATIONS) and applied[0] == (1, "_001_initial")
    again = opened(database_url)
    assert again.version == len(MIGRATIONS)
    assert again.execute("SELECT version, name FROM migrations ORDER BY version") == applied


def test_saving_a_channel_twice_updates_it_in_place(store: Store) -> None:
    first = channel(store, time="08:00", topics=("nlp", "cv"), days=(0, 2))
    second = channel(store, time="10:30", tz="Europe/Paris", paused=True, reveal_minutes=30)
    assert first.id == second.id
    stored = store.channel("slack", "w1", "c1")
    assert stored == second
    assert store.channel_by_id(first.id) == second
    assert store.channel("slack", "w1", "nope") is None


def test_active_channels_leave_out_paused_ones_and_other_platforms(store: Store) -> None:
    a = channel(store, "a")
    channel(store, "b", paused=True)
    c = store.save_channel(ChannelConfig("discord", "g", "c"), NOW)
    assert [x.channel for x in store.active_channels()] == ["a", "c"]
    assert store.active_channels("slack") == [a]
    assert store.active_channels("discord") == [c]


def test_one_drill_per_channel_per_day_and_one_attempt_per_message(store: Store) -> None:
    cfg = channel(store)
    assert store.add_drill(cfg.id, DAY, "q1", "nlp", NOW, NOW) is not None
    assert store.add_drill(cfg.id, DAY, "q2", "nlp", NOW, NOW) is None
    assert store.add_attempt(attempt("m1")) is True
    assert store.add_attempt(attempt("m1", text="again")) is False
    assert store.find_attempt("slack", "w1", "m1").text == "x"


def test_drills_round_trip_and_are_found_by_day_thread_and_state(store: Store) -> None:
    cfg = channel(store)
    first = store.add_drill(cfg.id, DAY, "q1", "nlp", NOW + timedelta(hours=8), NOW)
    second = store.add_drill(cfg.id, DAY + timedelta(days=2), "q2", "cv", NOW, NOW)
    assert store.drill(first.id) == first and first.reveal_at == NOW + timedelta(hours=8)
    assert store.drill_on(cfg.id, DAY) == first
    assert store.unposted_drills("slack") == [first, second]
    store.mark_posted(first.id, "m1", None, NOW)
    store.mark_posted(second.id, "m2", "t2", NOW)
    assert store.drill_in_thread("slack", "w1", "c1", "m1").id == first.id  # no thread: the message
    assert store.unposted_drills("slack") == []
    assert [d.id for d in store.unrevealed_drills("slack")] == [second.id, first.id]
    assert store.open_drill(cfg.id).id == second.id
    assert store.mark_revealed(second.id, NOW) is True
    assert store.mark_revealed(second.id, NOW) is False
    assert store.open_drill(cfg.id).id == first.id
    assert store.drill(second.id).revealed_at == NOW
    assert store.drill_day_before(cfg.id, DAY + timedelta(days=2)) == DAY
    assert store.drill_day_before(cfg.id, DAY) is None
    assert store.asked_questions(cfg.id) == [("q1", "nlp"), ("q2", "cv")]


def test_drills_attempts_and_people_are_scoped_by_workspace(store: Store) -> None:
    one = channel(store)
    drill = store.add_drill(one.id, DAY, "q1", "nlp", NOW, NOW)
    store.mark_posted(drill.id, "m", "t1", NOW)
    assert store.drill_in_thread("slack", "w1", "c1", "t1") is not None
    assert store.drill_in_thread("slack", "w2", "c1", "t1") is None
    store.save_person(Person("slack", "w1", "u1", answered=1, current=3))
    assert store.leaderboard("slack", "w2", 10) == []
    assert store.add_attempt(attempt("m1", workspace="w2")) is True  # same id, other workspace


def test_figures_count_each_persons_latest_answer(store: Store) -> None:
    cfg = channel(store)
    drill = store.add_drill(cfg.id, DAY, "q1", "nlp", NOW, NOW)
    assert store.figures(drill.id).answered == 0 and store.figures(drill.id).correct == 0
    store.add_attempt(attempt("m1", user="ann", verdict="wrong", drill_id=drill.id))
    store.add_attempt(attempt("m2", user="ann", verdict="correct", drill_id=drill.id))
    store.add_attempt(attempt("m3", user="bob", verdict="correct", drill_id=drill.id))
    store.add_attempt(attempt("m4", user="bob", verdict="wrong", drill_id=drill.id))
    figures = store.figures(drill.id)
    assert (figures.answered, figures.correct) == (2, 1)
    assert store.latest_verdict(drill.id, "bob") == "wrong"
    assert store.latest_verdict(drill.id, "cat") is None
    assert store.has_answered(drill.id, "ann") and not store.has_answered(drill.id, "cat")


def test_an_edited_answer_replaces_its_text_and_verdict(store: Store) -> None:
    store.add_drill(channel(store).id, DAY, "q1", "nlp", NOW, NOW)
    store.add_attempt(attempt("m1", text="0.4", verdict="wrong"))
    store.replace_attempt(attempt("m1", text="0.5", verdict="correct", score=1.0))
    found = store.find_attempt("slack", "w1", "m1")
    assert (found.text, found.verdict, found.score) == ("0.5", "correct", 1.0)


def test_saving_a_person_overwrites_and_the_leaderboard_orders_visible_people(
    store: Store,
) -> None:
    store.save_person(Person("slack", "w1", "ann", current=1, answered=1))
    store.save_person(Person("slack", "w1", "ann", "Ann", 4, 6, DAY, 1, 9, 7))
    store.save_person(Person("slack", "w1", "bob", current=4, answered=5, correct=2))
    store.save_person(Person("slack", "w1", "cat", current=9, answered=3, hidden=True))
    store.save_person(Person("slack", "w1", "dan", current=0, answered=0))
    assert store.person("slack", "w1", "ann") == Person(
        "slack", "w1", "ann", "Ann", 4, 6, DAY, 1, 9, 7
    )
    board = store.leaderboard("slack", "w1", 10)
    assert [p.user for p in board] == ["ann", "bob"]
    assert [p.user for p in store.leaderboard("slack", "w1", 1)] == ["ann"]


def test_practice_questions_are_kept_per_person(store: Store) -> None:
    one = store.add_practice("slack", "w1", "ann", "q1", NOW)
    two = store.add_practice("slack", "w1", "ann", "q2", NOW + timedelta(minutes=1))
    store.add_practice("slack", "w2", "ann", "q3", NOW)
    assert store.latest_practice("slack", "w1", "ann") == two
    assert store.practiced_questions("slack", "w1", "ann") == {"q1", "q2"}
    store.mark_practice_answered(one.id)
    assert store.practice(one.id).answered and not store.practice(two.id).answered
    assert store.latest_practice("slack", "w1", "bob") is None


def test_forget_deletes_one_person_in_one_workspace_only(store: Store) -> None:
    cfg = channel(store)
    store.add_drill(cfg.id, DAY, "q1", "nlp", NOW, NOW)
    store.add_attempt(attempt("m1"))
    store.add_attempt(attempt("m2", user="u2"))
    store.add_practice("slack", "w1", "u1", "q9", NOW)
    store.save_person(Person("slack", "w1", "u1", answered=1))
    store.save_person(Person("slack", "w2", "u1", answered=1))
    assert store.forget("slack", "w1", "u1") == 3
    assert store.find_attempt("slack", "w1", "m1") is None
    assert store.find_attempt("slack", "w1", "m2") is not None
    assert store.person("slack", "w2", "u1") is not None


def test_a_failed_transaction_keeps_nothing_and_a_failed_inner_one_only_its_part(
    store: Store,
) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        channel(store, "lost")
        raise RuntimeError("boom")
    assert store.channel("slack", "w1", "lost") is None
    with store.transaction():
        channel(store, "kept")
        with pytest.raises(RuntimeError), store.transaction():
            channel(store, "inner")
            raise RuntimeError("boom")
    assert store.channel("slack", "w1", "kept") is not None
    assert store.channel("slack", "w1", "inner") is None


def test_a_write_failing_inside_a_transaction_undoes_the_whole_block(store: Store) -> None:
    with pytest.raises(Exception, match="(?i)foreign key"), store.transaction():
        kept_until_the_failure = channel(store, "lost")
        assert store.in_transaction() and kept_until_the_failure.id is not None
        store.add_drill(999, DAY, "q1", "nlp", NOW, NOW)  # a write of its own, no savepoint
    assert not store.in_transaction()
    assert store.channel("slack", "w1", "lost") is None
    assert channel(store, "later").id is not None


def test_a_broken_constraint_is_an_error_and_the_store_goes_on(store: Store) -> None:
    with pytest.raises(Exception, match="(?i)foreign key"):
        store.add_drill(999, DAY, "q1", "nlp", NOW, NOW)
    assert channel(store).id is not None


@pytest.mark.parametrize(
    "text", ["", "ünïcödé ∑ 🎉", "x" * 100_000, "<!channel> @everyone", "a\x00b", "'; DROP TABLE x"]
)
def test_any_answer_text_is_stored_without_losing_the_answer(store: Store, text: str) -> None:
    store.add_drill(channel(store).id, DAY, "q1", "nlp", NOW, NOW)
    assert store.add_attempt(attempt("m1", text=text)) is True
    found = store.find_attempt("slack", "w1", "m1").text
    assert len(found) == len(text) and found.replace("\ufffd", "\x00") == text
    assert store.ping()
