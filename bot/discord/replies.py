"""The core's Replies on Discord: interaction responses, follow-ups, thread posts, reactions."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable

import discord

from bot.discord.markup import NO_PINGS, REACTIONS, message_chunks
from handlers.types import Reply

log = logging.getLogger(__name__)

# Discord gives 3 s for the first response; deferring well before leaves room for the network.
DEFER_AFTER = 2.0


async def within_deadline(
    interaction: discord.Interaction, work: Awaitable[list[Reply]], defer_after: float = DEFER_AFTER
) -> list[Reply]:
    """Await the core's work, deferring the interaction if it takes longer than `defer_after`."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=defer_after)
    if not done and not interaction.response.is_done():
        await interaction.response.defer(ephemeral=True, thinking=True)
    return await task


async def answer_interaction(interaction: discord.Interaction, replies: list[Reply]) -> None:
    """Deliver replies to an interaction: private ones to the user, public ones in public."""
    sent = False
    for reply in replies:
        if reply.thread and not reply.ephemeral:
            await post_in(interaction.client, reply.thread, reply.text)
            continue
        for chunk in message_chunks(_with_verdict(reply)):
            await _say(interaction, chunk, reply.ephemeral)
            sent = True
    if not sent:
        await _acknowledge(interaction)


def _with_verdict(reply: Reply) -> str:
    """An interaction has no message to react to, so the verdict leads the text instead."""
    if reply.reaction is None or REACTIONS[reply.reaction] in reply.text[:4]:
        return reply.text
    return f"{REACTIONS[reply.reaction]} {reply.text}".strip()


async def _say(interaction: discord.Interaction, text: str, ephemeral: bool) -> None:
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=ephemeral, allowed_mentions=NO_PINGS)
    else:
        await interaction.response.send_message(
            text, ephemeral=ephemeral, allowed_mentions=NO_PINGS
        )


async def _acknowledge(interaction: discord.Interaction) -> None:
    """Close an interaction the core had nothing to say about, so Discord shows no failure."""
    if interaction.response.is_done():
        return
    if interaction.type is discord.InteractionType.application_command:
        await interaction.response.send_message("Done.", ephemeral=True)
    else:
        await interaction.response.defer()


async def answer_message(
    client: discord.Client, message: discord.Message, replies: list[Reply]
) -> None:
    """Deliver replies to a typed message: verdicts as reactions, public text in its channel."""
    for reply in replies:
        if reply.reaction is not None:
            await message.add_reaction(REACTIONS[reply.reaction])
        if reply.ephemeral:
            # A plain message cannot get a private answer; the drill's buttons and /coach offer it.
            continue
        if reply.text.strip():
            target = reply.thread or str(message.channel.id)
            await post_in(client, target, reply.text)


async def post_in(client: discord.Client, channel_id: str, markdown: str) -> list[discord.Message]:
    """Post markdown in a channel or thread, split across messages within the limit."""
    channel = client.get_channel(int(channel_id)) or client.get_partial_messageable(int(channel_id))
    return [
        await channel.send(chunk, allowed_mentions=NO_PINGS)  # type: ignore[union-attr]
        for chunk in message_chunks(markdown)
    ]
