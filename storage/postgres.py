"""The PostgreSQL store (psycopg 3): the same queries and migrations as SQLite, for hosts whose
disk does not last (Heroku) or several people sharing one server.

One connection in autocommit mode; `transaction()` opens a real transaction (savepoints when
nested). A connection the server dropped is replaced at the next statement.

A lost connection, a full disk or other resource shortage (SQLSTATE class 53), a lock or
statement timeout and a read-only server raise `StoreUnavailable` once the transaction is rolled
back. While the server stays away, a reconnection is tried at most every RECONNECT_EVERY seconds
(each try blocks the event loop for up to its connect timeout).

`set_statement_timeout` bounds every statement (the bot sets it; one-off tools such as the
copy from SQLite do not): the server's statement_timeout, TCP keepalives and tcp_user_timeout
on the connection, and a client-side deadline (storage/deadline.py) for a server that still
acknowledges packets but no longer answers, so a frozen database cannot freeze the bot.
"""

from __future__ import annotations

import contextlib
import math
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg

from storage.deadline import Deadline
from storage.errors import StoreUnavailable, unavailable_when
from storage.migrations import MIGRATION_WAIT_SECONDS, migrate
from storage.store import Row, Store

CONNECT_TIMEOUT_SECONDS = 10
LOCK_TIMEOUT_SECONDS = 2.0
RECONNECT_EVERY = 5.0
KEEPALIVES: dict[str, Any] = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 3,
    "keepalives_count": 3,
    "tcp_user_timeout": 15_000,
}
"""A connection whose packets go unacknowledged (a server gone from the network) fails in
about 15 s instead of the kernel's default of minutes."""


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
        self._deadline: Deadline | None = None
        self._statement_timeout: float | None = None
        self.conn = self._connect(CONNECT_TIMEOUT_SECONDS)
        self.version = migrate(self)

    def _connect(self, timeout: float) -> psycopg.Connection[Any]:
        conn = psycopg.connect(
            self._url, autocommit=True, connect_timeout=math.ceil(timeout), **KEEPALIVES
        )
        conn.execute(f"SET lock_timeout = {max(0, round(self._lock_timeout * 1000))}")
        if self._statement_timeout is not None:
            conn.execute(f"SET statement_timeout = {round(self._statement_timeout * 1000)}")
        return conn

    def set_statement_timeout(self, seconds: float) -> None:
        """Bound every statement: the server cancels it after `seconds`, and the connection is
        cut one second later if the server did not (it is not answering at all)."""
        if self._deadline is not None:
            self._deadline.close()
        self._deadline = Deadline(seconds + 1.0)
        self._statement_timeout = seconds
        with unavailable_when(_transient, self.dialect):
            self.conn.execute(f"SET statement_timeout = {round(seconds * 1000)}")

    def _bounded(self) -> Any:
        if self._deadline is None:
            return contextlib.nullcontext()
        return self._deadline.running(self.conn.pgconn.socket)

    def set_lock_timeout(self, seconds: float) -> None:
        """How long a statement waits for a lock (and a reconnection for the server)."""
        self._lock_timeout = seconds
        with unavailable_when(_transient, self.dialect):
            self.conn.execute(f"SET lock_timeout = {max(0, round(seconds * 1000))}")

    def close(self) -> None:
        if self._deadline is not None:
            self._deadline.close()
        self.conn.close()

    def in_transaction(self) -> bool:
        return self.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._reconnect_if_dropped()
        # psycopg's transaction block rolls back on the way out (or finds the connection gone);
        # its BEGIN and COMMIT are bounded like any statement.
        with unavailable_when(_transient, self.dialect):
            block = self.conn.transaction()
            with self._bounded():
                block.__enter__()
            try:
                yield
            except BaseException:
                with self._bounded():
                    if not block.__exit__(*sys.exc_info()):
                        raise
            else:
                with self._bounded():
                    block.__exit__(None, None, None)

    @contextmanager
    def migrating(self) -> Iterator[None]:
        with self.transaction():
            # Waiting for another process's migration is the point here, not a stuck lock; and
            # building an index on a large table may take longer than a query ever should.
            wait = round(MIGRATION_WAIT_SECONDS * 1000)
            self._run(f"SET LOCAL lock_timeout = {wait}")
            self._run(f"SET LOCAL statement_timeout = {wait}")
            # Taken before anything else of the transaction, so processes take turns.
            self._run("SELECT pg_advisory_xact_lock(72150308)")
            yield

    def _run(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[Row], int]:
        self._reconnect_if_dropped()
        with unavailable_when(_transient, self.dialect), self.conn.cursor() as cur:
            with self._bounded():
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
