"""/coach over Socket Mode: the session itself, ack before work, admin checks."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.slack.app import build_bot
from bot.slack.modes import socket_mode, socket_open
from handlers.clock import ManualClock
from tests.bot.slack.conftest import (
    CHANNEL,
    FakeSleep,
    Harness,
    json_text,
    make_runtime,
    wait_until,
)
from tests.fakes.slack_server import FakeSlack


async def test_socket_mode_session_connects_through_the_api_url_and_acks(slack: Harness) -> None:
    opened = slack.fake.ok_calls_to("apps.connections.open")
    assert [c.token for c in opened] == [slack.fake.app_token]
    ack = await slack.command("help", "UANN")
    assert ack["envelope_id"].startswith("env-")
    calls = await slack.fake.wait_for_call("chat.postEphemeral")
    assert calls[0].args["user"] == "UANN" and calls[0].args["channel"] == CHANNEL
    assert "/coach" in json_text(calls[0].args["blocks"])


async def test_ack_is_sent_before_the_slow_work(slack: Harness) -> None:
    release = asyncio.Event()
    deliver = slack.bot.sender.deliver

    async def slow_deliver(*args: object) -> None:
        await release.wait()
        await deliver(*args)  # type: ignore[arg-type]

    slack.bot.sender.deliver = slow_deliver  # type: ignore[method-assign]
    await asyncio.wait_for(slack.command("status", "UANN"), timeout=3)
    assert slack.fake.calls_to("chat.postEphemeral") == []
    release.set()
    await slack.fake.wait_for_call("chat.postEphemeral")


async def test_setup_by_a_workspace_admin_is_saved(slack: Harness) -> None:
    await slack.setup_channel("optimisation", admin="UADMIN")
    saved = slack.runtime.store.channel("slack", "T1", CHANNEL)
    assert saved is not None and saved.topics == ("optimisation",)
    asked = slack.fake.ok_calls_to("users.info")
    assert [c.args["user"] for c in asked] == ["UADMIN"]


async def test_setup_by_an_owner_is_saved(slack: Harness) -> None:
    await slack.setup_channel("optimisation", admin="UOWNER")
    assert slack.runtime.store.channel("slack", "T1", CHANNEL) is not None


async def test_setup_by_a_member_is_refused_privately(slack: Harness) -> None:
    await slack.command("setup time=09:00 tz=UTC", "UANN")
    refusal = (await slack.fake.wait_for_call("chat.postEphemeral"))[0]
    assert refusal.args["user"] == "UANN"
    assert "Only an admin" in json_text(refusal.args)
    assert slack.runtime.store.channel("slack", "T1", CHANNEL) is None
    assert slack.fake.calls_to("chat.postMessage") == []


async def test_an_unknown_user_is_never_an_admin(slack: Harness) -> None:
    await slack.command("pause", "UGHOST")
    refusal = (await slack.fake.wait_for_call("chat.postEphemeral"))[0]
    assert "Only an admin" in json_text(refusal.args)


async def test_configured_admin_list_grants_setup(tmp_path, fake: FakeSlack, clock, sleep) -> None:
    from bot.slack.app import build_bot

    runtime = make_runtime(tmp_path, fake, clock, SLACK_ADMINS="UBOB, UZED")
    bot = build_bot(runtime, http_mode=False, sleep=sleep)
    try:
        async with socket_mode(bot, fake.app_token):
            await Harness(fake, bot, clock).setup_channel("optimisation", admin="UBOB")
        assert runtime.store.channel("slack", "T1", CHANNEL) is not None
        assert fake.calls_to("users.info") == []  # the list answered without asking Slack
    finally:
        runtime.close()


async def test_a_timezone_too_long_for_a_file_name_is_refused_briefly(slack: Harness) -> None:
    ack = await slack.command("setup tz=" + "x" * 300, "UADMIN")
    said = json_text(ack) + json_text([c.args for c in slack.fake.calls_to("chat.postEphemeral")])
    assert "unknown timezone" in said and "x" * 100 not in said
    assert slack.runtime.store.channel("slack", "T1", CHANNEL) is None


async def test_the_socket_down_is_seen_by_the_health_check(
    tmp_path: Path, fake: FakeSlack, clock: ManualClock, sleep: FakeSleep
) -> None:
    runtime = make_runtime(tmp_path, fake, clock)
    bot = build_bot(runtime, http_mode=False, sleep=sleep)
    try:
        async with socket_mode(bot, fake.app_token) as handler:
            assert socket_open(handler)
            fake.faults.add("apps.connections.open", status=503, times=1000)  # no new socket yet
            await fake.sockets[-1].close()
            await wait_until(lambda: not socket_open(handler))
            assert not handler.client.closed  # what the check read before: false all along
    finally:
        runtime.close()
