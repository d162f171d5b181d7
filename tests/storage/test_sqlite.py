"""What only the SQLite store does: WAL, foreign keys, files in new folders."""

from __future__ import annotations

from pathlib import Path

from storage.migrations import MIGRATIONS
from storage.sqlite import SqliteStore


def test_wal_foreign_keys_and_migrations_applied_once(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "a.db")
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()
    again = SqliteStore(tmp_path / "a.db")
    versions = again.db.execute("SELECT version FROM migrations ORDER BY version").fetchall()
    assert versions == [(n,) for n in range(1, len(MIGRATIONS) + 1)]
    again.close()


def test_the_directory_of_a_new_file_is_created(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "deep" / "er" / "coach.db")
    store.close()
    assert (tmp_path / "deep" / "er" / "coach.db").is_file()
