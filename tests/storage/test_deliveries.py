"""Event ids shared by every process (migration 9): the first insert wins, old ones go."""

from __future__ import annotations

from datetime import timedelta

from handlers.clock import ManualClock
from handlers.context import CoachSettings, Deps
from handlers.deliveries import KEEP, PRUNE_EVERY, Deliveries
from storage.store import Store
from tests.handlers.conftest import small_bank
from tests.storage.records import NOW


def test_an_event_id_is_first_once_per_platform(store: Store) -> None:
    assert store.first_delivery("slack", "Ev1", NOW)
    assert not store.first_delivery("slack", "Ev1", NOW + timedelta(seconds=3))
    assert store.first_delivery("discord", "Ev1", NOW)  # another platform's ids are its own
    assert store.first_delivery("slack", "Ev2", NOW)


def test_ids_older_than_a_retry_can_be_are_forgotten(store: Store) -> None:
    assert store.first_delivery("slack", "old", NOW)
    assert store.first_delivery("slack", "new", NOW + KEEP)
    assert store.forget_deliveries_before(NOW + timedelta(hours=1)) == 1
    assert store.first_delivery("slack", "old", NOW + KEEP)
    assert not store.first_delivery("slack", "new", NOW + KEEP)


def test_the_core_prunes_as_it_goes(store: Store) -> None:
    clock = ManualClock(NOW)
    deliveries = Deliveries(Deps(store, small_bank(), clock, CoachSettings()))
    assert deliveries.first("slack", "early")
    assert not deliveries.first("slack", "early")
    clock.advance(KEEP + timedelta(minutes=1))
    for n in range(PRUNE_EVERY - 2):
        assert deliveries.first("slack", f"Ev{n}")
    assert store.execute("SELECT COUNT(*) FROM deliveries WHERE event_id = 'early'") == [(0,)]
    assert deliveries.first("slack", "")  # no id: nothing to compare, handled
