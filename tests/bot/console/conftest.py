"""Running whole terminal conversations in-process: lines in, transcript out."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.console.cli import run
from bot.settings import load_settings
from tests.handlers.conftest import small_bank

Converse = Callable[..., str]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "coach.db"


@pytest.fixture
def converse(db_path: Path) -> Converse:
    """Run the terminal drill on a script; return its transcript (reuse db_path to restart)."""

    def talk(start: str, *lines: str, user: str = "ann") -> str:
        settings = load_settings({}, DATABASE=db_path, DEFAULT_TZ="Europe/Paris")
        out = io.StringIO()
        script = io.StringIO("".join(line + "\n" for line in lines))
        status = run(["--clock", start, "--user", user], script, out, settings, small_bank())
        assert status == 0
        return out.getvalue()

    return talk
