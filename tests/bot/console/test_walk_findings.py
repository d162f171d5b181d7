"""Each finding of the newcomer's walk through the terminal drill (issue 14), as a test."""

from __future__ import annotations

import asyncio
import io
import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.console.cli import run
from bot.console.clock import ClockError, MovableClock, parse_step, parse_when
from bot.console.output import Printer, wants_colour, wrap
from bot.console.session import ConsoleSession
from bot.runtime import build_runtime
from bot.settings import load_settings
from content.bank import Bank, load_bank
from content.render import render
from handlers.text import shorten
from tests.bot.console.conftest import Converse
from tests.handlers.conftest import question, small_bank

PARIS = "Europe/Paris"


def markdown_bank() -> Bank:
    prompt = "**True or False:** the loss of $A_{(i,j)}$ is *convex*?"
    return Bank([question("md-q", topic="optimisation", prompt=prompt)])


def talk(db: Path, start: str, *lines: str, bank: Bank | None = None, args: tuple = ()) -> str:
    settings = load_settings({}, DATABASE=db, DEFAULT_TZ=PARIS)
    out = io.StringIO()
    script = io.StringIO("".join(line + "\n" for line in lines))
    argv = ["--clock", start, "--user", "ann", *args]
    assert run(argv, script, out, settings, bank or small_bank()) == 0
    return out.getvalue()


# -- a first start puts a question in front of the person -----------------------------------


def test_a_first_start_with_no_drill_due_shows_a_practice_question_and_the_next_drill(
    converse: Converse,
) -> None:
    out = converse("2026-03-07T22:30", "my practice answer")  # a Saturday night
    assert "Practice question" in out and "Prompt of " in out
    assert "The next daily drill comes Mon 09 Mar 09:00 Europe/Paris" in out
    assert "/clock 2026-03-09T09:00 jumps there" in out
    # A plain line answers the practice question shown, not "no open drill".
    answered = out.split("> my practice answer")[1]
    assert "There is no open drill" not in answered
    assert any(mark in answered for mark in "✅❌🟡❓📝")


def test_following_the_clock_hint_brings_the_drill(converse: Converse) -> None:
    out = converse("2026-03-07T22:30", "/clock 2026-03-09T09:00", "an answer")
    assert "── Question of the day · Mon 09 Mar 09:00 Europe/Paris" in out
    assert "Answer recorded" in out.split("── Question of the day")[1]


def test_a_drill_falls_due_while_waiting_for_input(tmp_path: Path) -> None:
    """The prompt waits on a pipe nobody writes to; the test moves the clock, no line comes."""
    settings = load_settings({}, DATABASE=tmp_path / "c.db", DEFAULT_TZ=PARIS)
    clock = MovableClock()
    clock.start_at(parse_when("2026-03-08T08:00", PARIS))  # Sunday
    runtime = build_runtime(settings, clock=clock, bank=small_bank())
    out = io.StringIO()
    session = ConsoleSession(runtime, clock, Printer(out), "ann", echo=False)
    read_end, write_end = os.pipe()

    async def scenario() -> None:
        from bot.console.lines import lines_of

        with os.fdopen(read_end, "r") as typed:
            task = asyncio.create_task(session.run(lines_of(typed)))
            await until(lambda: "Practice question" in out.getvalue(), task)
            assert "Question of the day" not in out.getvalue()
            clock.set(parse_when("2026-03-09T09:00", PARIS))
            await until(lambda: "Question of the day" in out.getvalue(), task)
            session.stop()
            await asyncio.wait_for(task, 30)

    try:
        asyncio.run(scenario())
    finally:
        os.close(write_end)
        runtime.close()
    assert "── Question of the day · Mon 09 Mar 09:00 Europe/Paris" in out.getvalue()
    assert out.getvalue().rstrip().endswith("Goodbye: your answers are saved.")


async def until(condition: Callable[[], bool], task: asyncio.Task[None]) -> None:
    """Let the loop run until the condition holds (failing at once if the session died)."""
    for _ in range(100_000):
        if condition():
            return
        if task.done():
            task.result()
            raise AssertionError("the session ended first")
        await asyncio.sleep(0)
    raise AssertionError("the condition never held")


