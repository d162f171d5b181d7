"""Rate limits, the 3-second deadline, failing channels, catch-up after an outage, no pings."""

from __future__ import annotations

import asyncio
import json

import discord
import pytest

from bot.discord.replies import answer_interaction
from handlers.types import Button, Post, Reply
from tests.bot.discord.conftest import PromptBot, World, WorldFactory


async def test_a_429_is_retried_and_the_post_lands(world: World) -> None:
    await world.setup_channel(time="09:00", days="daily")
    world.fake.inject("POST", rf"^/channels/{world.channel}/messages$", 429, retry_after=0.05)
    message, thread = await world.post_drill()
    statuses = world.fake.statuses(rf"^/channels/{world.channel}/messages$")
    assert statuses[-2:] == [429, 200]
    assert thread["id"] == message["id"]


async def test_the_fan_out_stays_under_the_global_limit(make_world: WorldFactory) -> None:
    limit, window = 10, 0.25
    world = await make_world(
        fake_options={"global_limit": (limit, window)}, requests_per_second=30.0, fanout=6
    )
    channels = [world.fake.add_channel(world.guild, f"drills-{i}") for i in range(12)]
    buttons = (Button("answer", "Answer", "drill:1"),)
    posts = [Post("drill", world.guild, c, "Q?", 1, None, "Q", buttons, True) for c in channels]
    start = len(world.fake.requests)
    results = await world.bot.sender.send_posts(posts)
    assert [r for r in results if isinstance(r, BaseException)] == []
    sent = world.fake.requests[start:]
    assert [r.status for r in sent if r.status == 429] == []
    assert len([r for r in sent if r.method == "POST"]) == 2 * len(channels)
    times = sorted(r.at for r in sent)
    busiest = max(sum(1 for t in times if s <= t < s + window) for s in times)
    assert busiest <= limit


async def test_a_slow_handler_defers_then_follows_up(make_world: WorldFactory) -> None:
    world = await make_world(defer_after=0.05)
    release = asyncio.Event()
    real = world.coach

    class SlowCoach:
        async def handle(self, incoming):  # type: ignore[no-untyped-def]
            await release.wait()
            return real.handle(incoming)

    world.bot.coach = SlowCoach()
    asked = await world.fake.slash(world.channel, world.member, "help")
    await world.fake.wait_for(lambda: asked.callbacks)
    assert asked.callbacks[0]["type"] == 5  # deferred: Discord shows "thinking"
    assert asked.callbacks[0]["data"]["flags"] & 64
    release.set()
    await world.fake.wait_for(lambda: asked.followups or asked.edits)
    assert "Interview coach" in asked.texts


async def test_a_failing_channel_is_reported_once_and_stops_no_other(world: World) -> None:
    other = world.fake.add_channel(world.guild, "other")
    world.fake.break_channel(world.channel, 403)
    channels = (world.channel, other)
    posts = [Post("drill", world.guild, c, "Q?", 1, None, "Q", (), True) for c in channels]
    first = await world.bot.sender.send_posts(posts)
    # The next day's drills (the same drill twice is deduplicated by its nonce).
    posts = [Post("drill", world.guild, c, "Q?", 2, None, "Q", (), True) for c in channels]
    again = await world.bot.sender.send_posts(posts)
    assert isinstance(first[0], discord.Forbidden) and isinstance(again[0], discord.Forbidden)
    assert not isinstance(first[1], BaseException) and not isinstance(again[1], BaseException)
    assert len(world.fake.bot_messages(other)) == 2
    owner = world.fake.guilds[world.guild]["owner_id"]
    dms = world.fake.bot_messages(f"9{owner}")
    assert len(dms) == 1 and f"<#{world.channel}>" in dms[0]["content"]


