"""The terminal drill on PostgreSQL when the server goes away mid-session: no traceback, the
typed answer is kept and written once the server is back."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from bot.console.cli import run
from bot.settings import load_settings
from tests.fakes.own_postgres import OwnPostgres
from tests.handlers.conftest import small_bank


class Script(io.StringIO):
    """Typed lines that may act between them (not a TTY: the transcript echoes each line)."""

    def __init__(self, lines: Iterator[str]) -> None:
        super().__init__()
        self.lines = lines

    def __iter__(self) -> Iterator[str]:
        return self.lines


def test_an_answer_typed_while_postgresql_is_down_is_kept_then_recorded(
    own_postgres: OwnPostgres, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The store waits RECONNECT_EVERY seconds of real time between reconnections; the script
    # moves only the bot's clock.
    monkeypatch.setattr("storage.postgres.RECONNECT_EVERY", 0.0)

    def script() -> Iterator[str]:
        yield "/coach status\n"
        own_postgres.stop()  # the server goes away between two lines
        yield "Attention weighs every token against every other.\n"
        yield "/coach streak\n"
        own_postgres.start()
        yield "/clock +1m\n"  # past the retry pause: the next line writes what was kept
        yield "/coach streak\n"

    settings = load_settings(
        {},
        DATABASE_URL=own_postgres.url,
        DEFAULT_TZ="Europe/Paris",
        DATABASE_LOCK_TIMEOUT_SECONDS=1,
        SPOOL_FILE=tmp_path / "kept.jsonl",
    )
    out = io.StringIO()
    start = ["--clock", "2026-03-02T09:30", "--user", "ann"]
    status = run(start, Script(script()), out, settings, small_bank())
    transcript = out.getvalue()
    assert status == 0, transcript
    assert "Traceback" not in transcript
    assert "your line is kept" in transcript
    assert "cannot do that. Try again in a minute" in transcript  # the streak, while it is down
    assert "Your streak: 1 drill day" in transcript
    with psycopg.connect(own_postgres.url) as db:
        rows = db.execute('SELECT "user", text FROM attempts').fetchall()
    assert rows == [("ann", "Attention weighs every token against every other.")]
