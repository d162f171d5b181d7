"""A code answer pasted into the terminal: the lines up to the closing fence are one answer."""

from __future__ import annotations

import io
from pathlib import Path

from bot.console.cli import run
from bot.settings import load_settings
from content.bank import Bank
from tests.bot.test_code_answers import CODE_QUESTION
from tests.content.checkers.code.solutions import DROPOUT

SETUP = "/coach setup time=09:00 tz=Europe/Paris days=mon-fri topics=regularisation"


def talk(tmp_path: Path, *lines: str) -> str:
    settings = load_settings({}, DATABASE=tmp_path / "coach.db", DEFAULT_TZ="Europe/Paris")
    out = io.StringIO()
    script = io.StringIO("".join(line + "\n" for line in lines))
    status = run(["--clock", "2026-03-02T09:30"], script, out, settings, Bank([CODE_QUESTION]))
    assert status == 0
    return out.getvalue()


def test_a_pasted_block_is_checked_as_one_answer(tmp_path: Path) -> None:
    wrong = DROPOUT.replace("return dout * mask", "return dout")
    out = talk(tmp_path, SETUP, *wrong.splitlines())
    assert out.count("tests passed") == 1, out
    assert "5 of 6 tests passed" in out
    assert "First failure, backward reuses the forward mask" in out


def test_a_block_left_open_is_answered_at_the_end_of_input(tmp_path: Path) -> None:
    unclosed = DROPOUT.rsplit("```", 1)[0]
    out = talk(tmp_path, SETUP, *unclosed.splitlines())
    assert "All 6 tests passed" in out
