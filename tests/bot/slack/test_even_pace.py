"""The workspace cap is met by an even pace, so a fan-out never bursts a minute's posts at once."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.slack.app import build_bot
from bot.slack.pacing import HEADROOM, Pacer
from handlers.clock import ManualClock
from handlers.types import Post
from tests.bot.slack.conftest import FakeSleep, make_runtime
from tests.fakes.slack_server import FakeSlack, RateLimits

CAP = 3000  # posts per minute: 50 in any second
POSTS = 150  # three seconds of them


async def test_a_fan_out_is_spread_evenly_under_the_cap(clock: ManualClock) -> None:
    pacer = Pacer(clock, sleep=FakeSleep(clock), per_workspace_minute=CAP)
    sent: list[float] = []

    async def post() -> None:
        sent.append(clock.now().timestamp())

    await asyncio.gather(*(pacer.paced("T1", f"C{i}", post) for i in range(POSTS)))
    spacing = 60 / (CAP * HEADROOM)
    gaps = [b - a for a, b in zip(sent[1:], sent[2:], strict=False)]
    assert min(gaps) >= spacing - 1e-6  # after the first pair, evenly spaced
    busiest = max(sum(1 for t in sent if s <= t < s + 1) for s in sent)
    assert busiest < CAP / 60  # so a cap counted per second is never reached either
    assert sent[-1] - sent[0] <= (POSTS - 1) * spacing


async def test_the_cap_comes_from_the_setting(tmp_path: Path, clock: ManualClock) -> None:
    fake = FakeSlack(clock=clock, limits=RateLimits(workspace_per_minute=60))
    await fake.start()
    runtime = make_runtime(tmp_path, fake, clock, SLACK_POSTS_PER_MINUTE="60")
    sleep = FakeSleep(clock)
    bot = build_bot(runtime, http_mode=False, sleep=sleep)
    try:
        for i in range(4):
            await bot.sender.send_post(
                Post(kind="notice", workspace="T1", channel=f"C{i}", text="x")
            )
    finally:
        runtime.close()
        await fake.stop()
    assert [c.status for c in fake.calls_to("chat.postMessage")] == [200] * 4
    assert sum(sleep.durations) >= 2 * 60 / (60 * HEADROOM) - 1e-6
