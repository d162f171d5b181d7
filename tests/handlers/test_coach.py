"""The core through its adapter-facing API: admins, attempts, edits, buttons, picking, scope."""

from __future__ import annotations

from datetime import timedelta

from handlers.clock import ManualClock
from handlers.coach import Coach
from handlers.types import Action
from tests.handlers.conftest import Say

SETUP = "/coach setup time=09:00 tz=UTC days=daily"


def open_drill(coach: Coach, say: Say, clock: ManualClock, setup: str = SETUP) -> int:
    coach.handle(say(setup, is_admin=True))
    clock.advance(timedelta(hours=1))
    [cfg] = coach.daily.due_drills("discord", clock.now())
    post = coach.daily.claim(cfg, clock.now())
    assert post is not None and post.drill_id is not None
    coach.daily.mark_posted(post.drill_id, f"msg-{post.drill_id}", f"th-{post.drill_id}")
    return post.drill_id


def test_only_admins_change_a_channel(coach: Coach, say: Say) -> None:
    [reply] = coach.handle(say(SETUP))
    assert reply.ephemeral and "Only an admin" in reply.text
    assert coach.daily.channels("discord") == []


def test_repeated_message_counts_once_and_an_edit_replaces_it(
    coach: Coach, say: Say, clock: ManualClock
) -> None:
    open_drill(coach, say, clock, SETUP + " topics=optimisation")
    first = say("0.9", thread="th-1")
    assert coach.handle(first)[0].reaction == "incorrect"
    assert coach.handle(first)[0].reaction == "incorrect"  # a retried event
    assert coach.catch_up(first) == []
    edited = say("0.5", thread="th-1", message_id=first.message_id, edited=True)
    assert coach.handle(edited)[0].reaction == "correct"
    figures = coach.deps.store.figures(1)
    assert (figures.answered, figures.correct) == (1, 1)
    assert coach.deps.store.person("discord", "w1", "ann").correct == 1


def test_buttons_answer_and_reveal_only_for_those_who_answered(
    coach: Coach, say: Say, clock: ManualClock
) -> None:
    drill = open_drill(coach, say, clock)
    value = f"drill:{drill}"
    [refused] = coach.act(Action(say("", user="bob"), "reveal_me", value))
    assert "Answer first" in refused.text
    [verdict] = coach.act(Action(say("my modal answer", user="bob"), "answer", value))
    assert verdict.ephemeral and verdict.reaction == "received"
    [shown] = coach.act(Action(say("", user="bob"), "reveal_me", value))
    assert shown.ephemeral and "Answer of" in shown.text


def test_another_workspace_cannot_see_or_answer_this_drill(
    coach: Coach, say: Say, clock: ManualClock
) -> None:
    drill = open_drill(coach, say, clock)
    stranger = Say(clock, workspace="w2")
    assert coach.handle(stranger("sneaky", thread=f"th-{drill}")) == []
    [reply] = coach.act(Action(stranger("x"), "answer", f"drill:{drill}"))
    assert "not in this workspace" in reply.text


def test_questions_never_repeat_until_all_used_and_never_need_a_figure(
    coach: Coach, say: Say, clock: ManualClock
) -> None:
    coach.handle(say(SETUP, is_admin=True))
    [cfg] = coach.daily.channels("discord")
    asked = []
    for _ in range(10):
        clock.advance(timedelta(days=1))
        post = coach.daily.claim(cfg, clock.now())
        assert post is not None
        asked.append(coach.deps.store.drill(post.drill_id).question_id)
    eligible = {"nlp-a", "nlp-b", "train-a", "train-b", "numeric-q"}
    assert set(asked[:5]) == eligible and "cv-figure" not in asked
    assert asked[0] != asked[1] and len({asked[5], asked[4]}) == 2
    topics = [coach.deps.bank.get(q).topic for q in asked[:3]]
    assert len(set(topics)) == 3  # rotating topics


def test_practice_is_private_and_leaves_the_daily_drill_alone(coach: Coach, say: Say) -> None:
    [question] = coach.handle(say("/coach drill training hard"))
    assert question.ephemeral and "Prompt of train-b?" in question.text
    [answer] = coach.handle(say("/coach drill answer gradients vanish"))
    assert answer.ephemeral and "Answer of train-b." in answer.text
    assert coach.deps.store.asked_questions(1) == []