# -- starting afresh, and where the state lives ---------------------------------------------


def test_fresh_starts_from_an_empty_database_after_a_played_week(tmp_path: Path) -> None:
    db = tmp_path / "coach.db"
    lines = ["an answer"] + ["/clock +1d"] * 9
    talk(db, "2026-03-02T09:05", *lines)
    stuck = talk(db, "2026-03-02T08:59")
    assert "later than the clock: start afresh with python -m bot --fresh" in stuck
    again = talk(db, "2026-03-02T08:59", "0.5", args=("--fresh",))
    assert f"Starting afresh: {db} is new." in again
    assert "── Question of the day · Mon 02 Mar" in again
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM drills").fetchone()[0] == 1


def test_the_start_says_where_the_state_lives(tmp_path: Path) -> None:
    out = talk(tmp_path / "here.db", "2026-03-02T08:59")
    assert f"Your answers are kept in {tmp_path / 'here.db'}." in out


# -- the clock ------------------------------------------------------------------------------


def test_clock_flag_is_read_in_the_channels_zone(tmp_path: Path) -> None:
    db = tmp_path / "coach.db"
    talk(db, "2026-03-02T08:00", "/coach setup tz=America/New_York")
    out = talk(db, "2026-03-03T08:00")
    assert "It is Tue 03 Mar 08:00 America/New_York" in out


def test_clock_steps_in_absolute_time_across_daylight_saving() -> None:
    clock = MovableClock()
    clock.start_at(parse_when("2026-03-29T01:50", PARIS))  # spring forward at 02:00
    before = clock.now()
    after = clock.advance(parse_step("+15m"))
    assert after - before == timedelta(minutes=15)
    assert after.astimezone(UTC).hour == 1 and after.astimezone(UTC).minute == 5
    # Autumn: the repeated hour is lived through, not skipped.
    clock.set(parse_when("2026-10-25T02:50", PARIS))  # the first 02:50, summer time
    seen = [clock.advance(timedelta(minutes=15)) for _ in range(5)]
    assert all(b - a == timedelta(minutes=15) for a, b in zip(seen, seen[1:], strict=False))
    local = [f"{s.astimezone(ZoneInfo(PARIS)):%H:%M%z}" for s in seen]
    # From 02:50 summer time the hour is lived again in winter time, not skipped (wall-clock
    # arithmetic on the aware time went 02:50 -> 03:05 and lost that hour).
    assert local == ["02:05+0100", "02:20+0100", "02:35+0100", "02:50+0100", "03:05+0100"]


def test_clock_refuses_nonsense_and_missing_instants_in_one_friendly_line(
    converse: Converse,
) -> None:
    out = converse(
        "2026-03-28T22:00",
        "/clock -1d",
        "/clock tomorrow",
        "/clock 2026-03-29T02:30",
        "/clock 2026-03-01T09:00",
        "/clock +99999d",
    )
    refusals = [line for line in out.splitlines() if line.startswith("(clock)")]
    assert len(refusals) == 5, refusals
    assert "Invalid isoformat" not in out and "Traceback" not in out
    assert "the clock only goes forward" in refusals[0]
    assert "does not exist in Europe/Paris" in refusals[2]
    assert "is in the past" in refusals[3]
    assert "It is now" not in out


def test_clock_prints_only_instants_that_exist(converse: Converse) -> None:
    out = converse("2026-03-29T01:50", "/clock +15m")
    assert "It is now Sun 29 Mar 03:05 Europe/Paris (UTC+02:00)" in out


def test_clock_parsing_is_strict() -> None:
    with pytest.raises(ClockError):
        parse_step("-1d")
    with pytest.raises(ClockError):
        parse_when("next week", PARIS)
    assert parse_step("1d2h") == timedelta(days=1, hours=2)
    assert parse_when("2026-03-02T09:00", PARIS) == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


# -- readable output ------------------------------------------------------------------------


