"""The bounded reaction queue: oldest dropped and counted, one in flight per channel."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import pytest

from bot.reactions import ReactionQueue


class Refused(Exception):
    """The platform's error for a reaction it would not add."""


class Channel:
    """A channel whose reactions wait at a gate, so the test decides when Discord answers."""

    def __init__(self, channel_id: int, log: list[tuple[int, str]]) -> None:
        self.id = channel_id
        self.gate = asyncio.Event()
        self.in_flight = 0
        self.most_in_flight = 0
        self.log = log
        self.fail: set[int] = set()

    def react(self, reactions: ReactionQueue, message_id: int, emoji: str) -> None:
        """Queue a reaction on one of this channel's messages."""

        async def send() -> None:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            try:
                await self.gate.wait()
                if message_id in self.fail:
                    raise Refused(message_id)
                self.log.append((message_id, emoji))
            finally:
                self.in_flight -= 1

        reactions.add(self.id, message_id, send)


async def until(condition: Callable[[], bool]) -> None:
    """Let the senders run (turns of the loop, no wall-clock waiting) until the condition holds."""
    for _ in range(100):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("the condition never held")


def queue(capacity: int = 5, senders: int = 2) -> ReactionQueue:
    return ReactionQueue(capacity, senders, (Refused,), fallback="the verdict is shown privately")


async def test_a_full_queue_drops_the_oldest_and_says_so_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    sent: list[tuple[int, str]] = []
    channel = Channel(1, sent)
    reactions = queue(capacity=5)
    with caplog.at_level(logging.WARNING, "bot.reactions"):
        for message_id in range(1, 10):  # 1 leaves at once and waits at the gate; 2..9 queue
            channel.react(reactions, message_id, "📝")
            await until(lambda: channel.in_flight == 1)  # the sender takes the first at once
    assert len(reactions) == 5 and reactions.dropped == 3
    assert len([r for r in caplog.records if "dropped" in r.getMessage()]) == 1
    channel.gate.set()
    await reactions.drained()
    assert sent == [(1, "📝"), (5, "📝"), (6, "📝"), (7, "📝"), (8, "📝"), (9, "📝")]
    assert channel.most_in_flight == 1  # one channel's route takes one at a time


async def test_busy_channels_do_not_hold_up_the_others_and_senders_are_bounded() -> None:
    sent: list[tuple[int, str]] = []
    hot, quiet, third = Channel(1, sent), Channel(2, sent), Channel(3, sent)
    reactions = queue(capacity=50, senders=2)
    for message_id in range(10, 20):
        hot.react(reactions, message_id, "✅")
    quiet.react(reactions, 20, "❌")
    third.react(reactions, 30, "❌")
    await until(lambda: quiet.in_flight == 1)  # past the hot channel's waiting ones
    assert hot.in_flight == 1 and third.in_flight == 0  # two senders at most
    quiet.gate.set()
    await until(lambda: third.in_flight == 1)  # the freed sender moves on
    assert sent == [(20, "❌")] and hot.in_flight == 1
    hot.gate.set()
    third.gate.set()
    await reactions.drained()
    assert sorted(sent) == [(m, "✅") for m in range(10, 20)] + [(20, "❌"), (30, "❌")]
    assert hot.most_in_flight == 1


async def test_a_newer_verdict_replaces_the_waiting_one_in_its_place() -> None:
    sent: list[tuple[int, str]] = []
    channel = Channel(1, sent)
    reactions = queue()
    channel.react(reactions, 1, "📝")
    await until(lambda: channel.in_flight == 1)
    channel.react(reactions, 2, "❌")
    channel.react(reactions, 3, "📝")
    channel.react(reactions, 2, "✅")  # the message was edited before its reaction left
    channel.gate.set()
    await reactions.drained()
    assert sent == [(1, "📝"), (2, "✅"), (3, "📝")] and reactions.dropped == 0


async def test_a_failed_reaction_is_logged_and_the_rest_still_go(
    caplog: pytest.LogCaptureFixture,
) -> None:
    sent: list[tuple[int, str]] = []
    channel = Channel(1, sent)
    channel.fail.add(1)
    reactions = queue()
    channel.react(reactions, 1, "📝")
    channel.react(reactions, 2, "📝")
    channel.gate.set()
    with caplog.at_level(logging.WARNING, "bot.reactions"):
        await reactions.drained()
    assert sent == [(2, "📝")]
    assert any("failed" in r.getMessage() for r in caplog.records)


async def test_the_same_message_id_in_two_channels_is_two_reactions() -> None:
    sent: list[tuple[int, str]] = []
    one, two = Channel(1, sent), Channel(2, sent)
    reactions = queue()
    one.react(reactions, 7, "✅")
    two.react(reactions, 7, "❌")  # Slack's ts is unique only within its channel
    assert len(reactions) == 2
    one.gate.set()
    two.gate.set()
    await reactions.drained()
    assert sorted(sent) == [(7, "✅"), (7, "❌")] and reactions.most_waiting == 2
