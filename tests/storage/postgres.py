"""A real PostgreSQL server for tests: one fresh database per test run, one schema per test.

TEST_DATABASE_URL names a server and a database the tests may connect to in order to create
their own (default: the local server with trust auth, database `test`, as .ci/run sets up).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import psycopg

ADMIN_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")


def reachable(url: str = ADMIN_URL) -> str | None:
    """None when the server answers, else why not (one line)."""
    try:
        with psycopg.connect(url, connect_timeout=3):
            return None
    except psycopg.Error as err:
        return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def _with_database(url: str, name: str) -> str:
    base, _, query = url.partition("?")
    return base.rsplit("/", 1)[0] + "/" + name + (f"?{query}" if query else "")


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new empty database for this test run, dropped afterwards; yields its URL."""
    name = f"coach_test_{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(ADMIN_URL, name)
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_schema(database_url: str) -> str:
    """A new empty schema in the run's database; returns a URL whose search_path is it."""
    name = f"t_{secrets.token_hex(6)}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    joiner = "&" if "?" in database_url else "?"
    return f"{database_url}{joiner}options={quote(f'-csearch_path={name}')}"
