"""The SQLite store: one file (or :memory:), the embedded default.

WAL mode, foreign keys on, migrations at open, writes in transactions (`store.transaction()`
groups several writes into one, nested blocks use savepoints).

A full disk, a lock held by another process past the busy timeout, an I/O error or a read-only
file raise `StoreUnavailable` after the transaction is rolled back. The busy timeout is short
(LOCK_TIMEOUT_SECONDS, or `set_lock_timeout`): the core runs on the event loop, so a locked
database must fail soon rather than freeze the bot while it waits.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from storage.errors import unavailable_when
from storage.migrations import MIGRATION_WAIT_SECONDS, migrate
from storage.store import Row, Store

LOCK_TIMEOUT_SECONDS = 2.0
# Primary result codes (the low byte of an extended code) that mean "not now", not "wrong".
_TRANSIENT = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_NOMEM,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_PROTOCOL,
}


def _transient(err: BaseException) -> bool:
    code = getattr(err, "sqlite_errorcode", None)
    return (
        isinstance(err, sqlite3.OperationalError) and code is not None and code & 0xFF in _TRANSIENT
    )


class SqliteStore(Store):
    """All reads and writes of the bot's state, on one SQLite database."""

    dialect = "sqlite"

    def __init__(self, path: str | Path, lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = Database(path, execute_plugins=False)
        self._depth = 0
        # Until migrated, wait as long as another starting process may be migrating: switching
        # to WAL and the migrations' write locks would otherwise fail with "database is locked".
        self.set_lock_timeout(MIGRATION_WAIT_SECONDS)
        self.db.execute("PRAGMA foreign_keys = ON")
        if str(path) != ":memory:":
            self.db.enable_wal()
        self.db.execute("PRAGMA synchronous = NORMAL")
        # Deleted rows are overwritten with zeros, not left in free pages, however SQLite was
        # built (forget-me must mean it).
        self.db.execute("PRAGMA secure_delete = ON")
        # Checkpoints are taken off the reply path: the scheduler calls checkpoint() on a timer
        # (automatic ones made about 1% of replies wait several milliseconds).
        self.db.execute("PRAGMA wal_autocheckpoint = 0")
        self.version = migrate(self)
        self.set_lock_timeout(lock_timeout)

    def set_lock_timeout(self, seconds: float) -> None:
        """How long a statement waits for another process's lock before giving up."""
        self.db.execute(f"PRAGMA busy_timeout = {max(0, round(seconds * 1000))}")

    def close(self) -> None:
        self.checkpoint()
        self.db.close()

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database file without blocking writers."""
        self.db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def scrub(self) -> None:
        """The write-ahead log still holds the pages as they were before a forget: copy it into
        the (zeroed) database and empty it. A reader holding an old snapshot can keep it from
        emptying; the next forget or the periodic checkpoint then finishes the job."""
        with contextlib.suppress(sqlite3.OperationalError):
            self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def in_transaction(self) -> bool:
        return self.db.conn.in_transaction

    @contextmanager
    def transaction(self) -> Iterator[None]:
        # _atomic() rolls back first (a no-op when SQLite already did), then the error is named.
        with unavailable_when(_transient, self.dialect), self._atomic():
            yield

    @contextmanager
    def migrating(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock at BEGIN, where the busy timeout applies; a deferred
        # transaction that read first and wrote second would fail at once (SQLITE_BUSY_SNAPSHOT)
        # when another process had committed meanwhile.
        with unavailable_when(_transient, self.dialect), self._atomic("BEGIN IMMEDIATE"):
            yield

    @contextmanager
    def _atomic(self, begin: str = "BEGIN") -> Iterator[None]:
        """BEGIN/COMMIT, or a savepoint named by its depth when nested.

        sqlite-utils' atomic() names each savepoint randomly: every name is a new statement,
        and 4 of them per reply pushed the core's own queries out of sqlite3's statement cache.
        """
        conn = self.db.conn
        if not conn.in_transaction:
            conn.execute(begin)
            try:
                yield
            except BaseException:
                conn.rollback()  # a no-op when the error already ended the transaction
                raise
            try:
                conn.execute("COMMIT")
            except BaseException:
                conn.rollback()
                raise
            return
        self._depth += 1
        savepoint = f"nested_{self._depth}"
        conn.execute(f"SAVEPOINT {savepoint}")
        try:
            yield
        except BaseException:
            # An error can end the whole transaction, savepoints included: then there is
            # nothing to roll back to, and trying would hide the original error.
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            raise
        else:
            conn.execute(f"RELEASE SAVEPOINT {savepoint}")
        finally:
            self._depth -= 1

    def _run(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[Row], int]:
        with unavailable_when(_transient, self.dialect):
            cur = self.db.conn.execute(sql, tuple(params))
            rows = cur.fetchall()
            return rows, cur.rowcount
