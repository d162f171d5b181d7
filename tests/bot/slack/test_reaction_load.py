"""A crowd answering at once on Slack: every private verdict is sent and every answer recorded
while reactions.add is held, refused with 429s and 5xx, and its queue stays within capacity.

Backoff and Retry-After sleeps move the manual clock (FakeSleep); the one held reaction is
released by the test within a second or two, well inside the 15 s send timeout.
"""

from __future__ import annotations

import logging

import pytest

from bot.slack.sender import REACTIONS_PER_MINUTE
from tests.bot.slack.conftest import CHANNEL, Harness, wait_until

CROWD = 120
"""Answers sent at once: more than the queue holds, so some reactions must be dropped."""


async def test_a_crowd_gets_every_private_verdict_while_reactions_are_limited(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.reactions")
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    queue = slack.bot.sender.reactions
    # The first reaction hangs at Slack, then fails (5xx) and is refused until the pacer gives
    # up; the next one meets one more 429 before Slack takes it.
    slack.fake.faults.add("reactions.add", "hold")
    slack.fake.fail_next("reactions.add", status=429, retry_after=30, times=7)
    events = [
        slack.reply_event("0.5" if n % 2 else "0.9", f"UCROWD{n}", thread_ts=post["ts"])
        for n in range(CROWD)
    ]
    for event in events:
        await slack.fake.send_envelope("events_api", event)

    # Every verdict goes out while the first reaction is still held: none waits for it.
    await slack.fake.wait_for(lambda: len(slack.fake.ok_calls_to("chat.postEphemeral")) == CROWD)
    verdicts = slack.fake.ok_calls_to("chat.postEphemeral")
    assert sorted(c.args["user"] for c in verdicts) == sorted(f"UCROWD{n}" for n in range(CROWD))
    for event in events:
        message = f"{CHANNEL}/{event['event']['ts']}"
        attempt = slack.runtime.store.find_attempt("slack", "T1", message)
        assert attempt is not None and attempt.user == event["event"]["user"]
    # Each reaction is queued once its verdict's call has returned: one held, the rest wait.
    await wait_until(lambda: len(queue) + queue.dropped == CROWD - 1)
    assert len(queue) == queue.capacity and queue.most_waiting == queue.capacity
    assert queue.dropped == CROWD - 1 - queue.capacity  # one held in flight, the rest dropped
    assert sum("dropped so far" in r.getMessage() for r in caplog.records) == 1

    slack.fake.faults.release.set()
    await queue.drained()
    assert len(queue) == 0 and queue.most_waiting == queue.capacity
    assert any("failed" in r.getMessage() for r in caplog.records)  # the refused one, logged
    added = slack.fake.ok_calls_to("reactions.add")
    assert len(added) == queue.capacity  # every one that waited, each once
    assert len({c.args["timestamp"] for c in added}) == queue.capacity
    # Within reactions.add's limit: never more than its budget in any minute.
    times = [c.at for c in slack.fake.calls_to("reactions.add")]
    assert max(sum(t <= u < t + 60 for u in times) for t in times) <= REACTIONS_PER_MINUTE


async def test_a_refused_reaction_leaves_the_next_answers_untouched(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    slack.fake.fail_next("reactions.add", status=403)  # access_denied: no retry can fix it
    await slack.fake.send_envelope("events_api", slack.reply_event("0.5", "UANN", post["ts"]))
    await slack.fake.wait_for(lambda: slack.fake.calls_to("reactions.add"))
    await slack.bot.sender.reactions.drained()
    await slack.fake.send_envelope("events_api", slack.reply_event("0.9", "UBOB", post["ts"]))
    await slack.fake.wait_for_call("reactions.add")
    await slack.bot.sender.reactions.drained()
    assert [(c.status, c.args["name"]) for c in slack.fake.calls_to("reactions.add")] == [
        (403, "white_check_mark"),
        (200, "x"),
    ]
    verdicts = slack.fake.ok_calls_to("chat.postEphemeral")
    assert [c.args["user"] for c in verdicts] == ["UANN", "UBOB"]
