"""Hostile lines at the terminal: each gets a clear answer and the drill keeps working."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.bot.console.conftest import Converse

ROOT = Path(__file__).resolve().parents[3]


def test_hostile_lines_are_answered_clearly_and_nothing_breaks(
    converse: Converse, db_path: Path
) -> None:
    huge = "x" * 100_000
    out = converse(
        "2026-03-02T09:30",
        "",
        "   \t ",
        huge,
        "\x00\x01\x02\x1b\x07\u202e",
        "@everyone look **here** [click](http://evil.example) <!channel>",
        "/coach setup topics=@everyone",
        "/coach frobnicate <@123>",
        "/coach setup time=25:99",
        "a real answer after all that",
        "/coach streak",
    )
    assert out.count("That answer is empty") == 3  # empty, blanks, control characters only
    assert "100,000 characters; the limit is 4,000. Nothing was recorded" in out
    assert "unknown topic" in out and "@\u200beveryone" in out
    assert "unknown command" in out
    assert "time must be HH:MM" in out
    assert "Your streak: 1 drill day" in out
    with sqlite3.connect(db_path) as db:
        texts = [r[0] for r in db.execute("SELECT text FROM attempts ORDER BY id")]
    # The injection mentions a crowd, so it is discussion (issue 15), never an answer; the huge
    # and empty ones were never recorded either.
    assert texts == ["a real answer after all that"]
    assert "(not counted as an answer: it reads as discussion" in out


def test_names_with_mentions_and_markup_never_ping_on_the_leaderboard(converse: Converse) -> None:
    out = converse("2026-03-02T09:30", "answer", "/coach leaderboard", user="@everyone **x**")
    board = out.split("Leaderboard")[1]
    # One answer: listed apart from the ranked people (fewer than three answers).
    assert "@everyone" not in board and "not ranked yet: @\u200beveryone " in board


def test_python_m_bot_reads_a_piped_conversation_with_binary_bytes(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "q.yaml").write_text(
        "questions:\n- id: q-one\n  topic: nlp\n  difficulty: easy\n  prompt: What is a token?\n"
        "  sources: [{source: t, line: 1, question: What is a token?}]\n"
        "  answers: [{source: t, kind: prose, text: A unit of text.}]\n"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DATABASE": str(tmp_path / "coach.db"),
        "BANK_DIR": str(bank),
        "DEFAULT_TZ": "Europe/Paris",
    }
    script = b"\xff\xfe binary \x80 answer\n/coach streak\n"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--clock", "2026-03-02T09:30", "--user", "ann"],
        input=script,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "What is a token?" in out
    assert "Answer recorded" in out and "Your streak: 1 drill day" in out


def test_a_malformed_setting_fails_fast_in_one_line(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "DEFAULT_TZ": "Mars/Olympus"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input=b"",
        capture_output=True,
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.decode().strip().splitlines() == [
        "error: DEFAULT_TZ: Value error, not an IANA timezone name such as Europe/Paris"
    ]


def test_a_timezone_of_thousands_of_characters_is_refused_in_a_short_line(
    converse: Converse,
) -> None:
    out = converse(
        "2026-03-02T09:30",
        "/coach setup tz=" + "x" * 300,
        "/coach setup tz=Europe/" + "P" * 6000,
        "/coach streak",
    )
    refusals = [line for line in out.splitlines() if "unknown timezone" in line]
    assert len(refusals) == 2 and all(len(line) < 200 for line in refusals)
    assert "No streak yet" in out  # the terminal is still there
