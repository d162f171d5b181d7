"""Drill leases (migration 8): one worker at a time sends a drill or its reveal; an expired lease
is taken over; on PostgreSQL a row another worker is claiming is skipped, not waited for."""

from __future__ import annotations

from datetime import date, timedelta

import psycopg
import pytest

from storage.records import ChannelConfig
from storage.store import Store
from tests.storage.records import NOW

DAY = date(2026, 3, 2)
LEASE = timedelta(minutes=5)


def new_drill(store: Store) -> int:
    cfg = store.save_channel(ChannelConfig("slack", "w1", "c1"), NOW)
    assert cfg.id is not None
    drill = store.add_drill(cfg.id, DAY, "q1", "nlp", NOW + timedelta(hours=8), NOW)
    assert drill is not None
    return drill.id


def test_one_worker_holds_a_send_until_its_lease_expires(store: Store) -> None:
    drill = new_drill(store)
    assert store.take_lease(drill, "post", "A", NOW, NOW + LEASE)
    assert store.drill(drill).sending_at == NOW  # type: ignore[union-attr]
    assert not store.take_lease(drill, "post", "B", NOW + timedelta(minutes=4), NOW + 2 * LEASE)
    assert store.take_lease(drill, "post", "A", NOW + timedelta(minutes=1), NOW + LEASE)
    # A died: once its lease has run out, B takes the send over (and the send time is B's).
    later = NOW + LEASE
    assert store.take_lease(drill, "post", "B", later, later + LEASE)
    assert store.drill(drill).sending_at == later  # type: ignore[union-attr]
    assert not store.take_lease(drill, "post", "A", later, later + LEASE)  # A is back: too late


def test_posting_ends_the_send_lease_and_opens_the_reveal(store: Store) -> None:
    drill = new_drill(store)
    assert not store.take_lease(drill, "reveal", "A", NOW, NOW + LEASE)  # not posted yet
    assert store.take_lease(drill, "post", "A", NOW, NOW + LEASE)
    store.mark_posted(drill, "m1", "t1", NOW)
    assert not store.take_lease(drill, "post", "B", NOW, NOW + LEASE)  # posted: nothing to send
    assert store.take_lease(drill, "reveal", "B", NOW, NOW + LEASE)  # A's lease ended with it
    assert not store.take_lease(drill, "reveal", "A", NOW, NOW + LEASE)
    store.mark_revealed(drill, NOW + timedelta(minutes=1))
    assert not store.take_lease(drill, "reveal", "B", NOW + 2 * LEASE, NOW + 3 * LEASE)


def test_a_deferred_send_gives_its_lease_back_at_once(store: Store) -> None:
    drill = new_drill(store)
    assert store.take_lease(drill, "post", "A", NOW, NOW + LEASE)
    store.give_back_lease(drill, "B", unsent=True)  # not B's to give
    assert not store.take_lease(drill, "post", "B", NOW, NOW + LEASE)
    store.give_back_lease(drill, "A", unsent=True)
    assert store.drill(drill).sending_at is None  # type: ignore[union-attr]
    assert store.take_lease(drill, "post", "B", NOW, NOW + LEASE)
    store.give_back_lease(drill, "B", unsent=False)  # it may have landed: keep the send time
    assert store.drill(drill).sending_at == NOW  # type: ignore[union-attr]


@pytest.mark.postgres
def test_a_row_another_worker_is_claiming_is_skipped_not_waited_for(
    postgres_url: str, opened
) -> None:
    store = opened(postgres_url)
    store.set_lock_timeout(30)  # were the claim to wait for the row lock, the test would stall
    drill = new_drill(store)
    with psycopg.connect(postgres_url) as other:
        other.execute("SELECT id FROM drills WHERE id = %s FOR UPDATE", (drill,))
        assert not store.take_lease(drill, "post", "A", NOW, NOW + LEASE)
    assert store.take_lease(drill, "post", "A", NOW, NOW + LEASE)  # released with its transaction
