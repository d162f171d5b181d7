"""The core's Replies on Discord: interaction responses, follow-ups, thread posts, reactions.

Each goes through the sender's retry policy (bot.retry): thread posts are looked for before being
sent again after an ambiguous failure, reactions are idempotent (and queued, best-effort, by
bot/reactions.py), and an interaction response that landed despite the failure is
recognised by Discord's "already acknowledged" refusal.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable
from typing import Any

import discord

from bot.discord.buttons import view_for
from bot.discord.markup import NO_PINGS, REACTIONS, message_chunks
from bot.discord.reactions import queue_reaction, reactions_of
from bot.discord.sender import DiscordSender, classify
from bot.pictures import png_of
from handlers.types import Button, Picture, Reply

log = logging.getLogger(__name__)

# Discord gives 3 s for the first response; deferring well before leaves room for the network.
DEFER_AFTER = 2.0
ALREADY_ACKNOWLEDGED = 40060


def _sender(client: discord.Client) -> DiscordSender:
    """The bot's sender (CoachBot has one), whose retry policy replies share."""
    sender: DiscordSender = client.sender  # type: ignore[attr-defined]
    return sender


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
        chunks = message_chunks(reply.text)  # a verdict's text begins with its mark
        for index, chunk in enumerate(chunks):
            # The buttons (practice's Answer, forget-me's confirmation) go under the last part.
            buttons = reply.buttons if index == len(chunks) - 1 else ()
            await _say(interaction, chunk, reply.ephemeral, buttons)
            sent = True
        if reply.picture is not None:
            await _show(interaction, reply.picture, reply.ephemeral)
            sent = True
    if not sent:
        await _acknowledge(interaction)


async def _say(
    interaction: discord.Interaction, text: str, ephemeral: bool, buttons: tuple[Button, ...] = ()
) -> None:
    view = view_for(buttons)
    extra: dict[str, Any] = {"view": view} if view is not None else {}

    async def say() -> None:
        if interaction.response.is_done():
            await interaction.followup.send(
                text, ephemeral=ephemeral, allowed_mentions=NO_PINGS, **extra
            )
            return
        try:
            await interaction.response.send_message(
                text, ephemeral=ephemeral, allowed_mentions=NO_PINGS, **extra
            )
        except discord.HTTPException as error:
            if error.code != ALREADY_ACKNOWLEDGED:  # an earlier try landed after all
                raise

    await _sender(interaction.client).retry.run(say, classify, what="interaction response")


async def _show(interaction: discord.Interaction, picture: Picture, ephemeral: bool) -> None:
    """The picture as an attachment of a (private) follow-up, with its alt text."""
    png = await png_of(picture)

    async def show() -> None:
        file = discord.File(io.BytesIO(png), picture.filename, description=picture.alt[:1024])
        if interaction.response.is_done():
            await interaction.followup.send(file=file, ephemeral=ephemeral)
        else:
            await interaction.response.send_message(file=file, ephemeral=ephemeral)

    await _sender(interaction.client).retry.run(show, classify, what="picture")


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
            # Queued, not awaited: best-effort under a crowd (bot/reactions.py).
            emoji = REACTIONS[reply.reaction]
            queue_reaction(reactions_of(client), _sender(client).retry, message, emoji)
        if reply.ephemeral:
            # A plain message cannot get a private answer; the drill's buttons and /coach offer it.
            continue
        if reply.text.strip():
            target = reply.thread or str(message.channel.id)
            await post_in(client, target, reply.text)


async def post_in(client: discord.Client, channel_id: str, markdown: str) -> list[discord.Message]:
    """Post markdown in a channel or thread, split across messages within the limit."""
    if not message_chunks(markdown):
        return []
    return await _sender(client).post_text(channel_id, markdown)
