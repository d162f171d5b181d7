"""Packs in the core: added per server/workspace, chosen per channel, drilled like the bank."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.catalog import Catalog
from content.packs import parse_pack
from handlers.clock import ManualClock
from handlers.coach import Coach
from handlers.context import CoachSettings
from handlers.types import Attachment
from storage.sqlite import SqliteStore
from tests.handlers.conftest import Say, small_bank

PACK = b"""\
name: team
topic: optimisation
questions:
  - id: half
    question: What is one half as a decimal, for the team?
    answer: "0.5"
    key_points: [one half is 0.5]
    checker: {kind: numeric, spec: {value: 0.5, abs_tol: 0.001}}
"""


def upload(data: bytes = PACK, name: str = "team.yaml") -> Attachment:
    return Attachment(name, data)


@pytest.fixture
def coach(store: SqliteStore, clock: ManualClock) -> Coach:
    return Coach(store, small_bank(), clock, CoachSettings())


def add(coach: Coach, say: Say, data: bytes = PACK) -> str:
    [reply] = coach.handle(say("/coach pack add", is_admin=True, attachment=upload(data)))
    return reply.text


def test_an_admin_adds_a_pack_and_a_channel_drills_from_it(
    coach: Coach, say: Say, clock: ManualClock
) -> None:
    assert "Pack `team` saved for this workspace: 1 question" in add(coach, say)
    [saved] = coach.handle(say("/coach setup time=08:00 packs=team", is_admin=True))
    assert "questions from: team" in saved.text
    (cfg,) = coach.daily.channels("discord")
    post = coach.daily.claim(cfg, clock.now())
    assert post is not None and "one half as a decimal" in post.text
    assert post.drill_id is not None
    coach.daily.mark_posted(post.drill_id, "post1", "t1")
    [verdict] = coach.handle(say("0.5", thread="t1"))
    assert verdict.reaction == "correct"  # graded by the pack question's own checker
    [streak] = coach.handle(say("/coach streak"))
    assert "Your streak: **1**" in streak.text  # and counted like a bank question


def test_a_pack_is_invisible_to_another_workspace(coach: Coach, clock: ManualClock) -> None:
    here, there = Say(clock, workspace="w1"), Say(clock, workspace="w2")
    add(coach, here)
    [refused] = coach.handle(there("/coach setup packs=team", is_admin=True))
    assert "Setup not changed: no pack named team here; packs: builtin" in refused.text
    coach.handle(here("/coach setup packs=team", is_admin=True))
    [found] = coach.handle(here("/coach drill one half decimal"))
    assert "one half as a decimal" in found.text
    [missing] = coach.handle(there("/coach drill one half decimal team"))
    assert "one half" not in missing.text
    question_id = coach.deps.store.latest_practice("discord", "w1", "ann").question_id  # type: ignore[union-attr]
    [by_id] = coach.handle(there(f"/coach drill {question_id}"))
    assert "one half" not in by_id.text
    theirs = coach.deps.store.latest_practice("discord", "w2", "ann")
    assert theirs is None or theirs.question_id != question_id


def test_the_same_pack_name_in_two_workspaces_keeps_two_packs(
    coach: Coach, clock: ManualClock
) -> None:
    here, there = Say(clock, workspace="w1"), Say(clock, workspace="w2")
    add(coach, here)
    add(coach, there, PACK.replace(b"for the team", b"for the other team"))
    for say, wanted in ((here, b"for the team"), (there, b"for the other team")):
        coach.handle(say("/coach setup packs=team", is_admin=True))
        [reply] = coach.handle(say("/coach drill"))
        assert wanted.decode() in reply.text


def test_a_channel_without_packs_draws_from_the_bank_only(coach: Coach, say: Say) -> None:
    add(coach, say)
    coach.handle(say("/coach setup packs=builtin", is_admin=True))
    [reply] = coach.handle(say("/coach drill one half decimal team"))
    assert "one half" not in reply.text


def test_a_bad_pack_lists_its_problems_and_saves_nothing(coach: Coach, say: Say) -> None:
    text = add(coach, say, b"questions:\n  - question: Why?\n  - question: '@everyone'\n")
    assert "The pack was not saved" in text
    assert "team.yaml:2: question 1: has no `\u2060answer:`\u2060" in text
    assert "@everyone" not in text
    assert coach.deps.store.stored_packs() == []


def test_binary_and_missing_uploads_are_refused(coach: Coach, say: Say) -> None:
    assert "binary file" in add(coach, say, b"\x00\xff\x00")
    [reply] = coach.handle(say("/coach pack add", is_admin=True))
    assert "Send the pack's YAML file with the command" in reply.text


def test_only_admins_add_packs(coach: Coach, say: Say) -> None:
    [reply] = coach.handle(say("/coach pack add", attachment=upload()))
    assert "Only an admin" in reply.text and coach.deps.store.stored_packs() == []


def test_adding_again_replaces_the_pack_and_keeps_its_id(coach: Coach, say: Say) -> None:
    add(coach, say)
    add(coach, say, PACK.replace(b"for the team", b"again"))
    [stored] = coach.deps.store.stored_packs()
    assert "again" in stored.body
    coach.handle(say("/coach setup packs=team", is_admin=True))
    [reply] = coach.handle(say("/coach drill"))
    assert "one half as a decimal, again" in reply.text


def test_stored_packs_are_loaded_after_a_restart(
    store: SqliteStore, clock: ManualClock, say: Say
) -> None:
    add(Coach(store, small_bank(), clock), say)
    restarted = Coach(store, small_bank(), clock)
    restarted.handle(say("/coach setup packs=team,builtin", is_admin=True))
    [reply] = restarted.handle(say("/coach drill one half decimal team"))
    assert "one half as a decimal" in reply.text


def test_a_pack_of_the_bot_cannot_be_shadowed(
    store: SqliteStore, clock: ManualClock, say: Say
) -> None:
    installed = {"team": parse_pack(PACK, "team", "team.yaml")}
    coach = Coach(store, Catalog(small_bank(), installed), clock)
    assert "comes with this bot" in add(coach, say)
    [saved] = coach.handle(say("/coach setup packs=team", is_admin=True))
    assert "questions from: team" in saved.text


def test_forget_me_leaves_the_workspace_packs(coach: Coach, say: Say) -> None:
    add(coach, say)
    coach.handle(say("/coach forget-me"))
    assert [p.name for p in coach.deps.store.stored_packs()] == ["team"]


def test_the_example_pack_uploads(coach: Coach, say: Say) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "packs" / "ours.yaml"
    assert "Pack `ours` saved for this workspace: 3 questions" in add(
        coach, say, example.read_bytes()
    )


def test_a_pack_another_process_added_is_found_when_a_channel_chooses_it(
    store: SqliteStore, clock: ManualClock, say: Say
) -> None:
    other, this = Coach(store, small_bank(), clock), Coach(store, small_bank(), clock)
    add(other, say)
    [saved] = this.handle(say("/coach setup packs=team", is_admin=True))
    assert "questions from: team" in saved.text
    [reply] = this.handle(say("/coach drill"))
    assert "one half as a decimal" in reply.text