async def test_replies_during_an_outage_are_caught_up(world: World) -> None:
    await world.setup_channel(time="09:00", days="daily", topics="nlp")
    _, thread = await world.post_drill()
    live = await world.fake.user_says(thread["id"], world.member, "Said while connected.")
    await world.fake.wait_for(lambda: world.fake.reactions_on(live["id"]))
    world.fake.gateway_open.clear()
    await world.fake.drop_connection(resumable=False)
    missed = await world.fake.user_says(thread["id"], world.admin, "Said during the outage.")
    assert not world.fake.connected
    world.fake.gateway_open.set()
    await world.fake.wait_for(lambda: world.fake.reactions_on(missed["id"]))
    assert world.fake.identify_count == 2 and world.fake.resume_count == 1
    assert world.store.find_attempt("discord", world.guild, missed["id"]) is not None
    assert world.fake.reactions_on(live["id"]) == ["📝"]  # not reacted to twice
    history = [r for r in world.fake.requests if r.path == f"/channels/{thread['id']}/messages"]
    assert history and all(r.method == "GET" for r in history)


async def test_replies_during_a_restart_are_caught_up(world: World) -> None:
    await world.setup_channel(time="09:00", days="daily", topics="nlp")
    _, thread = await world.post_drill()
    live = await world.fake.user_says(thread["id"], world.member, "Said before the restart.")
    await world.fake.wait_for(lambda: world.fake.reactions_on(live["id"]))
    await world.bot.close()
    missed = await world.fake.user_says(thread["id"], world.admin, "Said while it was down.")
    restarted = PromptBot(world.coach, world.bot.settings, guild_ready_timeout=0.01)
    task = asyncio.create_task(restarted.start(world.fake.token))
    try:
        await world.fake.wait_for(lambda: world.fake.reactions_on(missed["id"]))
        assert world.store.find_attempt("discord", world.guild, missed["id"]) is not None
        assert world.fake.reactions_on(live["id"]) == ["📝"]
    finally:
        await restarted.close()
        await task


@pytest.mark.parametrize("text", ["@everyone 0.5", "@here <@&1234567> <@1234567> **0.5**"])
async def test_user_text_never_pings(world: World, text: str) -> None:
    await world.setup_channel(time="09:00", days="daily", topics="optimisation")
    message, thread = await world.post_drill()
    reply = await world.fake.user_says(thread["id"], world.member, text)
    answered = await world.fake.slash(world.channel, world.member, "answer", text=text)
    await world.fake.wait_for(lambda: answered.messages)
    # A thread message that mentions a crowd is discussion (issue 15): nothing to react to.
    assert world.fake.reactions_on(reply["id"]) == []
    assert world.store.find_attempt("discord", world.guild, reply["id"]) is None
    drill = world.store.drill_in_thread("discord", world.guild, world.channel, thread["id"])
    assert drill is not None  # the explicit answer was recorded, mentions and all
    assert world.store.latest_attempt(drill.id, world.member).text == text  # type: ignore[union-attr]
    echo = Reply(f"You said: {text}", thread=thread["id"])
    shown = await world.fake.slash(world.channel, world.member, "status")
    await world.fake.wait_for(lambda: shown.callbacks)
    await answer_interaction(_followup_of(world, shown), [echo])
    bodies = _bodies_sent(world)
    assert bodies and all(b.get("allowed_mentions") == {"parse": []} for b in bodies)
    for body in bodies:
        assert "@everyone" not in json.dumps(body, ensure_ascii=False).replace(
            "@\u200deveryone", ""
        )
        assert "@here" not in json.dumps(body, ensure_ascii=False).replace("@\u200dhere", "")


def _bodies_sent(world: World) -> list[dict]:
    """Every message body the bot sent: channel messages, interaction responses, follow-ups."""
    found = []
    for r in world.fake.requests:
        if r.method != "POST" or not isinstance(r.body, dict):
            continue
        if r.path.endswith("/messages") or "/webhooks/" in r.path:
            found.append(r.body)
        elif r.path.endswith("/callback") and r.body.get("type") == 4:
            found.append(r.body["data"])
    return found


def _followup_of(world: World, record) -> discord.Interaction:  # type: ignore[no-untyped-def]
    """A discord.py Interaction for an interaction already answered (its follow-ups still work)."""
    state = world.bot._connection
    interaction = discord.Interaction(data=record.payload, state=state)
    interaction.response._response_type = discord.InteractionResponseType.channel_message
    return interaction
