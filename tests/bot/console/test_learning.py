"""The learning loop in the terminal: a missed drill comes back as a review, the stats picture
is written to a file beside the database, a reminder prints at its time."""

from __future__ import annotations

from pathlib import Path

from tests.bot.console.conftest import Converse

SETUP = "/coach setup time=09:00 tz=Europe/Paris days=mon-fri topics=optimisation reveal=2h"


def test_a_wrong_answer_comes_back_as_a_review_after_the_reveal(converse: Converse) -> None:
    out = converse(
        "2026-03-02T09:30",
        SETUP,
        "/clock 2026-03-03T09:30",
        "0.9",
        "/clock +3h",  # the reveal at 11:00 settles the card: Again, due a day later
        "/coach review",
        "/clock +1d",
        "/coach review",
        "0.5",
    )
    assert "Nothing due today. Your next review is due Wed 04 Mar." in out
    assert "Review 1 of 5 today" in out
    reviewed = out.split("(to your practice question: Prompt of numeric-q?)")
    assert len(reviewed) == 2 and "(only you) ✅" in reviewed[1]


def test_stats_writes_the_picture_beside_the_database(converse: Converse, db_path: Path) -> None:
    out = converse("2026-03-02T09:30", SETUP, "/clock 2026-03-03T09:30", "0.5", "/coach stats")
    picture = db_path.parent / "coach-stats.png"
    assert f"(picture saved to {picture}: open it to see)" in out
    assert picture.read_bytes().startswith(b"\x89PNG")
    assert "1 drill day answered, 1 right. Best: Optimisation and loss 100%." in out


def test_a_reminder_prints_at_its_time_without_input(converse: Converse) -> None:
    out = converse(
        "2026-03-02T09:30",
        SETUP,
        "/clock 2026-03-03T09:30",
        "0.9",
        "/clock +3h",
        "/coach remind at=18:00",
        "/clock 2026-03-04T18:05",
    )
    assert "── Reminder" in out
    assert "1 review due: /coach review" in out
