"""What counts as an attempt, on Slack: bolt against the fake, chatter, mentions, edits and a
private reveal."""

from __future__ import annotations

from typing import Any

from tests.bot.slack.conftest import CHANNEL, Harness, json_text, wait_until


async def _said(slack: Harness, text: str, user: str, thread: str, **kw: Any) -> dict[str, Any]:
    """Send a thread reply and wait until the core has handled it (the listener notes its event
    id and runs the core in one step)."""
    event = slack.reply_event(text, user, thread, **kw)
    await slack.fake.send_envelope("events_api", event)
    await wait_until(lambda: event["event_id"] in slack.bot.listeners.seen_events)
    return event


def _attempt(slack: Harness, event: dict[str, Any]) -> Any:
    store = slack.runtime.store
    return store.find_attempt("slack", "T1", f"{CHANNEL}/{event['event']['ts']}")


def _drill(slack: Harness, post: dict[str, Any]) -> int:
    drill = slack.runtime.store.drill_in_thread("slack", "T1", CHANNEL, post["ts"])
    assert drill is not None
    return drill.id


async def test_chatter_after_a_correct_answer_keeps_it(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    await _said(slack, "0.5", "UANN", post["ts"])
    await slack.fake.wait_for_call("reactions.add")
    chatter = ["thanks!", "+1", "/help", "<@UBOT1> help", "lol", "same", ":tada:"]
    said = [await _said(slack, text, "UANN", post["ts"]) for text in chatter]
    assert all(_attempt(slack, event) is None for event in said)
    assert len(slack.fake.calls_to("reactions.add")) == 1
    store = slack.runtime.store
    assert store.latest_verdict(_drill(slack, post), "UANN") == "correct"
    assert store.person("slack", "T1", "UANN").correct == 1  # type: ignore[union-attr]


async def test_a_mention_of_someone_else_is_not_an_attempt(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    asked = await _said(slack, "<@UBOB> what did you get? 0.5?", "UANN", post["ts"])
    crowd = await _said(slack, "<!here> 0.5", "UANN", post["ts"])
    assert _attempt(slack, asked) is None and _attempt(slack, crowd) is None
    assert slack.runtime.store.latest_verdict(_drill(slack, post), "UANN") is None


async def test_an_edit_updates_the_attempt(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    first = await _said(slack, "0.9", "UANN", post["ts"])
    edit = slack.reply_event("", "UANN", post["ts"])
    edit["event"] = {
        "type": "message",
        "subtype": "message_changed",
        "channel": CHANNEL,
        "message": {**first["event"], "text": "0.5", "edited": {"user": "UANN"}},
        "ts": edit["event"]["ts"],
    }
    await _said_raw(slack, edit)
    assert _attempt(slack, first).verdict == "correct"


async def _said_raw(slack: Harness, body: dict[str, Any]) -> None:
    await slack.fake.send_envelope("events_api", body)
    await wait_until(lambda: body["event_id"] in slack.bot.listeners.seen_events)


async def test_after_reveal_for_me_a_new_message_changes_nothing(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    await _said(slack, "0.9", "UANN", post["ts"])
    value = post["blocks"][-1]["elements"][1]["value"]
    await slack.fake.send_envelope(
        "interactive", slack.button_payload("reveal_me", value, "UANN", post["ts"])
    )
    shown = await slack.fake.wait_for_call(
        "chat.postEphemeral", lambda c: "It is 0.5" in json_text(c.args)
    )
    assert "Your answer:* 0.9 (❌ Not quite)." in json_text(shown[0].args)
    later = await _said(slack, "0.5", "UANN", post["ts"])
    told = await slack.fake.wait_for_call(
        "chat.postEphemeral", lambda c: "attempt at this drill is closed" in json_text(c.args)
    )
    assert told[0].args["user"] == "UANN"
    assert _attempt(slack, later) is None
    assert slack.runtime.store.latest_verdict(_drill(slack, post), "UANN") == "incorrect"


async def test_answer_replaces_and_says_so_through_the_slash_command(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    await _said(slack, "0.9", "UANN", post["ts"])
    await slack.command("answer 0.5", "UANN")
    said = await slack.fake.wait_for_call(
        "chat.postEphemeral", lambda c: "replaces your earlier answer" in json_text(c.args)
    )
    assert "(0.9)" in json_text(said[0].args)
    assert slack.runtime.store.latest_verdict(_drill(slack, post), "UANN") == "correct"


async def test_holidays_away_and_the_board_period_through_the_command(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    await slack.command("setup skip=2026-12-24", "UADMIN")
    await slack.fake.wait_for_call(
        "chat.postMessage", lambda c: "Thu 24 Dec 2026" in json_text(c.args)
    )
    await slack.command("away until=2026-03-10", "UANN")
    await slack.fake.wait_for_call(
        "chat.postEphemeral", lambda c: "You are away until Tue 10 Mar" in json_text(c.args)
    )
    await slack.command("leaderboard all", "UANN")
    await slack.fake.wait_for_call("chat.postMessage", lambda c: "all time" in json_text(c.args))
