"""SQLite transactions: nested blocks are savepoints, named by depth so statements are reused."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.sqlite import SqliteStore


def names(store: SqliteStore) -> list[str]:
    return [r[0] for r in store.execute("SELECT name FROM t ORDER BY name")]


def test_a_failed_nested_block_rolls_back_only_itself(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "a.db")
    store.execute("CREATE TABLE t (name TEXT PRIMARY KEY)")
    with store.transaction():
        store.execute("INSERT INTO t VALUES ('outer')")
        with pytest.raises(ValueError), store.transaction():
            store.execute("INSERT INTO t VALUES ('inner')")
            with store.transaction():
                store.execute("INSERT INTO t VALUES ('innermost')")
            raise ValueError("the nested block fails")
        with store.transaction():  # the same depth again: its savepoint name is reused
            store.execute("INSERT INTO t VALUES ('again')")
    assert names(store) == ["again", "outer"]
    assert not store.db.conn.in_transaction
    store.close()


def test_a_failed_outer_block_keeps_nothing(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "a.db")
    store.execute("CREATE TABLE t (name TEXT PRIMARY KEY)")
    with pytest.raises(ValueError), store.transaction():
        store.execute("INSERT INTO t VALUES ('outer')")
        with store.transaction():
            store.execute("INSERT INTO t VALUES ('inner')")
        raise ValueError("the outer block fails")
    assert names(store) == []
    with store.transaction():
        store.execute("INSERT INTO t VALUES ('later')")
    assert names(store) == ["later"]
    store.close()
