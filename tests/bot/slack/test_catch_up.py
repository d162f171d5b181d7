"""Replies posted while the bot was away are fetched from the thread and recorded once."""

from __future__ import annotations

import asyncio
import json

import pytest

from bot.slack.modes import drilling
from storage.errors import StoreUnavailable
from tests.bot.slack.conftest import CHANNEL, Harness, wait_until


def offline_reply(slack: Harness, thread_ts: str, user: str, text: str, n: int) -> str:
    ts = f"{int(slack.clock.now().timestamp())}.{800000 + n:06d}"
    message = {"type": "message", "user": user, "text": text, "ts": ts, "thread_ts": thread_ts}
    slack.fake.messages[CHANNEL].append(message)
    return ts


async def test_missed_thread_replies_are_recorded_once(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    ann_ts = offline_reply(slack, post["ts"], "UANN", "0.5", 1)
    offline_reply(slack, post["ts"], "UBOB", "0.9", 2)

    assert await slack.bot.catch_up() == 2
    replies = slack.fake.ok_calls_to("conversations.replies")
    assert replies[0].args["ts"] == post["ts"] and replies[0].args["channel"] == CHANNEL
    attempt = slack.runtime.store.find_attempt("slack", "T1", f"{CHANNEL}/{ann_ts}")
    assert attempt is not None and attempt.verdict == "correct"
    assert sorted(c.args["user"] for c in slack.fake.calls_to("chat.postEphemeral")) == [
        "UANN",
        "UBOB",
    ]

    assert await slack.bot.catch_up() == 0  # a second pass (another reconnect) adds nothing
    assert len(slack.fake.calls_to("chat.postEphemeral")) == 2


async def test_an_unreadable_thread_does_not_stop_catch_up(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    await slack.post_todays_drill()
    slack.fake.fail_next("conversations.replies", status=403, retry_after=0)
    assert await slack.bot.catch_up() == 0


async def test_replies_missed_while_disconnected_are_recorded_after_the_reconnect(
    slack: Harness,
) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    ts = offline_reply(slack, post["ts"], "UANN", "0.5", 1)
    assert slack.fake.calls_to("conversations.replies") == []

    # Slack asks the app to move to a new connection; the reply above arrived in between.
    await slack.fake.sockets[-1].send_str(json.dumps({"type": "disconnect", "reason": "warning"}))
    await slack.fake.wait_for(lambda: slack.fake.calls_to("conversations.replies"))
    await slack.fake.wait_for(lambda: slack.fake.calls_to("chat.postEphemeral"))

    attempt = slack.runtime.store.find_attempt("slack", "T1", f"{CHANNEL}/{ts}")
    assert attempt is not None and attempt.verdict == "correct"
    assert len(slack.fake.calls_to("apps.connections.open")) == 2


async def test_a_thread_read_refused_for_a_while_is_retried_not_skipped(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    ts = offline_reply(slack, post["ts"], "UANN", "0.5", 1)
    slack.fake.faults.add("conversations.replies", status=503, times=2)

    assert await slack.bot.catch_up() == 1
    assert len(slack.fake.faults.applied) == 2
    assert slack.runtime.store.find_attempt("slack", "T1", f"{CHANNEL}/{ts}") is not None


async def test_the_schedule_starts_while_the_threads_are_still_being_read(slack: Harness) -> None:
    await slack.setup_channel("optimisation")
    await slack.post_todays_drill()
    slack.fake.faults.add("conversations.replies", "hold")  # a read that takes its time

    async with asyncio.timeout(5), drilling(slack.bot):
        await wait_until(lambda: bool(slack.fake.faults.applied))  # held: no change to notify
        scheduler = slack.runtime.health.scheduler
        assert scheduler is not None and scheduler.running  # firing, not waiting on the read


async def test_a_catch_up_that_failed_on_the_store_is_run_again_by_the_retry_timer(
    slack: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await slack.setup_channel("optimisation")
    post = await slack.post_todays_drill()
    ts = offline_reply(slack, post["ts"], "UANN", "0.5", 1)
    store = slack.runtime.store
    unrevealed = store.unrevealed_drills

    def down(platform: str) -> list:
        raise StoreUnavailable("postgresql: connection refused")

    monkeypatch.setattr(store, "unrevealed_drills", down)
    slack.bot.catch_ups.request()  # the pass at start, or after a reconnection
    await slack.bot.catch_ups.idle()
    assert slack.bot.catch_ups.failed and slack.fake.calls_to("conversations.replies") == []
    monkeypatch.setattr(store, "unrevealed_drills", unrevealed)
    await slack.runtime.flush()  # the job PENDING_RETRY_SECONDS runs
    await slack.bot.catch_ups.idle()
    assert not slack.bot.catch_ups.failed
    attempt = store.find_attempt("slack", "T1", f"{CHANNEL}/{ts}")
    assert attempt is not None and attempt.verdict == "correct"
    assert store.execute("PRAGMA integrity_check") == [("ok",)]
