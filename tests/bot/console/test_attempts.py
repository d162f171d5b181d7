"""What counts as an attempt, at the terminal: chatter, practice and a private reveal, with
every reply saying which question it went to."""

from __future__ import annotations

from tests.bot.console.conftest import Converse
from tests.bot.console.test_conversations import SETUP_NUMERIC


def after(out: str, line: str) -> str:
    """What the terminal said in answer to one typed line (up to the next one)."""
    return out.split(f"> {line}\n", 1)[1].split("\n> ", 1)[0]


def test_chatter_after_a_correct_answer_keeps_the_tick_and_the_count(converse: Converse) -> None:
    out = converse(
        "2026-03-02T09:30",
        SETUP_NUMERIC + " reveal=2h",
        "/clock 2026-03-03T09:00",
        "0.5",
        "thanks!",
        "/help",
        "/reveal",
        "coach help",
        "+1",
        "@sam what did you get?",
        "/clock +2h",
    )
    assert "(to the drill of Tue 03 Mar: Prompt of numeric-q?)" in after(out, "0.5")
    for line in ("thanks!", "coach help", "+1", "@\u200bsam what did you get?"):  # echoed safely
        assert "(not counted as an answer: it reads as discussion" in after(out, line), line
    for line in ("/help", "/reveal"):
        assert "(not a command: commands start with /coach" in after(out, line), line
    assert "Answer recorded" not in out.split("> 0.5")[1]
    assert "1 person answered, 1 right" in out.split("── Answers")[-1]


def test_a_practice_answer_never_touches_the_days_drill(converse: Converse) -> None:
    out = converse(
        "2026-03-02T09:30",
        SETUP_NUMERIC + " reveal=2h",
        "/clock 2026-03-03T09:00",
        "0.5",
        "/coach drill nlp",
        "my practice answer",
        "0.9",
        "/clock +2h",
    )
    practice = after(out, "my practice answer")
    assert practice.startswith("(to your practice question: Prompt of nlp-")
    assert "From test" in practice  # a practice answer shows the model answers at once
    # The practice question is answered: the next line goes to the day's drill again.
    assert "(to the drill of Tue 03 Mar: Prompt of numeric-q?)" in after(out, "0.9")
    assert "1 person answered, 0 right" in out.split("── Answers")[-1]  # 0.9 replaced 0.5


def test_after_a_private_reveal_a_new_answer_changes_nothing(converse: Converse) -> None:
    out = converse(
        "2026-03-02T09:30",
        SETUP_NUMERIC + " reveal=2h",
        "/clock 2026-03-03T09:00",
        "0.9",
        "/coach reveal",
        "0.5",
        "0.5 for real",
        "/clock +2h",
    )
    assert "(only you) Your answer: 0.9 (❌ Not quite)." in after(out, "/coach reveal")
    assert "your attempt at this drill is closed" in after(out, "0.5")
    assert "Your answer stays: 0.9" in after(out, "0.5")
    assert "(not counted as an answer" in after(out, "0.5 for real")
    assert "1 person answered, 0 right" in out.split("── Answers")[-1]
