"""After a reconnect or restart: replies posted in open drill threads meanwhile are recorded."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import discord

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpenThread:
    """A posted, unrevealed drill's thread."""

    workspace: str
    channel: str
    thread: str


def open_threads(coach: Any, platform: str = "discord") -> list[OpenThread]:
    """The threads of every posted drill still open for answers."""
    store = coach.deps.store
    found = []
    for drill_id, _ in coach.daily.pending_reveals(platform):
        drill = store.drill(drill_id)
        cfg = store.channel_by_id(drill.channel_id) if drill else None
        if drill is not None and cfg is not None and drill.thread_id:
            found.append(OpenThread(cfg.workspace, cfg.channel, drill.thread_id))
    return found


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
