"""Forget-me leaves no copy of the person's words in the SQLite file or its write-ahead log."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from storage.records import Attempt
from storage.sqlite import SqliteStore

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SECRET = "my-very-own-answer-QX7Z"


def on_disk(path: Path) -> bytes:
    files = [path, Path(f"{path}-wal")]
    return b"".join(f.read_bytes() for f in files if f.exists())


def test_a_forgotten_answer_is_in_neither_the_database_nor_its_wal(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    store = SqliteStore(path)
    reader = SqliteStore(path)  # another connection, as a backup or the sqlite3 shell would be
    try:
        for n in range(50):
            store.add_attempt(
                Attempt("slack", "T1", f"m{n}", "ann", f"{SECRET} {n}", "received", 0.0, NOW)
            )
        store.add_attempt(
            Attempt("slack", "T1", "keep", "bob", "bob's answer", "received", 0.0, NOW)
        )
        store.checkpoint()
        assert SECRET.encode() in on_disk(path)
        assert store.forget("slack", "T1", "ann") == 50
        assert SECRET.encode() not in on_disk(path)
        assert b"bob's answer" in on_disk(path)  # only the person's rows
        assert reader.find_attempt("slack", "T1", "keep") is not None
        assert store.execute("PRAGMA integrity_check") == [("ok",)]
    finally:
        reader.close()
        store.close()
