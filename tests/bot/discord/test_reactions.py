"""The bounded reaction queue: oldest dropped and counted, one in flight per channel."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import discord
import pytest

from bot.discord.reactions import ReactionQueue
from bot.retry import RetryPolicy


class Channel:
    """A channel whose reactions wait at a gate, so the test decides when Discord answers."""

    def __init__(self, channel_id: int, log: list[tuple[int, str]]) -> None:
        self.id = channel_id
        self.gate = asyncio.Event()
        self.in_flight = 0
        self.most_in_flight = 0
        self.log = log
        self.fail: set[int] = set()

    def message(self, message_id: int) -> Any:
        async def add_reaction(emoji: str) -> None:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            try:
                await self.gate.wait()
                if message_id in self.fail:
                    raise discord.DiscordServerError(SimpleNamespace(status=500, reason=""), "")
                self.log.append((message_id, emoji))
            finally:
                self.in_flight -= 1

        return SimpleNamespace(id=message_id, channel=self, add_reaction=add_reaction)


async def until(condition: Callable[[], bool]) -> None:
    """Let the senders run (turns of the loop, no wall-clock waiting) until the condition holds."""
    for _ in range(100):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("the condition never held")


def queue(capacity: int = 5, senders: int = 2) -> ReactionQueue:
    return ReactionQueue(RetryPolicy(attempts=1), capacity=capacity, senders=senders)


async def test_a_full_queue_drops_the_oldest_and_says_so_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    sent: list[tuple[int, str]] = []
    channel = Channel(1, sent)
    reactions = queue(capacity=5)
    with caplog.at_level(logging.WARNING, "bot.discord.reactions"):
        for message_id in range(1, 10):  # 1 leaves at once and waits at the gate; 2..9 queue
            reactions.add(channel.message(message_id), "📝")
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
        reactions.add(hot.message(message_id), "✅")
    reactions.add(quiet.message(20), "❌")
    reactions.add(third.message(30), "❌")
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
    first, edited = channel.message(1), channel.message(2)
    reactions.add(first, "📝")
    await until(lambda: channel.in_flight == 1)
    reactions.add(edited, "❌")
    reactions.add(channel.message(3), "📝")
    reactions.add(edited, "✅")  # the message was edited before its reaction left
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
    reactions.add(channel.message(1), "📝")
    reactions.add(channel.message(2), "📝")
    channel.gate.set()
    with caplog.at_level(logging.WARNING, "bot.discord.reactions"):
        await reactions.drained()
    assert sent == [(2, "📝")]
    assert any("failed" in r.getMessage() for r in caplog.records)
