"""Neutral markdown from the core, made into what Discord accepts: sized, mention-proof text."""

from __future__ import annotations

import discord

from content.render import (
    DISCORD_EMBED_DESCRIPTION,
    DISCORD_MESSAGE,
    neutralise_mentions,
    render,
    split_message,
)
from content.verdicts import MARKS

NO_PINGS = discord.AllowedMentions.none()
EMBED_TITLE = 256
THREAD_NAME = 100
REACTIONS = MARKS
"""A verdict as a reaction on the answer: the same mark its text begins with."""


def discord_text(markdown: str) -> str:
    """Render neutral markdown for Discord with every mention defused."""
    return neutralise_mentions(render(markdown, "discord"), "discord")


def message_chunks(markdown: str, limit: int = DISCORD_MESSAGE) -> list[str]:
    """The text as one or more messages, each within Discord's content limit."""
    text = discord_text(markdown).strip()
    return split_message(text, limit) if text else []


def embed_for(title: str, markdown: str) -> discord.Embed:
    """An embed with a title and a description within Discord's embed limits."""
    description = discord_text(markdown)
    if len(description) > DISCORD_EMBED_DESCRIPTION:
        description = split_message(description, DISCORD_EMBED_DESCRIPTION)[0]
    heading = neutralise_mentions(title, "discord")[:EMBED_TITLE] or None
    return discord.Embed(title=heading, description=description)


def thread_name(title: str, markdown: str) -> str:
    """A thread name (Discord allows 100 characters) from the post's title or first line."""
    plain = title or render(markdown, "text").strip().split("\n", 1)[0]
    return (plain.strip() or "Today's drill")[:THREAD_NAME]
