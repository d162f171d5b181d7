"""HTTP mode: Slack's signed requests reach the bolt app; forged or stale ones are refused."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest
from slack_sdk.signature import SignatureVerifier

from bot.slack.app import build_bot
from bot.slack.modes import EVENTS_PATH, http_mode
from tests.bot.slack.conftest import CHANNEL, SECRET, Harness, make_runtime, wait_until
from tests.fakes.slack_server import FakeSlack

FORM = "application/x-www-form-urlencoded"


class HttpSlack:
    """Sends requests to the app the way Slack does, signed with the signing secret."""

    def __init__(self, url: str, harness: Harness) -> None:
        self.url = url
        self.harness = harness

    async def send(
        self, body: str, content_type: str, secret: str = SECRET, age: int = 0, **headers: str
    ) -> tuple[int, str]:
        # Bolt checks the timestamp against the real time, so the request is dated by it too.
        timestamp = str(int(time.time()) - age)
        signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature,
            **headers,
        }
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.url, data=body.encode(), headers=headers) as response,
        ):
            return response.status, await response.text()

    async def command(self, text: str, user: str, **kw: object) -> tuple[int, str]:
        payload = self.harness.command_payload(text, user)
        return await self.send(urlencode(payload), FORM, **kw)  # type: ignore[arg-type]


@pytest.fixture
async def http(tmp_path: Path, fake: FakeSlack, clock, sleep) -> AsyncIterator[HttpSlack]:
    runtime = make_runtime(tmp_path, fake, clock)
    bot = build_bot(runtime, http_mode=True, sleep=sleep)
    try:
        async with http_mode(bot, "127.0.0.1", 0) as port:
            yield HttpSlack(f"http://127.0.0.1:{port}{EVENTS_PATH}", Harness(fake, bot, clock))
    finally:
        runtime.close()


async def test_signed_slash_command_is_acked_and_answered(http: HttpSlack) -> None:
    status, body = await http.command("help", "UANN")
    assert status == 200 and body == ""
    reply = (await http.harness.fake.wait_for_call("chat.postEphemeral"))[0]
    assert reply.args["user"] == "UANN" and reply.args["channel"] == CHANNEL


async def test_signed_setup_by_an_admin_is_saved(http: HttpSlack) -> None:
    status, _ = await http.command("setup time=07:30 tz=Europe/Paris days=mon-fri", "UADMIN")
    assert status == 200
    await http.harness.fake.wait_for_call("chat.postMessage")
    saved = http.harness.runtime.store.channel("slack", "T1", CHANNEL)
    assert saved is not None and (saved.time, saved.tz) == ("07:30", "Europe/Paris")


@pytest.mark.parametrize(
    "tamper", [{"secret": "not-the-secret"}, {"age": 10 * 60}], ids=["bad-signature", "stale"]
)
async def test_forged_or_stale_requests_are_refused(http: HttpSlack, tamper: dict) -> None:
    status, _ = await http.command("setup time=09:00", "UADMIN", **tamper)
    assert status == 401
    assert http.harness.runtime.store.channel("slack", "T1", CHANNEL) is None
    assert http.harness.fake.calls == []


async def test_url_verification_challenge_is_answered(http: HttpSlack) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "legacy"})
    status, text = await http.send(body, "application/json")
    assert status == 200 and "c-123" in text


async def test_signed_thread_reply_event_and_its_http_retry(http: HttpSlack, caplog) -> None:
    caplog.set_level(logging.INFO, logger="bot.slack.listeners")
    harness = http.harness
    await http.command("setup time=09:00 tz=UTC days=daily topics=optimisation", "UADMIN")
    await harness.fake.wait_for_call("chat.postMessage")
    post = await harness.post_todays_drill()
    event = harness.reply_event("0.5", "UANN", thread_ts=post["ts"], event_id="EvHTTP")
    status, _ = await http.send(json.dumps(event), "application/json")
    assert status == 200
    await harness.fake.wait_for_call("chat.postEphemeral")
    status, _ = await http.send(json.dumps(event), "application/json", **{"X-Slack-Retry-Num": "1"})
    assert status == 200
    await wait_until(lambda: "ignoring a retried delivery of event EvHTTP" in caplog.text)
    assert len(harness.fake.calls_to("chat.postEphemeral")) == 1
    ann = harness.runtime.store.person("slack", "T1", "UANN")
    assert ann is not None and ann.answered == 1
