"""The SQLite store: one file (or :memory:), the embedded default.

WAL mode, foreign keys on, migrations at open, writes in transactions (`store.transaction()`
groups several writes into one, nested blocks use savepoints).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from storage.migrations import migrate
from storage.store import Row, Store


class SqliteStore(Store):
    """All reads and writes of the bot's state, on one SQLite database."""

    dialect = "sqlite"

    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = Database(path, execute_plugins=False)
        self.db.execute("PRAGMA foreign_keys = ON")
        if str(path) != ":memory:":
            self.db.enable_wal()
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute("PRAGMA busy_timeout = 5000")
        # Checkpoints are taken off the reply path: the scheduler calls checkpoint() on a timer
        # (automatic ones made about 1% of replies wait several milliseconds).
        self.db.execute("PRAGMA wal_autocheckpoint = 0")
        self.version = migrate(self)

    def close(self) -> None:
        self.checkpoint()
        self.db.close()

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database file without blocking writers."""
        self.db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.db.atomic():
            yield

    def _run(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[Row], int]:
        cur = self.db.conn.execute(sql, tuple(params))
        rows = cur.fetchall()
        return rows, cur.rowcount
