"""The PostgreSQL store (psycopg 3): the same queries and migrations as SQLite, for hosts whose
disk does not last (Heroku) or several people sharing one server.

One connection in autocommit mode; `transaction()` opens a real transaction (savepoints when
nested). A connection the server dropped is replaced at the next statement.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg

from storage.migrations import migrate
from storage.store import Row, Store

CONNECT_TIMEOUT_SECONDS = 10


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

    def __init__(self, url: str) -> None:
        self._url = url
        self.conn = self._connect()
        self.version = migrate(self)

    def _connect(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self._url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._reconnect_if_dropped()
        with self.conn.transaction():
            yield

    def _run(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[Row], int]:
        self._reconnect_if_dropped()
        with self.conn.cursor() as cur:
            cur.execute(to_pyformat(sql), [_storable(value) for value in params])
            rows = cur.fetchall() if cur.description is not None else []
            return rows, cur.rowcount

    def _reconnect_if_dropped(self) -> None:
        # Only between transactions: inside one, the failure must reach the caller.
        if (
            self.conn.broken
            and self.conn.info.transaction_status == psycopg.pq.TransactionStatus.UNKNOWN
        ):
            self.conn = self._connect()
