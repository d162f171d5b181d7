"""SQLite transactions: nested blocks are savepoints, named by depth so statements are reused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.records import ChannelConfig
from storage.sqlite import SqliteStore
from tests.storage.records import NOW


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    store = SqliteStore(tmp_path / "a.db")
    store.execute("CREATE TABLE t (name TEXT PRIMARY KEY)")
    yield store
    store.close()


def add(store: SqliteStore, name: str) -> None:
    store.execute("INSERT INTO t VALUES (?)", (name,))


def names(store: SqliteStore) -> list[str]:
    return [r[0] for r in store.execute("SELECT name FROM t ORDER BY name")]


def test_a_failed_nested_block_rolls_back_only_itself(store: SqliteStore) -> None:
    with store.transaction():
        add(store, "outer")
        with pytest.raises(ValueError), store.transaction():
            add(store, "inner")
            with store.transaction():
                add(store, "innermost")
            raise ValueError("the nested block fails")
        with store.transaction():  # the same depth again: its savepoint name is reused
            add(store, "again")
    assert names(store) == ["again", "outer"]
    assert not store.db.conn.in_transaction


def test_a_failed_outer_block_keeps_nothing(store: SqliteStore) -> None:
    with pytest.raises(ValueError), store.transaction():
        add(store, "outer")
        with store.transaction():
            add(store, "inner")
        raise ValueError("the outer block fails")
    assert names(store) == []
    with store.transaction():
        add(store, "later")
    assert names(store) == ["later"]


def test_writes_inside_a_transaction_take_no_savepoint(store: SqliteStore) -> None:
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    with store.transaction():
        store.save_channel(ChannelConfig("slack", "w1", "c1"), NOW)
        store.save_channel(ChannelConfig("slack", "w1", "c2"), NOW)
    store.db.conn.set_trace_callback(None)
    assert [s.split()[0] for s in statements] == ["BEGIN", "INSERT", "INSERT", "COMMIT"]
