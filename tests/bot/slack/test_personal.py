"""Forget-me asks first (a confirm button), privacy shows where you stand, the board says you are
hidden, and /coach drill finds a checkable question: over Socket Mode against the fake."""

from __future__ import annotations

from typing import Any

from tests.bot.slack.conftest import Harness, json_text, wait_until


async def answered(slack: Harness, user: str = "UANN") -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    body = slack.reply_event("0.5", user, post["ts"])
    await slack.fake.send_envelope("events_api", body)
    await wait_until(lambda: slack.runtime.store.person("slack", "T1", user) is not None)


async def private(slack: Harness, words: str) -> dict[str, Any]:
    found = await slack.fake.wait_for_call(
        "chat.postEphemeral", lambda c: words in json_text(c.args)
    )
    return found[-1].args


async def test_forget_me_asks_first_and_its_button_deletes(slack: Harness) -> None:
    await answered(slack)
    await slack.command("forget-me", "UANN")
    asked = await private(slack, "cannot be undone")
    assert asked["user"] == "UANN"
    (button,) = [e for b in asked["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert button["action_id"] == "coach:forget_me"
    assert slack.runtime.store.person("slack", "T1", "UANN") is not None  # asking deletes nothing
    press = slack.button_payload("forget_me", button["value"], "UANN", "1.000001")
    await slack.fake.send_envelope("interactive", press)
    await private(slack, "deleted everything stored about you")
    assert slack.runtime.store.person("slack", "T1", "UANN") is None


async def test_forget_me_confirm_typed_deletes_at_once(slack: Harness) -> None:
    await answered(slack)
    await slack.command("forget-me confirm", "UANN")
    await private(slack, "deleted everything stored about you")
    assert slack.runtime.store.person("slack", "T1", "UANN") is None


async def test_privacy_without_a_word_shows_the_state_and_the_board_says_hidden(
    slack: Harness,
) -> None:
    await answered(slack)
    await slack.command("privacy", "UANN")
    await private(slack, "You are on the leaderboard")
    person = slack.runtime.store.person("slack", "T1", "UANN")
    assert person is not None and not person.hidden
    await slack.command("privacy hide", "UANN")
    await private(slack, "You are off the leaderboard")
    await slack.command("privacy", "UANN")
    await private(slack, "You are hidden")
    await slack.command("leaderboard", "UANN")
    told = await private(slack, "nobody else is on the board yet")
    assert "empty" not in json_text(told)


async def test_drill_checkable_gives_a_question_checked_at_once(slack: Harness) -> None:
    await slack.command("drill checkable", "UANN")
    await private(slack, "Prompt of numeric-q?")
