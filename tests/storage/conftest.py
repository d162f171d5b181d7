"""Every storage test runs on SQLite and on a real PostgreSQL.

Without a reachable server the PostgreSQL cases are deselected with a note, except in CI
(CI=true), where they run and fail: a storage suite that silently skips a dialect proves nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from storage.store import Store
from storage.urls import open_store, sqlite_url
from tests.storage import postgres

DIALECTS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
_deselected: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres: needs a real PostgreSQL server")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wanted = [item for item in items if item.get_closest_marker("postgres")]
    if not wanted or os.environ.get("CI") == "true":
        return
    why = postgres.reachable()
    if why is None:
        return
    config.hook.pytest_deselected(items=wanted)
    items[:] = [item for item in items if not item.get_closest_marker("postgres")]
    _deselected.append(f"{len(wanted)} PostgreSQL tests deselected: {why}")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for line in _deselected:
        terminalreporter.write_line(
            f"{line} (set TEST_DATABASE_URL or run .ci/run; with CI=true they fail instead)",
            yellow=True,
        )


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    why = postgres.reachable()
    if why is not None:
        pytest.fail(f"no PostgreSQL at TEST_DATABASE_URL: {why}", pytrace=False)
    with postgres.fresh_database() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_database: str) -> str:
    """A URL of an empty schema of its own."""
    return postgres.fresh_schema(postgres_database)


@pytest.fixture(params=DIALECTS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each dialect, by DATABASE_URL."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "coach.db")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def opened() -> Iterator[Callable[[str], Store]]:
    """Open stores by URL; each is closed at the end of the test."""
    stores: list[Store] = []

    def open_(url: str) -> Store:
        stores.append(open_store(url))
        return stores[-1]

    yield open_
    for store in stores:
        store.close()


@pytest.fixture
def store(database_url: str, opened: Callable[[str], Store]) -> Store:
    return opened(database_url)
