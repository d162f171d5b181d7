"""chat.postMessage within Slack's per-channel and workspace limits; Retry-After honoured."""

from __future__ import annotations

import asyncio

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.pacing import Pacer
from handlers.types import Post
from tests.bot.slack.conftest import FakeSleep
from tests.fakes.slack_server import FakeSlack, RateLimits


def notice(channel: str, text: str = "hello") -> Post:
    return Post(kind="notice", workspace="T1", channel=channel, text=text)


async def test_429_is_retried_after_its_retry_after(bot, fake: FakeSlack, sleep) -> None:
    fake.fail_next("chat.postMessage", retry_after=7)
    sent = await bot.sender.send_post(notice("C9"))
    first, second = fake.calls_to("chat.postMessage")
    assert (first.status, second.status) == (429, 200)
    assert sleep.durations == [7]
    assert second.at - first.at >= 7
    assert sent.message_id == second.response["ts"]


async def test_429_on_an_ephemeral_is_retried_too(slack, sleep) -> None:
    slack.fake.fail_next("chat.postEphemeral", retry_after=3)
    await slack.command("help", "UANN")
    calls = await slack.fake.wait_for_call("chat.postEphemeral")
    assert [c.status for c in slack.fake.calls_to("chat.postEphemeral")] == [429, 200]
    assert calls[0].at - slack.fake.calls_to("chat.postEphemeral")[0].at >= 3
    assert 3 in sleep.durations


async def test_a_channel_gets_at_most_one_post_per_second(bot, fake: FakeSlack, sleep) -> None:
    await asyncio.gather(*(bot.sender.send_post(notice("C1", f"n{i}")) for i in range(4)))
    await bot.sender.send_post(notice("C2"))
    calls = fake.calls_to("chat.postMessage")
    assert all(c.status == 200 for c in calls)  # the fake enforces 1/s: no 429 was needed
    times = [c.at for c in calls if c.args["channel"] == "C1"]
    assert all(b - a >= 1 for a, b in zip(times, times[1:], strict=False))
    assert sum(sleep.durations) == pytest.approx(3)  # C2 did not wait behind C1


async def test_the_workspace_cap_spreads_posts_over_the_minute(clock) -> None:
    fake = FakeSlack(clock=clock, limits=RateLimits(workspace_per_minute=3))
    await fake.start()
    sleep = FakeSleep(clock)
    client = AsyncWebClient(token=fake.teams["T1"].bot_token, base_url=fake.base_url)
    pacer = Pacer(clock, sleep=sleep, per_workspace_minute=3)
    try:
        for i in range(5):
            await pacer.paced(
                "T1", f"C{i}", lambda i=i: client.chat_postMessage(channel=f"C{i}", text="x")
            )
    finally:
        await fake.stop()
    calls = fake.calls_to("chat.postMessage")
    assert [c.status for c in calls] == [200] * 5
    assert calls[3].at - calls[0].at >= 60 and calls[4].at - calls[1].at >= 60


async def test_a_persistent_429_gives_up_with_the_error(bot, fake: FakeSlack, sleep) -> None:
    fake.fail_next("chat.postMessage", retry_after=2, times=20)
    with pytest.raises(SlackApiError):
        await bot.sender.send_post(notice("C1"))
    assert len(fake.calls_to("chat.postMessage")) == 6  # one try and five retries
    assert sleep.durations == [2] * 5
