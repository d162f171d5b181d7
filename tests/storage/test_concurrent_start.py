"""Any number of workers may start at once on one fresh database: every one migrates (or waits
for the one migrating) and starts, and the schema is applied exactly once."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.migrations import MIGRATIONS, TABLES
from storage.urls import open_store, sqlite_url
from tests.storage import postgres
from tests.storage.conftest import DIALECTS

WORKERS = 4
# Each round is a fresh database: the race is in creating the schema (before the fix about one
# round in three failed on each dialect, so six rounds catch it nearly always).
ROUNDS = 6
ROOT = Path(__file__).resolve().parents[2]

# Imports first, then waits for the go line on stdin, so that every process opens the database
# in the same instant instead of one by one as each finishes starting Python.
STARTER = """
import json, sys
from storage.urls import open_store
sys.stdin.readline()
store = open_store(sys.argv[1])
channels = store.execute("SELECT COUNT(*) FROM channels")[0][0]
print(json.dumps({"version": store.version, "channels": channels}))
store.close()
"""


def start_together(url: str, workers: int = WORKERS) -> list[subprocess.CompletedProcess[str]]:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", STARTER, url],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(workers)
    ]
    # A process that has not read its line yet still gets it: the pipe holds it.
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    done = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return done


@pytest.fixture(params=DIALECTS)
def fresh_urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Empty databases of one dialect, a new one at each next()."""
    if request.param == "sqlite":
        return (sqlite_url(tmp_path / f"coach{n}.db") for n in itertools.count())
    database = str(request.getfixturevalue("postgres_database"))
    return (postgres.fresh_schema(database) for _ in itertools.count())


def test_workers_starting_at_once_all_start_and_migrate_once(fresh_urls: Iterator[str]) -> None:
    for n in range(ROUNDS):
        url = next(fresh_urls)
        results = start_together(url)
        failures = [r.stderr.strip().splitlines()[-1:] for r in results if r.returncode != 0]
        assert failures == [], f"round {n}: {failures}"
        for result in results:
            assert json.loads(result.stdout) == {"version": len(MIGRATIONS), "channels": 0}
        assert_migrated_once(url)
    # And all at once again on a database already migrated (every restart of a formation).
    assert all(r.returncode == 0 for r in start_together(url))
    assert_migrated_once(url)


def assert_migrated_once(url: str) -> None:
    store = open_store(url)
    try:
        applied = store.execute("SELECT version, name FROM migrations ORDER BY version")
        assert applied == [(n, m.name) for n, m in enumerate(MIGRATIONS, start=1)]
        for table in TABLES:
            assert store.execute(f"SELECT COUNT(*) FROM {table}") == [(0,)]
    finally:
        store.close()
