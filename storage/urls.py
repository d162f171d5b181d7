"""DATABASE_URL: which database the bot keeps its state in, and opening it.

sqlite:///data/coach.db       a file, relative to the working directory
sqlite:////var/lib/coach.db   an absolute path (four slashes)
postgresql://user:pw@host/db  PostgreSQL (Heroku's postgres:// is accepted too)
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from storage.store import Store

SQLITE_PREFIX = "sqlite:///"
POSTGRES_SCHEMES = ("postgresql", "postgres")


class DatabaseUrlError(ValueError):
    """A DATABASE_URL the bot cannot use; the message never repeats it (it holds a password)."""


@dataclass(frozen=True)
class DatabaseUrl:
    dialect: str
    """"sqlite" or "postgresql"."""
    target: str
    """The SQLite path, or the PostgreSQL URL in the postgresql:// form."""

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"


def parse_database_url(url: str) -> DatabaseUrl:
    """Read a DATABASE_URL; raise DatabaseUrlError saying what is wrong, never echoing it."""
    url = url.strip()
    if url.startswith(SQLITE_PREFIX):
        path = url[len(SQLITE_PREFIX) :]
        if not path:
            raise DatabaseUrlError("sqlite:/// needs a file path, e.g. sqlite:///data/coach.db")
        return DatabaseUrl("sqlite", path)
    scheme, _, rest = url.partition("://")
    if scheme in POSTGRES_SCHEMES:
        if not urlsplit(url).hostname and "host=" not in rest:
            raise DatabaseUrlError("a postgresql:// URL needs a host, e.g. postgresql://host/db")
        return DatabaseUrl("postgresql", "postgresql://" + rest)
    if scheme == "sqlite":
        raise DatabaseUrlError("a SQLite URL has three slashes: sqlite:///path/to/coach.db")
    shown = scheme if scheme and scheme.isalnum() and len(scheme) < 20 else "unknown"
    raise DatabaseUrlError(
        f"scheme {shown!r} is not supported: use sqlite:///path or postgresql://…"
    )


def sqlite_url(path: str | Path) -> str:
    """The DATABASE_URL of a SQLite file."""
    return SQLITE_PREFIX + str(path)


class DatabaseUnavailable(ConnectionError):
    """The database could not be opened or reached; the message is the driver's first line."""


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def open_store(url: str | DatabaseUrl) -> Store:
    """Open (and migrate) the database a DATABASE_URL names."""
    parsed = parse_database_url(url) if isinstance(url, str) else url
    if parsed.is_postgres:
        import psycopg  # only when PostgreSQL is used

        from storage.postgres import PostgresStore

        try:
            return PostgresStore(parsed.target)
        except psycopg.Error as err:
            password = urlsplit(parsed.target).password
            line = _first_line(err)
            raise DatabaseUnavailable(line.replace(password, "***") if password else line) from None
    from storage.sqlite import SqliteStore

    try:
        return SqliteStore(parsed.target)
    except (sqlite3.OperationalError, sqlite3.DatabaseError, OSError) as err:
        raise DatabaseUnavailable(f"{parsed.target}: {_first_line(err)}") from None
