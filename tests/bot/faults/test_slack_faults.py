"""The real slack_sdk/bolt client against a fake Slack that answers 5xx, holds answers past the
send timeout and drops connections: drills, reveals, reactions and private replies get through,
each once, and a post that landed despite its failure is found instead of posted again.

Backoff sleeps move the manual clock (no waiting); a held answer costs its short send timeout.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.slack.app import SlackBot, build_bot
from bot.slack.modes import socket_mode
from handlers.clock import ManualClock
from tests.bot.slack.conftest import CHANNEL, FakeSleep, Harness, make_runtime
from tests.fakes.slack_server import FakeSlack

SEND_TIMEOUT = "0.3"


@pytest.fixture
async def slack(
    tmp_path: Path, fake: FakeSlack, clock: ManualClock, sleep: FakeSleep
) -> AsyncIterator[Harness]:
    runtime = make_runtime(tmp_path, fake, clock, SEND_TIMEOUT_SECONDS=SEND_TIMEOUT)
    bot: SlackBot = build_bot(runtime, http_mode=False, sleep=sleep)
    try:
        async with socket_mode(bot, fake.app_token):
            yield Harness(fake, bot, clock)
    finally:
        runtime.close()
    with sqlite3.connect(tmp_path / "coach.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def drills(fake: FakeSlack) -> list[dict]:
    return [m for m in fake.messages.get(CHANNEL, []) if m["text"] == "Question of the day"]


def recorded_ts(slack: Harness) -> str | None:
    drill = slack.runtime.store.drill_in_thread("slack", "T1", CHANNEL, drills(slack.fake)[0]["ts"])
    return None if drill is None else drill.message_id


@pytest.mark.parametrize(
    ("kind", "landed", "times"),
    [
        ("status", False, 3),  # a period of 503s
        ("status", True, 1),  # stored, then a 500: ambiguous
        ("drop", False, 2),
        ("drop", True, 1),  # stored, then the connection dropped
        ("hold", False, 1),  # a timeout before Slack acted
        ("hold", True, 1),  # stored, answer held past the timeout
    ],
)
async def test_a_drill_is_posted_once_through_faults(
    slack: Harness, kind: str, landed: bool, times: int
) -> None:
    await slack.setup_channel("optimisation")
    status = 500 if landed else 503
    slack.fake.faults.add("chat.postMessage", kind, times=times, status=status, landed=landed)  # type: ignore[arg-type]
    await slack.post_todays_drill()
    assert slack.fake.faults.pending() == 0 and len(slack.fake.faults.applied) == times
    assert len(drills(slack.fake)) == 1
    assert recorded_ts(slack) == drills(slack.fake)[0]["ts"]
    # Every one of these may have landed (5xx, drop, timeout): looked for before posting again.
    assert slack.fake.calls_to("conversations.history")


async def test_a_drill_in_flight_when_sends_gave_up_is_found_by_the_next_catch_up(
    slack: Harness,
) -> None:
    await slack.setup_channel("optimisation")
    slack.fake.faults.add("chat.postMessage", "drop", times=5, landed=True)
    slack.fake.faults.add("conversations.history", "status", times=5)
    await slack.post_todays_drill()  # every try dropped (the first landed): given up for now
    assert len(drills(slack.fake)) == 1 and recorded_ts(slack) is None
    scheduler = slack.runtime.scheduler(slack.bot.sender, "slack")
    await scheduler.catch_up()
    assert len(drills(slack.fake)) == 1  # found in history, not posted again
    assert recorded_ts(slack) == drills(slack.fake)[0]["ts"]
    assert len(slack.fake.ok_calls_to("chat.postMessage")) == 2  # setup notice and the drill


async def test_a_reveal_landing_despite_a_dropped_answer_is_posted_once(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    drill = slack.runtime.store.drill_in_thread("slack", "T1", CHANNEL, post["ts"])
    assert drill is not None
    slack.fake.faults.add("chat.postMessage", "drop", landed=True)
    await slack.runtime.scheduler(slack.bot.sender, "slack").run_reveal(drill.id)
    thread = [m for m in slack.fake.messages[CHANNEL] if m.get("thread_ts") == post["ts"]]
    assert len(thread) == 1 and slack.fake.faults.applied
    assert slack.fake.calls_to("conversations.replies")  # looked for in the thread
    assert slack.runtime.store.drill(drill.id).revealed_at is not None  # type: ignore[union-attr]


async def test_a_thread_answer_is_recorded_once_and_its_verdict_survives_faults(
    slack: Harness,
) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    slack.fake.faults.add("reactions.add", "drop", landed=True)
    slack.fake.faults.add("reactions.add", "status", times=2)
    slack.fake.faults.add("chat.postEphemeral", "hold")
    event = slack.reply_event("0.5", "UANN", thread_ts=post["ts"])
    await slack.fake.send_envelope("events_api", event)
    await slack.fake.wait_for_call("chat.postEphemeral")
    # The reaction is queued after the verdict and retried on its own.
    await slack.fake.wait_for(lambda: slack.fake.faults.pending() == 0)
    await slack.bot.sender.reactions.drained()
    reactions = slack.fake.ok_calls_to("reactions.add")  # landed despite the drop, then again
    assert [c.args["name"] for c in reactions] == ["white_check_mark"] * 2
    message = f"{CHANNEL}/{event['event']['ts']}"
    attempt = slack.runtime.store.find_attempt("slack", "T1", message)
    assert attempt is not None and attempt.verdict == "correct"
    ann = slack.runtime.store.person("slack", "T1", "UANN")
    assert ann is not None and ann.answered == 1


async def test_a_refused_post_is_not_retried(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    slack.fake.fail_next("chat.postMessage", status=404)  # channel_not_found-like: permanent
    slack.clock.set(slack.clock.now().replace(hour=9))
    await slack.runtime.scheduler(slack.bot.sender, "slack").catch_up()
    assert len(slack.fake.calls_to("chat.postMessage")) == 2  # the setup notice, one refused try
    assert drills(slack.fake) == []
