"""The terminal drill as a person meets it: a real process on a pseudo-terminal (pexpect)."""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from bot.console.output import to_text
from content.bank import load_bank

ROOT = Path(__file__).resolve().parents[3]
BOUND = 60
"""Seconds to wait for expected output: generous for a loaded machine, never a measurement."""
SATURDAY_NIGHT = "2026-12-05T22:30"


def spawn(db: Path, *args: str, colour: bool = False, **env: str) -> pexpect.spawn:
    environ = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(db.parent)),
        "TERM": "xterm",
        "DEFAULT_TZ": "UTC",
        "DATABASE": str(db),
        **env,
    }
    if not colour:
        environ["NO_COLOR"] = "1"
    argv = ["-m", "bot", "console", "--user", "ann", *args]
    child = pexpect.spawn(
        sys.executable, argv, cwd=str(ROOT), env=environ, encoding="utf-8", timeout=BOUND
    )
    child.setwinsize(40, 100)
    return child


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "coach.db"


def recorded(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM attempts").fetchone()[0])


def transcript(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    return str(child.before)


def test_saturday_night_shows_a_bank_question_and_ctrl_c_quits_recording_nothing(
    db: Path,
) -> None:
    child = spawn(db, "--clock", SATURDAY_NIGHT)
    child.expect(r"Practice question \(")
    child.expect(r"\r\n\r\n(.+?)\r\n")
    first_line = child.match.group(1).strip()
    prompts = [to_text(q.prompt) for q in load_bank(ROOT / "content" / "bank").questions]
    assert any(p.startswith(first_line[:40]) for p in prompts), first_line
    child.expect("The next daily drill comes Mon 07 Dec 09:00 UTC: /clock 2026-12-07T09:00")
    child.expect("> ")
    child.send("half an answer")  # typed, never entered
    child.sendintr()
    rest = transcript(child)
    assert "Goodbye" in rest and "Traceback" not in rest and "KeyboardInterrupt" not in rest
    assert child.exitstatus == 0
    assert recorded(db) == 0


def test_ctrl_d_in_the_middle_of_a_line_quits_without_taking_it(db: Path) -> None:
    child = spawn(db, "--clock", SATURDAY_NIGHT)
    child.expect("> ")
    child.send("half an answer")
    child.sendeof()  # the first Ctrl-D hands over the partial line, the second ends input
    child.sendeof()
    rest = transcript(child)
    assert "Goodbye" in rest and "Traceback" not in rest
    assert "Recorded" not in rest and recorded(db) == 0


def test_a_drill_falling_due_while_the_prompt_waits_is_printed_without_input(db: Path) -> None:
    # Sunday 22:30 runs 20,000 times real time: Monday's 09:00 drill comes about two seconds
    # later, and the whole day's grace (about four seconds) absorbs a slow machine.
    child = spawn(
        db, "--clock", "2026-12-06T22:30", "--speed", "20000", CATCH_UP_GRACE_MINUTES="1440"
    )
    child.expect("> ")
    child.expect(r"── Question of the day · Mon 07 Dec \d\d:\d\d UTC ──")
    child.expect("> ")  # the prompt comes back under it
    child.sendline("/quit")
    rest = transcript(child)
    assert "Goodbye" in rest
    with sqlite3.connect(db) as conn:
        assert (
            conn.execute("SELECT count(*) FROM drills WHERE posted_at IS NOT NULL").fetchone()[0]
            >= 1
        )


def test_colour_on_a_terminal_and_none_with_no_color(db: Path) -> None:
    child = spawn(db, "--clock", SATURDAY_NIGHT, colour=True)
    child.expect_exact("\x1b[33m(only you) Practice question")
    child.expect("> ")
    child.sendline("/quit")
    assert "Goodbye" in transcript(child)
    plain = spawn(db, "--clock", SATURDAY_NIGHT)
    plain.expect("> ")
    plain.sendline("/quit")
    assert "\x1b[" not in re.sub(r"\r\x1b\[K", "", transcript(plain))
