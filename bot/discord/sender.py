"""The scheduler's posts on Discord: the daily drill with its thread and buttons, reveals."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

import discord

from bot.discord.buttons import view_for
from bot.discord.markup import NO_PINGS, embed_for, message_chunks, thread_name
from bot.scheduler import Sent
from handlers.types import Post

log = logging.getLogger(__name__)
THREAD_ARCHIVE_MINUTES = 1440


class DiscordSender:
    """Sends Posts; a channel that fails is reported to its server's admins once."""

    def __init__(self, client: discord.Client, fanout: int = 8) -> None:
        self.client = client
        self._fanout = asyncio.Semaphore(fanout)
        self._reported: set[str] = set()

    async def send_post(self, post: Post) -> Sent:
        """Send one post, a few at a time however many jobs fire at once; raises
        discord.HTTPException when its channel refuses it."""
        async with self._fanout:
            try:
                if post.open_thread:
                    return await self._drill(post)
                return await self._text(post)
            except (discord.Forbidden, discord.NotFound) as error:
                await self._report(post, error)
                raise

    async def send_posts(self, posts: Iterable[Post]) -> list[Sent | BaseException]:
        """Fan posts out concurrently, a few at a time; one channel's failure stops no other."""

        sends = (self.send_post(p) for p in posts)
        return list(await asyncio.gather(*sends, return_exceptions=True))

    async def _drill(self, post: Post) -> Sent:
        channel = await self._messageable(post.channel)
        message = await channel.send(
            embed=embed_for(post.title, post.text),
            view=view_for(post.buttons),
            allowed_mentions=NO_PINGS,
        )
        thread = await message.create_thread(
            name=thread_name(post.title, post.text), auto_archive_duration=THREAD_ARCHIVE_MINUTES
        )
        return Sent(str(message.id), str(thread.id))

    async def _text(self, post: Post) -> Sent:
        channel = await self._messageable(post.thread or post.channel)
        chunks = message_chunks(post.text) or ["…"]
        view = view_for(post.buttons)
        first: discord.Message | None = None
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            kwargs = {"view": view} if last and view is not None else {}
            message = await channel.send(chunk, allowed_mentions=NO_PINGS, **kwargs)
            first = first or message
        assert first is not None
        return Sent(str(first.id), post.thread)

    async def _messageable(self, channel_id: str) -> discord.abc.Messageable:
        """The cached channel, else fetched: a thread needs the guild a cached channel knows."""
        found = self.client.get_channel(int(channel_id))
        if found is None:
            found = await self.client.fetch_channel(int(channel_id))
        if not isinstance(found, discord.abc.Messageable):
            raise TypeError(f"channel {channel_id} cannot hold messages")
        return found

    async def _report(self, post: Post, error: discord.HTTPException) -> None:
        """Tell the server's owner, once per channel, that the coach cannot post there."""
        key = f"{post.workspace}:{post.channel}"
        if key in self._reported:
            return
        self._reported.add(key)
        log.warning(
            "cannot post in channel %s of guild %s: %s", post.channel, post.workspace, error
        )
        guild = self.client.get_guild(int(post.workspace)) if post.workspace.isdigit() else None
        if guild is None or guild.owner_id is None:
            return
        text = (
            f"I could not post today's drill in <#{post.channel}> of **{guild.name}** "
            f"({error.status}: {error.text or 'no detail'}). Check that the channel still exists "
            "and that I may view it, send messages, create public threads and add reactions; "
            "other channels are not affected."
        )
        try:
            owner = guild.get_member(guild.owner_id) or await self.client.fetch_user(guild.owner_id)
            await owner.send(text, allowed_mentions=NO_PINGS)
        except discord.HTTPException as failed:
            log.warning("could not tell the owner of guild %s: %s", guild.id, failed)
