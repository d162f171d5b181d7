"""What counts as an attempt, through the core: chatter, replies, edits, explicit answers,
private reveals and practice."""

from __future__ import annotations

import pytest

from handlers.attempts import discussion_reason
from handlers.clock import ManualClock
from handlers.coach import Coach
from handlers.types import Action
from tests.handlers.conftest import Say
from tests.handlers.test_coach import SETUP, open_drill

NUMERIC = SETUP + " topics=optimisation"


@pytest.mark.parametrize(
    ("text", "extra"),
    [
        ("thanks!", {}),
        ("Thank you 🙏", {}),
        ("+1", {}),
        ("lol", {}),
        ("hahaha", {}),
        ("same", {}),
        ("nice one", {}),
        ("idk", {}),
        ("👍👍", {}),
        ("?!", {}),
        ("/help", {}),
        ("!streak", {}),
        ("coach help", {}),
        ("Coach, what is this?", {}),
        ("<@U0BOT> 0.5", {"bot_names": ("<@U0BOT>",)}),
        ("0.5", {"reply_to_other": True}),
        ("what did you get?", {"mentions_other": True}),
        ("Prompt of nlp-a", {}),
    ],
)
def test_discussion_is_never_an_attempt(say: Say, text: str, extra: dict[str, object]) -> None:
    assert discussion_reason(say(text, **extra), "Prompt of nlp-a?") is not None


@pytest.mark.parametrize(
    "text",
    ["0.5", "(1, 512, 7, 7)", "yes", "False", "Attention weighs tokens.", "coaching matters"],
)
def test_answers_read_as_attempts(say: Say, text: str) -> None:
    assert discussion_reason(say(text), "Prompt of nlp-a?") is None


def test_chatter_after_a_correct_answer_keeps_it_and_the_right_count(
    coach: Coach, say: Say, clock: ManualClock
) -> None:
    drill = open_drill(coach, say, clock, NUMERIC)
    assert coach.handle(say("0.5", thread=f"th-{drill}"))[0].reaction == "correct"
    chatter = ["thanks!", "+1", "/help", "/reveal", "coach help", "lol", "nice one", "no number"]
    for text in chatter:
        assert coach.handle(say(text, thread=f"th-{drill}")) == [], text
    store = coach.deps.store
    assert store.latest_verdict(drill, "ann") == "correct"
    figures = store.figures(drill)
    assert (figures.answered, figures.correct) == (1, 1)
    person = store.person("discord", "w1", "ann")
    assert person is not None and (person.answered, person.correct) == (1, 1)


def test_a_reply_to_someone_else_or_a_mention_is_not_an_attempt(
    coach: Coach, say: Say, clock: ManualClock
) -> None:
    drill = open_drill(coach, say, clock, NUMERIC)
    assert coach.handle(say("0.9", thread=f"th-{drill}", reply_to_other=True)) == []
    assert coach.handle(say("0.9 right?", thread=f"th-{drill}", mentions_other=True)) == []
    assert coach.deps.store.latest_attempt(drill, "ann") is None
    assert coach.deps.store.person("discord", "w1", "ann") is None  # no streak from talk


def test_an_edit_updates_the_attempt_and_a_second_answer_replaces_it(
    coach: Coach, say: Say, clock: ManualClock
) -> None:
    drill = open_drill(coach, say, clock, NUMERIC)
    first = say("0.9", thread=f"th-{drill}")
    assert coach.handle(first)[0].reaction == "incorrect"
    edit = say("0.5", thread=f"th-{drill}", message_id=first.message_id, edited=True)
    assert coach.handle(edit)[0].reaction == "correct"
    assert coach.deps.store.figures(drill).correct == 1
    # An edit into chatter changes nothing: the checker read the earlier version.
    typo = say("oops", thread=f"th-{drill}", message_id=first.message_id, edited=True)
    assert coach.handle(typo) == []
    assert coach.deps.store.latest_attempt(drill, "ann").text == "0.5"  # type: ignore[union-attr]


def test_an_explicit_answer_replaces_the_earlier_one_and_says_so(
    coach: Coach, say: Say, clock: ManualClock
) -> None:
    drill = open_drill(coach, say, clock, NUMERIC)
    coach.handle(say("0.9", thread=f"th-{drill}"))
    [reply] = coach.handle(say("/coach answer 0.5"))
    assert reply.reaction == "correct" and "replaces your earlier answer (0.9)" in reply.text
    [modal] = coach.act(Action(say("0.4"), "answer", f"drill:{drill}"))
    assert "replaces your earlier answer (0.5)" in modal.text
    person = coach.deps.store.person("discord", "w1", "ann")
    assert person is not None and (person.answered, person.correct) == (1, 0)


def test_after_a_private_reveal_new_messages_change_nothing(
    coach: Coach, say: Say, clock: ManualClock
) -> None:
    drill = open_drill(coach, say, clock, NUMERIC)
    coach.handle(say("0.9", thread=f"th-{drill}"))
    [shown] = coach.handle(say("/coach reveal", thread=f"th-{drill}"))
    assert shown.ephemeral and shown.text.startswith("**Your answer:** 0.9 (❌ Not quite).")
    assert "Expected" in shown.text
    [told] = coach.handle(say("0.5", thread=f"th-{drill}"))
    assert told.ephemeral and told.reaction is None and "closed" in told.text
    assert "0.9" in told.text
    assert coach.handle(say("0.5 surely", thread=f"th-{drill}")) == []  # said once
    [refused] = coach.handle(say("/coach answer 0.5"))
    assert "closed" in refused.text
    [button] = coach.act(Action(say("0.5"), "answer", f"drill:{drill}"))
    assert "closed" in button.text
    [again] = coach.act(Action(say(""), "reveal_me", f"drill:{drill}"))
    assert again.text.startswith("**Your answer:** 0.9 (❌ Not quite).")
    assert coach.deps.store.figures(drill).correct == 0


def test_an_unreadable_first_reply_keeps_no_streak_until_a_readable_one(
    coach: Coach, say: Say, clock: ManualClock
) -> None:
    drill = open_drill(coach, say, clock, NUMERIC)
    assert coach.handle(say("not sure what this asks", thread=f"th-{drill}"))[0].reaction == (
        "unparseable"
    )
    assert coach.deps.store.person("discord", "w1", "ann").answered == 0  # type: ignore[union-attr]
    assert coach.handle(say("0.5", thread=f"th-{drill}"))[0].reaction == "correct"
    person = coach.deps.store.person("discord", "w1", "ann")
    assert person is not None and (person.answered, person.current) == (1, 1)


def test_practice_never_touches_the_days_drill(coach: Coach, say: Say, clock: ManualClock) -> None:
    drill = open_drill(coach, say, clock, NUMERIC)
    coach.handle(say("0.5", thread=f"th-{drill}"))
    coach.handle(say("/coach drill nlp"))
    [checked] = coach.handle(say("/coach drill answer 0.1"))
    assert checked.ephemeral
    store = coach.deps.store
    assert store.latest_attempt(drill, "ann").text == "0.5"  # type: ignore[union-attr]
    assert store.figures(drill).correct == 1
    assert store.person("discord", "w1", "ann").answered == 1  # type: ignore[union-attr]
