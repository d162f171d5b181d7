"""Real faults become StoreUnavailable, roll back whole, and the store works again afterwards."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from handlers.clock import ManualClock
from handlers.coach import Coach
from handlers.pending import KEPT_ANSWER
from storage.errors import StoreUnavailable
from storage.postgres import PostgresStore
from storage.records import Attempt
from storage.sqlite import SqliteStore
from storage.store import Store
from tests.handlers.conftest import Say, small_bank
from tests.handlers.test_coach import open_drill
from tests.handlers.test_store_outage import LONG, fill_disk, free_disk
from tests.storage.postgres import ADMIN_URL

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def attempt(message_id: str, text: str) -> Attempt:
    return Attempt("discord", "w", message_id, "ann", text, "received", 0.0, NOW)


def test_a_full_sqlite_rolls_the_whole_transaction_back(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "coach.db")
    try:
        fill_disk(store)
        with (
            pytest.raises(StoreUnavailable, match="database or disk is full"),
            store.transaction(),
        ):
            store.add_attempt(attempt("small", "fits in a page"))
            store.add_attempt(attempt("big", LONG))
        assert store.find_attempt("discord", "w", "small") is None
        free_disk(store)
        assert store.add_attempt(attempt("big", LONG))
        assert store.execute("PRAGMA integrity_check") == [("ok",)]
    finally:
        store.close()


def kill(store: PostgresStore) -> None:
    """The server ends the store's session, as a restart or failover would."""
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (store.conn.info.backend_pid,))


@pytest.mark.postgres
def test_a_killed_postgresql_session_mid_transaction_is_reported_then_reconnected(
    postgres_url: str, opened: Callable[[str], Store]
) -> None:
    store = opened(postgres_url)
    assert isinstance(store, PostgresStore)
    with pytest.raises(StoreUnavailable, match="postgresql"), store.transaction():
        store.add_attempt(attempt("a", "first"))
        kill(store)
        store.add_attempt(attempt("b", "second"))
    assert store.find_attempt("discord", "w", "a") is None  # the transaction died whole
    assert store.add_attempt(attempt("a", "first"))  # a new connection, at the next statement


@pytest.mark.postgres
def test_answers_given_while_the_postgresql_session_is_gone_are_written_after_reconnecting(
    postgres_url: str,
) -> None:
    store = PostgresStore(postgres_url, lock_timeout=0.5)
    clock = ManualClock(NOW)
    coach = Coach(store, small_bank(), clock)
    try:
        say = Say(clock)
        drill = open_drill(coach, say, clock)
        kill(store)
        [kept] = coach.handle(say("my answer", thread=f"th-{drill}"))
        assert kept.text == KEPT_ANSWER and coach.pending.unavailable
        clock.advance(timedelta(seconds=30))
        assert coach.flush() == 1
        assert store.figures(drill).answered == 1
        assert not coach.pending.unavailable
    finally:
        store.close()