def test_status_shows_no_markdown_escapes(tmp_path: Path) -> None:
    out = talk(tmp_path / "c.db", "2026-03-02T09:30", "/coach status", bank=markdown_bank())
    status = out.split("> /coach status")[1]
    assert "open now: True or False: the loss of" in status
    assert "\\*" not in status and "\\" not in status


def test_after_a_restart_the_open_drill_is_rendered_not_raw(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    talk(db, "2026-03-02T09:30", bank=markdown_bank())
    again = talk(db, "2026-03-02T11:00", bank=markdown_bank())
    shown = again.split("Open drill of Mon 02 Mar:")[1]
    assert "True or False: the loss of A_(i,j) is convex?" in shown
    assert "**" not in shown and "$" not in shown


def test_subscripts_in_parentheses_are_not_doubled() -> None:
    assert render("$A_{(i,j)}$", "text") == "A_(i,j)"
    assert "((" not in render("$W_{(i,j)} + x^{(k+1)}$", "text")


def test_long_lines_wrap_at_word_boundaries() -> None:
    text = "- " + " ".join(["gradient"] * 12) + "\n    code_line_that_is_long " * 2
    wrapped = wrap(text, 30)
    for line in wrapped.splitlines():
        if not line.startswith("    code"):
            assert len(line) <= 30
    assert all(word == "gradient" for word in " ".join(wrapped.splitlines()[:4])[2:].split())
    assert wrapped.splitlines()[1].startswith("  gradient")  # hangs under the item's text


def test_printer_wraps_to_its_width_and_colours_only_when_asked() -> None:
    out = io.StringIO()
    Printer(out, width=40, colour=False).line("word " * 30)
    assert max(len(line) for line in out.getvalue().splitlines()) <= 40
    assert "\x1b[" not in out.getvalue()
    tty = io.StringIO()
    Printer(tty, colour=True).line("hello", "heading")
    assert tty.getvalue().startswith("\x1b[1;36mhello")


def test_colour_wanted_only_on_a_terminal_without_no_color() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert wants_colour(Tty(), {})
    assert not wants_colour(Tty(), {"NO_COLOR": "1"})
    assert not wants_colour(io.StringIO(), {})


def test_a_piped_session_has_no_colour_and_no_escapes(converse: Converse) -> None:
    out = converse("2026-03-02T08:59", "0.5", "/coach status")
    assert "\x1b[" not in out


def test_shorten_keeps_a_prompt_readable() -> None:
    assert shorten("**True or False:** a *b*") == "True or False: a b"
    cut = shorten("word " * 10 + "$x_{1} + x_{2}$ and more words", 60)
    assert cut.endswith("…") and cut.count("$") % 2 == 0 and len(cut) <= 60


# -- commands: drill by words or checkable, forget-me asks, privacy shows, hidden board -------


def test_drill_by_words_finds_the_computational_question(tmp_path: Path) -> None:
    out = talk(tmp_path / "c.db", "2026-03-07T22:30", "/coach drill levenshtein", bank=load_bank())
    asked = out.split("> /coach drill levenshtein")[1]
    assert "unknown topic" not in asked
    assert "Levenshtein" in asked or "edit distance" in asked.lower()


def test_drill_checkable_gives_a_checked_question(converse: Converse) -> None:
    out = converse("2026-03-07T22:30", "/coach drill checkable", "0.5")
    asked = out.split("> /coach drill checkable")[1]
    assert "Prompt of numeric-q?" in asked and "✅" in asked


def test_privacy_without_a_word_shows_and_the_board_says_hidden(converse: Converse) -> None:
    out = converse(
        "2026-03-02T09:30",
        "0.5",
        "/coach privacy",
        "/coach privacy hide",
        "/coach privacy",
        "/coach leaderboard",
    )
    before, board = out.split("> /coach leaderboard")
    first, hiding, hidden = before.split("> /coach privacy")[1:]
    assert "You are on the leaderboard" in first
    assert "off the leaderboard" in hiding
    assert "You are hidden" in hidden
    assert "You are hidden" in board and "empty" not in board
