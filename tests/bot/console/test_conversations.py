"""End-to-end drills through the terminal adapter, with the clock moved by /clock."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from tests.bot.console.conftest import Converse

SETUP_NUMERIC = "/coach setup time=09:00 tz=Europe/Paris days=mon-fri topics=optimisation"


def posts(transcript: str) -> int:
    return transcript.count("── Question of the day")


def last_streak(transcript: str) -> int:
    found = re.findall(r"Your streak: (\d+) drill day", transcript)
    assert found, transcript
    return int(found[-1])


def test_first_start_shows_todays_question_at_once(converse: Converse) -> None:
    out = converse("2026-03-02T08:00")
    assert posts(out) == 1
    assert "Answers revealed Tue 03 Mar 08:30 Europe/Paris" in out


def test_setup_then_right_wrong_unparseable_and_the_reveal(converse: Converse) -> None:
    out = converse(
        "2026-03-02T09:30",
        SETUP_NUMERIC + " reveal=2h",
        "/clock 2026-03-03T09:00",
        "/coach reveal",
        "no idea at all",
        "0.9",
        "0.5",
        "/coach reveal",
        "/clock +2h",
    )
    tuesday = out.split("(clock) It is now Tue 03 Mar 09:00")[1]
    assert "Setup saved." in out and "reveal 2h after the post" in out
    assert "Prompt of numeric-q?" in tuesday
    assert "❓" in tuesday and "❌" in tuesday and "✅" in tuesday
    # Before answering the early reveal is refused; after answering it is private.
    refused, allowed = tuesday.split("> /coach reveal")[1:3]
    assert "Answer first" in refused and "Expected" not in refused
    early = allowed.split("> /clock")[0]
    # The private reveal starts with the answer that counts (issue 15).
    assert "(only you) Your answer: 0.5 (✅ Correct)." in early and "Expected: 0.5" in early
    reveal = tuesday.split("── Answers")[-1]
    assert "Expected: 0.5" in reveal and "1 person answered, 1 right" in reveal


def test_streak_counts_drill_days_and_weekends_never_break_it(converse: Converse) -> None:
    # "0.5" reads as an answer to every question of the bank, the checked one included: an
    # answer its checker cannot read does not keep a streak (issue 15).
    lines = ["0.5"]
    for _ in range(4):  # Tue..Fri
        lines += ["/clock +1d", "0.5"]
    lines += ["/clock +1d", "/coach streak", "/clock +1d", "/clock +1d", "0.5"]
    lines += ["/coach streak"]
    out = converse("2026-03-02T09:05", *lines)
    assert posts(out) == 6  # Mon-Fri and the next Monday, nothing at the weekend
    assert last_streak(out.split("> /clock +1d\n(clock) It is now Sun")[0]) == 5
    assert last_streak(out) == 6


def test_a_missed_drill_day_resets_the_streak_but_keeps_the_best(converse: Converse) -> None:
    out = converse(
        "2026-03-02T09:05",
        "0.5",
        "/clock +1d",
        "0.5",
        "/clock +1d",
        "/clock +1d",
        "0.5",
        "/coach streak",
    )
    assert posts(out) == 4
    assert "Your streak: 1 drill day (best 2)" in out


def test_a_day_the_bot_was_down_does_not_break_the_streak(converse: Converse) -> None:
    converse("2026-03-02T09:05", "monday")
    # Tuesday nobody ran the bot, so Tuesday had no drill; Wednesday continues the streak.
    out = converse("2026-03-04T09:05", "wednesday", "/coach streak")
    assert "Your streak: 2 drill days (best 2)" in out


def test_daylight_saving_change_keeps_local_drill_time_and_streak(converse: Converse) -> None:
    # Paris moves to summer time on Sun 29 Mar 2026: 09:00 is 08:00 UTC before, 07:00 after.
    out = converse(
        "2026-03-27T09:05",
        "friday answer",
        "/clock 2026-03-30T08:59",
        "/coach streak",
        "/clock +1m",
        "monday answer",
        "/coach streak",
    )
    before, after = out.split("> /clock +1m")
    assert posts(before) == 1 and posts(after) == 1
    assert "── Question of the day · Mon 30 Mar 09:00 Europe/Paris" in after
    assert "Answers revealed Mon 30 Mar 08:30 Europe/Paris" in before
    assert last_streak(out) == 2


def test_restart_mid_day_never_double_posts_nor_loses_an_answer(
    converse: Converse, db_path: Path
) -> None:
    first = converse("2026-03-02T09:30", "my answer before the restart")
    second = converse("2026-03-02T11:00", "/coach streak", "/coach reveal")
    assert posts(first) == 1 and posts(second) == 0
    assert "Open drill of Mon 02 Mar" in second
    assert "1 answered" in second and "Answer first" not in second
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT COUNT(*) FROM drills").fetchone()[0] == 1
        assert db.execute("SELECT text FROM attempts").fetchall() == [
            ("my answer before the restart",)
        ]


def test_forget_me_deletes_everything_about_the_person(converse: Converse, db_path: Path) -> None:
    out = converse(
        "2026-03-02T09:30",
        "an answer",
        "/coach drill",
        "/coach forget-me",
        "/coach streak",
        "/coach forget-me confirm",
        "/coach streak",
        "/coach leaderboard",
    )
    asked, confirmed = out.split("> /coach forget-me confirm")
    assert "It cannot be undone" in asked and "Your streak: 1" in asked  # asking deletes nothing
    assert "deleted everything stored about you" in confirmed
    assert "No streak yet" in out and "leaderboard is empty" in out
    with sqlite3.connect(db_path) as db:
        for table in ("attempts", "people", "practice"):
            assert db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
