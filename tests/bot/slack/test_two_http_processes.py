"""Two HTTP-mode bots on one database, as behind a load balancer: Slack's retry of an event that
reached one of them, delivered to the other, is handled once."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.slack.app import build_bot
from bot.slack.modes import EVENTS_PATH, http_mode
from tests.bot.slack.conftest import CHANNEL, Harness, json_text, make_runtime, wait_until
from tests.bot.slack.test_http_mode import HttpSlack
from tests.fakes.slack_server import FakeSlack

JSON = "application/json"


@pytest.fixture
async def pair(tmp_path: Path, fake: FakeSlack, clock, sleep) -> AsyncIterator[list[HttpSlack]]:
    runtimes = [make_runtime(tmp_path, fake, clock) for _ in range(2)]  # one database
    bots = [build_bot(runtime, http_mode=True, sleep=sleep) for runtime in runtimes]
    try:
        async with (
            http_mode(bots[0], "127.0.0.1", 0) as first,
            http_mode(bots[1], "127.0.0.1", 0) as second,
        ):
            yield [
                HttpSlack(f"http://127.0.0.1:{port}{EVENTS_PATH}", Harness(fake, bot, clock))
                for port, bot in ((first, bots[0]), (second, bots[1]))
            ]
    finally:
        for runtime in runtimes:
            runtime.close()


async def test_a_retried_event_on_the_other_process_is_handled_once(
    pair: list[HttpSlack], caplog: pytest.LogCaptureFixture
) -> None:
    one, other = pair
    await one.command("setup time=09:00 tz=UTC days=daily topics=optimisation", "UADMIN")
    await one.harness.fake.wait_for_call(
        "chat.postMessage", lambda c: "Setup saved" in json_text(c.args)
    )
    post = await one.harness.post_todays_drill()
    event = one.harness.reply_event("0.5", "UANN", post["ts"])
    assert (await one.send(json.dumps(event), JSON))[0] == 200
    await one.harness.fake.wait_for_call("reactions.add")
    # Slack did not hear the ack in time and retries; the balancer sends it to the other one.
    caplog.set_level(logging.INFO, logger="bot.slack.listeners")
    retried = await other.send(json.dumps(event), JSON, **{"X-Slack-Retry-Num": "1"})
    assert retried[0] == 200
    await wait_until(lambda: "another process of the bot handled it" in caplog.text)
    assert len(one.harness.fake.calls_to("reactions.add")) == 1
    attempts = one.harness.runtime.store.execute("SELECT COUNT(*) FROM attempts")
    assert attempts == [(1,)]
    # A new event still reaches whichever process gets it.
    fresh = other.harness.reply_event("0.4", "UBOB", post["ts"])
    assert (await other.send(json.dumps(fresh), JSON))[0] == 200
    await wait_until(lambda: len(one.harness.fake.calls_to("reactions.add")) == 2)
    found = one.harness.runtime.store.find_attempt(
        "slack", "T1", f"{CHANNEL}/{fresh['event']['ts']}"
    )
    assert found is not None and found.user == "UBOB"
