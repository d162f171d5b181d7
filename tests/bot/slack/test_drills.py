"""The daily drill on Slack: the Block Kit post, thread replies, buttons, the modal, the reveal."""

from __future__ import annotations

import json
import logging

from content.render import SLACK_BLOCKS, SLACK_SECTION
from tests.bot.slack.conftest import (
    CHANNEL,
    LONG_ANSWER_PARAGRAPHS,
    Harness,
    json_text,
    wait_until,
)


async def test_scheduled_post_is_a_block_kit_message_with_buttons(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    kinds = [b["type"] for b in post["blocks"]]
    assert kinds[0] == "header" and kinds[-1] == "actions" and "section" in kinds
    assert "Prompt of numeric-q?" in json_text(post["blocks"])
    buttons = post["blocks"][-1]["elements"]
    assert [b["action_id"] for b in buttons] == ["coach:answer", "coach:reveal_me", "coach:skip"]
    drill = slack.runtime.store.drill_in_thread("slack", "T1", CHANNEL, post["ts"])
    assert drill is not None and drill.message_id == post["ts"]
    assert all(b["value"] == f"drill:{drill.id}" for b in buttons)


async def test_thread_reply_is_recorded_with_a_private_verdict(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    event = slack.reply_event("0.5", "UANN", thread_ts=post["ts"])
    await slack.fake.send_envelope("events_api", event)
    verdict = (await slack.fake.wait_for_call("chat.postEphemeral"))[0]
    reaction = (await slack.fake.wait_for_call("reactions.add"))[0]
    assert verdict.args["user"] == "UANN" and verdict.args["thread_ts"] == post["ts"]
    assert reaction.args == {
        "channel": CHANNEL,
        "timestamp": event["event"]["ts"],
        "name": "white_check_mark",
    }
    attempt = slack.runtime.store.find_attempt("slack", "T1", f"{CHANNEL}/{event['event']['ts']}")
    assert attempt is not None and attempt.verdict == "correct" and attempt.user == "UANN"
    # Nothing public was said in the thread: the answer is not spoiled for others.
    assert [m for m in slack.fake.messages[CHANNEL] if m.get("thread_ts") == post["ts"]] == []


async def test_retried_event_is_counted_once(slack: Harness, caplog) -> None:
    caplog.set_level(logging.INFO, logger="bot.slack.listeners")
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    event = slack.reply_event("0.7", "UANN", thread_ts=post["ts"], event_id="EvRETRY")
    first = await slack.fake.send_envelope("events_api", event)
    await slack.fake.wait_for_call("reactions.add")
    retry = await slack.fake.send_envelope("events_api", event, retry_attempt=1)
    await slack.fake.wait_ack(first)
    await slack.fake.wait_ack(retry)
    await wait_until(lambda: "ignoring a retried delivery of event EvRETRY" in caplog.text)
    await slack.fake.send_envelope("events_api", slack.reply_event("0.5", "UBOB", post["ts"]))
    await slack.fake.wait_for_call("chat.postEphemeral", count=2)
    assert [c.args["user"] for c in slack.fake.calls_to("chat.postEphemeral")] == ["UANN", "UBOB"]
    drill = slack.runtime.store.drill_in_thread("slack", "T1", CHANNEL, post["ts"])
    assert drill is not None
    assert slack.runtime.store.figures(drill.id) is not None
    assert slack.runtime.store.latest_verdict(drill.id, "UANN") == "incorrect"
    ann = slack.runtime.store.person("slack", "T1", "UANN")
    assert ann is not None and ann.answered == 1


async def test_bot_messages_and_top_level_chatter_are_ignored(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    chatter = slack.reply_event("hello all", "UANN", thread_ts="")
    del chatter["event"]["thread_ts"]
    own = slack.reply_event("0.5", "UBOT1", thread_ts=post["ts"])
    own["event"]["bot_id"] = "BBOT1"
    for event in (chatter, own):
        await slack.fake.wait_ack(await slack.fake.send_envelope("events_api", event))
    await slack.fake.send_envelope("events_api", slack.reply_event("0.5", "UBOB", post["ts"]))
    await slack.fake.wait_for_call("chat.postEphemeral")
    await slack.fake.wait_for_call("reactions.add")  # queued after the verdict
    await slack.bot.sender.reactions.drained()
    assert [c.args["user"] for c in slack.fake.calls_to("chat.postEphemeral")] == ["UBOB"]
    assert len(slack.fake.calls_to("reactions.add")) == 1


async def test_answer_button_opens_a_modal_and_the_verdict_is_ephemeral(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    value = post["blocks"][-1]["elements"][0]["value"]
    payload = slack.button_payload("answer", value, "UANN", post["ts"])
    await slack.fake.wait_ack(await slack.fake.send_envelope("interactive", payload))
    opened = (await slack.fake.wait_for_call("views.open"))[0]
    view = opened.args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert opened.args["trigger_id"] == payload["trigger_id"]
    assert view["callback_id"] == "coach_answer"

    submission = slack.modal_submission(opened, "0.5")
    ack = await slack.fake.wait_ack(await slack.fake.send_envelope("interactive", submission))
    assert "errors" not in json.dumps(ack)
    verdict = (await slack.fake.wait_for_call("chat.postEphemeral"))[0]
    assert verdict.args["user"] == "UANN" and verdict.args["channel"] == CHANNEL
    drill = slack.runtime.store.drill_in_thread("slack", "T1", CHANNEL, post["ts"])
    assert drill is not None
    assert slack.runtime.store.latest_verdict(drill.id, "UANN") == "correct"


async def test_reveal_for_me_is_private_and_only_for_people_who_answered(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    value = post["blocks"][-1]["elements"][1]["value"]
    payload = slack.button_payload("reveal_me", value, "UBOB", post["ts"])
    await slack.fake.send_envelope("interactive", payload)
    refusal = (await slack.fake.wait_for_call("chat.postEphemeral"))[0]
    assert refusal.args["user"] == "UBOB" and "It is 0.5" not in json_text(refusal.args)

    await slack.fake.send_envelope("events_api", slack.reply_event("0.5", "UANN", post["ts"]))
    await slack.fake.wait_for_call("chat.postEphemeral", count=2)
    payload = slack.button_payload("reveal_me", value, "UANN", post["ts"])
    await slack.fake.send_envelope("interactive", payload)
    shown = await slack.fake.wait_for_call(
        "chat.postEphemeral", lambda c: "It is 0.5" in json_text(c.args)
    )
    assert shown[0].args["user"] == "UANN"


async def test_reveal_is_split_within_block_kit_limits(slack: Harness) -> None:
    await slack.setup_channel("training")
    post = await slack.post_todays_drill()
    drill = slack.runtime.store.drill_in_thread("slack", "T1", CHANNEL, post["ts"])
    assert drill is not None and drill.question_id == "long-q"
    scheduler = slack.runtime.scheduler(slack.bot.sender, "slack")
    await scheduler.run_reveal(drill.id)

    reveal = [m for m in slack.fake.messages[CHANNEL] if m.get("thread_ts") == post["ts"]]
    assert len(reveal) >= 2
    for message in reveal:
        assert 0 < len(message["blocks"]) <= SLACK_BLOCKS
        for block in message["blocks"]:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= SLACK_SECTION
    text = "\n".join(
        b["text"]["text"] for m in reveal for b in m["blocks"] if b["type"] == "section"
    )
    numbers = [i for i in range(LONG_ANSWER_PARAGRAPHS) if f"Paragraph {i}." in text]
    assert numbers == list(range(LONG_ANSWER_PARAGRAPHS))  # all of it, in order
    assert slack.runtime.store.drill(drill.id).revealed_at is not None  # type: ignore[union-attr]
    # Paced: never two posts to the channel within a second, so Slack never said 429.
    assert all(c.status == 200 for c in slack.fake.calls_to("chat.postMessage"))


async def test_key_point_feedback_is_private_and_the_reveal_counts_points(
    slack: Harness,
) -> None:
    await slack.setup_channel("layers-architectures")
    post = await slack.post_todays_drill()
    answer = "BN normalizes each feature across the batch, LN each example across its features"
    await slack.fake.send_envelope("events_api", slack.reply_event(answer, "UANN", post["ts"]))
    [count] = await slack.fake.wait_for_call(
        "chat.postEphemeral", lambda c: "covers 1 of 5 key points" in json_text(c.args)
    )
    assert count.args["user"] == "UANN" and "BN normalizes" not in json_text(count.args)
    drill = slack.runtime.store.drill_in_thread("slack", "T1", CHANNEL, post["ts"])
    assert drill is not None
    await slack.runtime.scheduler(slack.bot.sender, "slack").run_reveal(drill.id)

    [feedback] = await slack.fake.wait_for_call(
        "chat.postEphemeral", lambda c: "Your key points" in json_text(c.args)
    )
    assert feedback.args["user"] == "UANN" and feedback.args["thread_ts"] == post["ts"]
    text = json_text(feedback.args)
    assert "✓ BN normalizes per feature across the batch" in text
    assert "✗ Both learn a scale γ and shift β" in text
    public = [m for m in slack.fake.messages[CHANNEL] if m.get("thread_ts") == post["ts"]]
    shown = json_text(public)
    assert "1 of 1 answer mentioned BN normalizes per feature across the batch" in shown
    assert "UANN" not in shown and "Your key points" not in shown
