"""Mention injection: text echoed to Slack can never ping a channel, the workspace or a person."""

from __future__ import annotations

import re

from handlers.types import Post, Reply
from tests.bot.slack.conftest import Harness, json_text

INJECTION = "<!channel> <!here> <!everyone> <@U123> <!subteam^S1|@team> @channel @here"
LIVE_MENTION = re.compile(r"<[!@]")
BARE_BROADCAST = re.compile(r"@(channel|here|everyone)\b")


def assert_harmless(text: str) -> None:
    assert not LIVE_MENTION.search(text), text
    assert not BARE_BROADCAST.search(text), text


async def test_post_title_and_text_are_neutralised(bot, fake) -> None:
    await bot.sender.send_post(Post("notice", "T1", "C1", f"Said: {INJECTION}", title=INJECTION))
    call = fake.ok_calls_to("chat.postMessage")[0]
    assert_harmless(json_text(call.args))
    assert "&lt;!channel&gt;" in json_text(call.args["blocks"])  # shown, not obeyed


async def test_ephemeral_and_thread_replies_are_neutralised(slack: Harness) -> None:
    from bot.slack.translate import Origin

    origin = Origin("T1", "C1", "UANN", ts="1.1", thread_ts="1.0")
    await slack.bot.sender.deliver(
        [Reply(INJECTION, ephemeral=True), Reply(f"**{INJECTION}**")], origin
    )
    for method in ("chat.postEphemeral", "chat.postMessage"):
        assert_harmless(json_text(slack.fake.ok_calls_to(method)[0].args))


async def test_a_thread_reply_full_of_mentions_pings_nobody(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    await slack.fake.send_envelope(
        "events_api", slack.reply_event(f"{INJECTION} 0.5", "UANN", post["ts"])
    )
    # A reply that mentions people is discussion (issue 15); the same text as an explicit
    # answer is recorded and answered privately: neither may ping anyone.
    await slack.command(f"answer {INJECTION} 0.5", "UANN")
    await slack.fake.wait_for_call("chat.postEphemeral")
    assert slack.fake.calls_to("reactions.add") == []
    for call in slack.fake.calls:
        if call.method.startswith("chat."):
            assert_harmless(json_text(call.args))
