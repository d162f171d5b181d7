"""`python -m bot db migrate-sqlite-to-postgres`: a SQLite bot moves with every streak and id."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from storage.migrations import MIGRATIONS
from storage.postgres import PostgresStore
from storage.records import ChannelConfig, Person
from storage.sqlite import SqliteStore
from tests.storage.records import NOW, attempt

pytestmark = pytest.mark.postgres


def a_sqlite_bot(path: Path) -> None:
    store = SqliteStore(path)
    one = store.save_channel(ChannelConfig("discord", "g1", "c1", tz="Europe/Paris"), NOW)
    two = store.save_channel(ChannelConfig("slack", "T1", "C1", paused=True), NOW)
    drill = store.add_drill(one.id, date(2026, 3, 2), "q1", "nlp", NOW, NOW)
    store.add_drill(two.id, date(2026, 3, 2), "q2", "cv", NOW, NOW)
    store.mark_posted(drill.id, "m1", "t1", NOW)
    store.add_attempt(attempt("a1", drill_id=drill.id, verdict="correct", text="ünï \x00"))
    practice = store.add_practice("discord", "g1", "ann", "q7", NOW)
    store.add_attempt(attempt("a2", drill_id=None, practice_id=practice.id))
    store.save_person(Person("discord", "g1", "ann", "Ann", 12, 30, date(2026, 3, 2), 1, 40, 33))
    store.save_person(Person("slack", "T1", "bob", current=3, best=3, answered=3, hidden=True))
    store.close()


def run_db(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "db", *args],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path.cwd()), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_move_keeps_every_row_id_and_streak_and_new_ids_follow(
    tmp_path: Path, postgres_url: str
) -> None:
    a_sqlite_bot(tmp_path / "coach.db")
    done = run_db(
        "migrate-sqlite-to-postgres",
        env={"DATABASE": str(tmp_path / "coach.db"), "DATABASE_URL": postgres_url},
    )
    assert done.returncode == 0, done.stderr
    assert "2 channels, 2 drills, 1 practice, 2 attempts, 2 people" in done.stdout
    before, after = SqliteStore(tmp_path / "coach.db"), PostgresStore(postgres_url)
    try:
        for table in ("channels", "drills", "practice", "attempts", "people"):
            rows = before.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3")
            moved = after.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3")
            assert [tuple(str(v).replace("\x00", "\ufffd") for v in r) for r in rows] == [
                tuple(str(v) for v in r) for r in moved
            ]
        assert after.person("discord", "g1", "ann").current == 12
        assert after.leaderboard("discord", "g1", 10)[0].best == 30
        third = after.save_channel(ChannelConfig("discord", "g1", "c3"), NOW)
        assert third.id == 3
    finally:
        before.close()
        after.close()


def test_the_move_refuses_a_target_that_holds_a_bot(tmp_path: Path, postgres_url: str) -> None:
    a_sqlite_bot(tmp_path / "coach.db")
    env = {"DATABASE": str(tmp_path / "coach.db"), "DATABASE_URL": postgres_url}
    assert run_db("migrate-sqlite-to-postgres", env=env).returncode == 0
    again = run_db("migrate-sqlite-to-postgres", env=env)
    assert again.returncode == 2 and "already holds" in again.stderr


def test_the_move_needs_a_postgres_target_and_an_existing_file(
    tmp_path: Path, postgres_url: str
) -> None:
    to_sqlite = run_db(
        "migrate-sqlite-to-postgres", env={"DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    )
    assert to_sqlite.returncode == 2 and "must be postgresql://" in to_sqlite.stderr
    missing = run_db(
        "migrate-sqlite-to-postgres",
        "--sqlite",
        str(tmp_path / "none.db"),
        "--to",
        postgres_url,
        env={},
    )
    assert missing.returncode == 2 and "no SQLite file" in missing.stderr


def test_db_migrate_creates_the_tables(postgres_url: str) -> None:
    done = run_db("migrate", env={"DATABASE_URL": postgres_url})
    expected = f"postgresql database at schema version {len(MIGRATIONS)}"
    assert done.returncode == 0 and expected in done.stdout
