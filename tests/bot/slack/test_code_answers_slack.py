"""Code answers on Slack, end to end on the fake: a fenced thread reply and the Answer modal."""

from __future__ import annotations

from tests.bot.slack.conftest import CHANNEL, Harness, json_text
from tests.content.checkers.code.solutions import DROPOUT


async def test_a_fenced_reply_and_the_modal_are_checked_by_the_sandbox(slack: Harness) -> None:
    assert slack.runtime.coach.code_runner is not None  # the runtime found bubblewrap
    await slack.setup_channel("regularisation")
    post = await slack.post_todays_drill()
    wrong = DROPOUT.replace("return dout * mask", "return dout")
    await slack.fake.send_envelope("events_api", slack.reply_event(wrong, "UBOB", post["ts"]))
    first = (await slack.fake.wait_for_call("chat.postEphemeral"))[0]
    assert "5 of 6 tests passed" in json_text(first.args)

    value = post["blocks"][-1]["elements"][0]["value"]
    payload = slack.button_payload("answer", value, "UANN", post["ts"])
    await slack.fake.wait_ack(await slack.fake.send_envelope("interactive", payload))
    opened = (await slack.fake.wait_for_call("views.open"))[0]
    submission = slack.modal_submission(opened, DROPOUT)
    await slack.fake.wait_ack(await slack.fake.send_envelope("interactive", submission))
    verdicts = await slack.fake.wait_for_call("chat.postEphemeral", count=2)
    assert verdicts[1].args["user"] == "UANN" and verdicts[1].args["channel"] == CHANNEL
    assert "All 6 tests passed" in json_text(verdicts[1].args)
    drill = slack.runtime.store.drill_in_thread("slack", "T1", CHANNEL, post["ts"])
    assert drill is not None
    assert slack.runtime.store.latest_verdict(drill.id, "UANN") == "correct"
