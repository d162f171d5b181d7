"""A file attached to a slash command (`/coach pack add`), fetched for the core."""

from __future__ import annotations

import logging

import discord

from content.packs import MAX_BYTES
from handlers.types import Attachment

log = logging.getLogger(__name__)


async def fetch_attachment(upload: discord.Attachment) -> Attachment | str:
    """The file's bytes, or what to tell the person when it cannot be had."""
    if upload.size > MAX_BYTES:
        return f"That file is over {MAX_BYTES // 1000} kB: split the pack into smaller files."
    try:
        data = await upload.read()
    except (discord.HTTPException, discord.NotFound) as err:
        log.warning("could not download attachment %s: %s", upload.id, err)
        return "I could not download that file from Discord: try attaching it again."
    return Attachment(upload.filename, data[: MAX_BYTES + 1])
