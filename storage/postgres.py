"""The PostgreSQL store (psycopg 3): the same queries and migrations as SQLite, for hosts whose
disk does not last (Heroku) or several people sharing one server.

One connection in autocommit mode; `transaction()` opens a real transaction (savepoints when
nested). A connection the server dropped is replaced at the next statement.

A lost connection, a full disk or other resource shortage (SQLSTATE class 53), a lock or
statement timeout and a read-only server raise `StoreUnavailable` once the transaction is rolled
back. While the server stays away, a reconnection is tried at most every RECONNECT_EVERY seconds
(each try blocks the event loop for up to its connect timeout).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg

from storage.errors import StoreUnavailable, unavailable_when
from storage.migrations import migrate
from storage.store import Row, Store

CONNECT_TIMEOUT_SECONDS = 10
LOCK_TIMEOUT_SECONDS = 2.0
RECONNECT_EVERY = 5.0


def _transient(err: BaseException) -> bool:
    # OperationalError covers connection loss, class 53 (disk full, memory, connections), 57
    # (admin shutdown, statement/lock cancel) and 40 (serialization, deadlock).
    return isinstance(err, psycopg.OperationalError | psycopg.errors.ReadOnlySqlTransaction)


@lru_cache(maxsize=256)
def to_pyformat(sql: str) -> str:
    """The shared `?` placeholders as psycopg's `%s` (a literal % doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _storable(value: Any) -> Any:
    """PostgreSQL text cannot hold NUL (SQLite can): pasted binary must not lose an answer."""
    return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


class PostgresStore(Store):
    """All reads and writes of the bot's state, on one PostgreSQL database."""

    dialect = "postgresql"

    def __init__(self, url: str, lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> None:
        self._url = url
        self._lock_timeout = lock_timeout
        self._next_connect = 0.0
        self.conn = self._connect(CONNECT_TIMEOUT_SECONDS)
        self.version = migrate(self)

    def _connect(self, timeout: float) -> psycopg.Connection[Any]:
        conn = psycopg.connect(self._url, autocommit=True, connect_timeout=math.ceil(timeout))
        conn.execute(f"SET lock_timeout = {max(0, round(self._lock_timeout * 1000))}")
        return conn

    def set_lock_timeout(self, seconds: float) -> None:
        """How long a statement waits for a lock (and a reconnection for the server)."""
        self._lock_timeout = seconds
        with unavailable_when(_transient, self.dialect):
            self.conn.execute(f"SET lock_timeout = {max(0, round(seconds * 1000))}")

    def close(self) -> None:
        self.conn.close()

    def in_transaction(self) -> bool:
        return self.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._reconnect_if_dropped()
        # psycopg's transaction block rolls back on the way out (or finds the connection gone).
        with unavailable_when(_transient, self.dialect), self.conn.transaction():
            yield

    def _run(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[Row], int]:
        self._reconnect_if_dropped()
        with unavailable_when(_transient, self.dialect), self.conn.cursor() as cur:
            cur.execute(to_pyformat(sql), [_storable(value) for value in params])
            rows = cur.fetchall() if cur.description is not None else []
            return rows, cur.rowcount

    def _reconnect_if_dropped(self) -> None:
        # Only between transactions: inside one, the failure must reach the caller.
        if not (
            self.conn.broken
            and self.conn.info.transaction_status == psycopg.pq.TransactionStatus.UNKNOWN
        ):
            return
        if time.monotonic() < self._next_connect:
            raise StoreUnavailable("postgresql: the connection was lost; reconnecting shortly")
        try:
            with unavailable_when(_transient, self.dialect):
                self.conn = self._connect(max(2.0, self._lock_timeout))
        except StoreUnavailable:
            self._next_connect = time.monotonic() + RECONNECT_EVERY
            raise
