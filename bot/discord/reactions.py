"""Verdict reactions on Discord: the bounded queue of bot/reactions.py, at Discord's pace.

Discord allows about 50 requests/s for the whole bot and roughly one reaction per channel every
0.25 s; a reaction waits in the bot's one queue (made with the client) and goes through the
sender's retry policy. A typed answer whose reaction is dropped still has its verdict behind the
Answer button and `/coach`.
"""

from __future__ import annotations

import aiohttp
import discord

from bot.discord.sender import classify
from bot.reactions import ReactionQueue
from bot.retry import RetryPolicy

CAPACITY = 100
"""Reactions held at most: about 2 s of the bot's whole request budget (48/s), and 25 s of one
channel's (4/s). A reaction later than that tells the person little that the Answer button does
not, while every one held keeps its Message alive."""
SENDERS = 4
"""Reactions in flight at most (each in its own channel): enough to keep the global pace busy
across channels at loopback-to-real round trips, few enough that posts and thread replies
waiting at the same pacer are never queued behind a crowd of reactions."""
FAILURES = (discord.DiscordException, aiohttp.ClientError, OSError, TimeoutError)


def reaction_queue(capacity: int = CAPACITY, senders: int = SENDERS) -> ReactionQueue:
    """The queue a Discord client keeps its verdict reactions in."""
    return ReactionQueue(
        capacity, senders, FAILURES, fallback="the Answer button and /coach show its verdict"
    )


def queue_reaction(
    queue: ReactionQueue, retry: RetryPolicy, message: discord.Message, emoji: str
) -> None:
    """Queue a reaction on a message; it is added later, retried, or dropped if the queue fills."""

    async def send() -> None:
        # Adding a reaction twice is harmless: retry freely.
        await retry.run(lambda: message.add_reaction(emoji), classify, what="reaction")

    queue.add(message.channel.id, message.id, send)


def reactions_of(client: discord.Client) -> ReactionQueue:
    """The client's reaction queue (CoachBot makes it with the client)."""
    queue: ReactionQueue = client.reactions  # type: ignore[attr-defined]
    return queue
