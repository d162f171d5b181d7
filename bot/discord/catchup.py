"""After a reconnect or restart: replies posted in open drill threads meanwhile are recorded."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import discord

from handlers.types import OpenThread

log = logging.getLogger(__name__)


async def missed_messages(
    client: discord.Client, thread: OpenThread, after: int | None
) -> AsyncIterator[discord.Message]:
    """People's messages in a thread, oldest first, after the last one seen live (if known)."""
    channel = client.get_channel(int(thread.thread)) or await client.fetch_channel(
        int(thread.thread)
    )
    if not isinstance(channel, discord.Thread):
        return
    since = discord.Object(after) if after else None
    async for message in channel.history(limit=None, after=since, oldest_first=True):
        if not message.author.bot:
            yield message
