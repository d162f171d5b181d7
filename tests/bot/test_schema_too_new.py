"""A database migrated by a newer bot: the older one refuses to start (one line, exit 2) and
changes nothing, instead of misreading tables it does not know."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from storage.migrations import MIGRATIONS
from storage.sqlite import SqliteStore

ROOT = Path(__file__).resolve().parents[2]


def schema(database: Path) -> list[tuple]:
    with sqlite3.connect(database) as db:
        tables = db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        return tables + db.execute("SELECT * FROM migrations ORDER BY version").fetchall()


def test_a_newer_schema_is_refused_in_one_line_and_left_as_it_is(tmp_path: Path) -> None:
    database = tmp_path / "coach.db"
    SqliteStore(database).close()
    newer = len(MIGRATIONS) + 1
    with sqlite3.connect(database) as db:
        db.execute("INSERT INTO migrations (version, name) VALUES (?, 'from the future')", (newer,))
    before = schema(database)
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), "DATABASE": str(database)}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input=b"/coach status\n",
        capture_output=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        f"error: DATABASE_URL: the database's schema is version {newer}, newer than this bot's "
        f"{len(MIGRATIONS)}: run the newer version of the bot (or restore a backup taken before "
        "the upgrade)"
    ]
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert schema(database) == before
