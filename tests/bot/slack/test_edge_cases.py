"""Bad or unusual input on Slack: edits, huge and empty answers, private practice buttons."""

from __future__ import annotations

import json

from tests.bot.slack.conftest import CHANNEL, Harness, json_text, wait_until


async def test_an_edited_reply_replaces_the_answer(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    first = slack.reply_event("0.9", "UANN", post["ts"])
    await slack.fake.send_envelope("events_api", first)
    await slack.fake.wait_for_call("chat.postEphemeral")
    original = first["event"]
    edit = slack.reply_event("", "UANN", post["ts"])
    edit["event"] = {
        "type": "message",
        "subtype": "message_changed",
        "channel": CHANNEL,
        "hidden": True,
        "ts": "9.9",
        "message": {**original, "text": "0.5", "edited": {"user": "UANN", "ts": "9.9"}},
        "previous_message": original,
    }
    await slack.fake.send_envelope("events_api", edit)
    await slack.fake.wait_for_call("chat.postEphemeral", count=2)
    drill = slack.runtime.store.drill_in_thread("slack", "T1", CHANNEL, post["ts"])
    assert drill is not None
    assert slack.runtime.store.latest_verdict(drill.id, "UANN") == "correct"
    ann = slack.runtime.store.person("slack", "T1", "UANN")
    assert ann is not None and ann.answered == 1


async def test_a_huge_binary_reply_is_refused_privately_not_crashed(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    junk = "\x00\x01\ufffd" + "9" * 200_000
    await slack.fake.send_envelope("events_api", slack.reply_event(junk, "UANN", post["ts"]))
    refusal = (await slack.fake.wait_for_call("chat.postEphemeral"))[0]
    assert "limit" in json_text(refusal.args)
    assert len(json_text(refusal.args)) < 10_000  # nothing of the junk echoed back


async def test_an_empty_command_is_answered(slack: Harness) -> None:
    await slack.command("", "UANN")
    reply = (await slack.fake.wait_for_call("chat.postEphemeral"))[0]
    assert reply.args["user"] == "UANN" and reply.args["text"]


async def test_private_practice_answered_through_its_modal(slack: Harness) -> None:
    await slack.command("drill optimisation", "UANN")
    practice = (await slack.fake.wait_for_call("chat.postEphemeral"))[0]
    blocks = practice.args["blocks"]
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    answer = blocks[-1]["elements"][0]
    assert answer["action_id"] == "coach:answer" and answer["value"].startswith("practice:")

    press = slack.button_payload("answer", answer["value"], "UANN", "1772442000.000077")
    press["container"]["is_ephemeral"] = True
    del press["message"]  # Slack sends no message body for a button on an ephemeral message
    await slack.fake.send_envelope("interactive", press)
    opened = (await slack.fake.wait_for_call("views.open"))[0]
    view = opened.args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    submission = {
        "type": "view_submission",
        "team": {"id": "T1"},
        "user": {"id": "UANN", "name": "ann"},
        "trigger_id": "trigger-practice",
        "view": {
            **view,
            "id": "V9",
            "state": {"values": {"answer": {"text": {"type": "plain_text_input", "value": "0.5"}}}},
        },
    }
    await slack.fake.send_envelope("interactive", submission)
    verdict = (await slack.fake.wait_for_call("chat.postEphemeral", count=2))[1]
    assert verdict.args["user"] == "UANN" and verdict.args["channel"] == CHANNEL
    assert "thread_ts" not in verdict.args


async def test_a_reply_in_another_channel_with_the_same_thread_ts_is_not_this_drills(
    slack: Harness,
) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    # A ts is unique within its channel only: C2 may well have a thread with the same one.
    elsewhere = slack.reply_event("0.5", "UANN", post["ts"])
    elsewhere["event"]["channel"] = "C2"
    await slack.fake.send_envelope("events_api", elsewhere)
    await wait_until(lambda: elsewhere["event_id"] in slack.bot.listeners.seen_events)
    store = slack.runtime.store
    assert store.find_attempt("slack", "T1", f"C2/{elsewhere['event']['ts']}") is None
    drill = store.drill_in_thread("slack", "T1", CHANNEL, post["ts"])
    assert drill is not None and store.figures(drill.id).answered == 0
    assert store.drill_in_thread("slack", "T1", "C2", post["ts"]) is None
    assert slack.fake.calls_to("reactions.add") == []
    here = slack.reply_event("0.5", "UANN", post["ts"])  # the drill's own thread still counts
    await slack.fake.send_envelope("events_api", here)
    await slack.fake.wait_for_call("reactions.add")
    assert store.figures(drill.id).answered == 1
