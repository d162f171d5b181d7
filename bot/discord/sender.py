"""The scheduler's posts on Discord: the daily drill with its thread and buttons, reveals.

Every call rides out transient faults through bot.retry; after an ambiguous one (a timeout, a
dropped connection, a 5xx) the channel's recent messages are read before sending again, so a
message the platform stored despite the failure is not posted twice. Each message also carries a
nonce that Discord enforces for a few minutes: discord.py itself re-sends a POST answered with
500, 502 or 504 (after 1, 3, 5, 7 s), blindly, and the nonce makes Discord return the message
such a repeat would have duplicated.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, Literal

import aiohttp
import discord

from bot.discord.buttons import CUSTOM_ID, view_for
from bot.discord.markup import NO_PINGS, embed_for, message_chunks, thread_name
from bot.retry import Fault, RetryPolicy
from bot.scheduler import Sent
from handlers.types import Post

log = logging.getLogger(__name__)
THREAD_ARCHIVE_MINUTES: Literal[1440] = 1440
HISTORY = 100
"""Recent messages searched for a post that may have landed (one request's worth)."""
CLOCK_SKEW = timedelta(seconds=30)
"""How far Discord's clock may be behind ours when looking for a message sent since a time."""
THREAD_EXISTS = 160004
NONCE_LENGTH = 25
"""Discord's longest nonce."""


def classify(error: BaseException) -> Fault:
    """Discord's and aiohttp's errors as retry faults (429s discord.py already waits out)."""
    if isinstance(error, discord.HTTPException):
        return Fault.AMBIGUOUS if error.status >= 500 else Fault.PERMANENT
    if isinstance(error, aiohttp.ClientConnectorError):
        return Fault.TRANSIENT  # never connected: nothing was sent
    if isinstance(error, aiohttp.ClientError | OSError):
        return Fault.AMBIGUOUS
    return Fault.PERMANENT


def drill_nonce(post: Post) -> str:
    """The same for every send of one drill to one channel (even after a restart)."""
    key = f"{post.channel}:{post.drill_id}".encode()
    return hashlib.sha256(key).hexdigest()[:NONCE_LENGTH]


def button_ids(post: Post) -> set[str]:
    return {CUSTOM_ID.format(action=b.action, value=b.value) for b in post.buttons}


def custom_ids(message: discord.Message) -> set[str]:
    found: set[str] = set()
    for row in message.components:
        for item in getattr(row, "children", [row]):
            if getattr(item, "custom_id", None):
                found.add(item.custom_id)
    return found


class DiscordSender:
    """Sends Posts; a channel that fails is reported to its server's admins once."""

    def __init__(
        self, client: discord.Client, fanout: int = 8, retry: RetryPolicy | None = None
    ) -> None:
        self.client = client
        self.retry = retry or RetryPolicy()
        self._fanout = asyncio.Semaphore(fanout)
        self._reported: set[str] = set()

    async def send_post(self, post: Post) -> Sent:
        """Send one post, a few at a time however many jobs fire at once; raises
        discord.HTTPException when its channel refuses it."""
        async with self._fanout:
            if post.user is not None:
                return await self._direct(post)
            try:
                if post.open_thread:
                    return await self._drill(post)
                return await self._text(post)
            except (discord.Forbidden, discord.NotFound) as error:
                await self._report(post, error)
                raise

    async def find_post(self, post: Post) -> Sent | None:
        """The drill message of this post in its channel's recent history (its thread opened
        if the bot stopped before opening it); None when it is not there or cannot be read."""
        async with self._fanout:
            try:
                channel = await self._messageable(post.channel)
                message = await self._drill_message(channel, post)
                if message is None:
                    return None
                return Sent(str(message.id), await self._open_thread(message, post))
            except (discord.Forbidden, discord.NotFound) as error:
                log.warning(
                    "cannot look for drill %s in %s: %s", post.drill_id, post.channel, error
                )
                return None

    async def send_posts(self, posts: Iterable[Post]) -> list[Sent | BaseException]:
        """Fan posts out concurrently, a few at a time; one channel's failure stops no other."""

        sends = (self.send_post(p) for p in posts)
        return list(await asyncio.gather(*sends, return_exceptions=True))

    async def _drill(self, post: Post) -> Sent:
        channel = await self._messageable(post.channel)
        message = await self.retry.run(
            lambda: channel.send(
                embed=embed_for(post.title, post.text),
                view=view_for(post.buttons) or discord.utils.MISSING,  # a drill has its buttons
                allowed_mentions=NO_PINGS,
                nonce=drill_nonce(post),
            ),
            classify,
            reconcile=lambda: self._drill_message(channel, post),
            what=f"drill {post.drill_id} to {post.channel}",
        )
        return Sent(str(message.id), await self._open_thread(message, post))

    async def _drill_message(
        self, channel: discord.abc.Messageable, post: Post
    ) -> discord.Message | None:
        """The bot's recent message carrying this drill's buttons."""
        wanted = button_ids(post)
        async for message in channel.history(limit=HISTORY):
            if self._ours(message) and custom_ids(message) & wanted:
                return message
        return None

    async def _open_thread(self, message: discord.Message, post: Post) -> str:
        """The drill's thread, created unless it exists (a thread has its message's id)."""

        async def create() -> str:
            try:
                thread = await message.create_thread(
                    name=thread_name(post.title, post.text),
                    auto_archive_duration=THREAD_ARCHIVE_MINUTES,
                )
            except discord.HTTPException as error:
                if error.code != THREAD_EXISTS:
                    raise
                return str(message.id)
            return str(thread.id)

        if message.thread is not None:
            return str(message.thread.id)
        return await self.retry.run(create, classify, what=f"thread of drill {post.drill_id}")

    async def _direct(self, post: Post) -> Sent:
        """A post for one person, as a direct message (a reveal has no interaction to answer
        ephemerally); raises discord.Forbidden when they do not accept direct messages."""
        assert post.user is not None
        user_id = int(post.user)
        found = self.client.get_user(user_id) or await self.retry.run(
            lambda: self.client.fetch_user(user_id), classify, what=f"user {post.user}"
        )
        if found is None:
            raise LookupError(f"user {post.user} is unknown to Discord")
        user = found

        async def send(chunk: str) -> discord.Message:
            return await user.send(chunk, allowed_mentions=NO_PINGS)

        first = ""
        for chunk in message_chunks(post.text) or ["…"]:
            message = await self.retry.run(
                partial(send, chunk), classify, what=f"direct message to {post.user}"
            )
            first = first or str(message.id)
        return Sent(first, None)

    async def _text(self, post: Post) -> Sent:
        messages = await self.post_text(post.thread or post.channel, post.text, post.buttons)
        return Sent(str(messages[0].id), post.thread)

    async def post_text(
        self, channel_id: str, markdown: str, buttons: Any = ()
    ) -> list[discord.Message]:
        """Post markdown in a channel or thread, split across messages within the limit, each
        retried through transient faults without being posted twice."""
        channel = await self._messageable(channel_id)
        chunks = message_chunks(markdown) or ["…"]
        view = view_for(buttons)
        sent: list[discord.Message] = []
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            kwargs: dict[str, Any] = {"view": view} if last and view is not None else {}
            since = datetime.now(UTC) - CLOCK_SKEW
            nonce = uuid.uuid4().hex[:NONCE_LENGTH]
            sent.append(
                await self.retry.run(
                    partial(channel.send, chunk, allowed_mentions=NO_PINGS, nonce=nonce, **kwargs),
                    classify,
                    reconcile=partial(self._landed, channel, chunk, since),
                    what=f"message to {channel_id}",
                )
            )
        return sent

    async def _landed(
        self, channel: discord.abc.Messageable, content: str, since: datetime
    ) -> discord.Message | None:
        """The bot's message with this content posted since a time, if the platform has it."""
        after = discord.Object(discord.utils.time_snowflake(since))
        async for message in channel.history(limit=HISTORY, after=after):
            if self._ours(message) and message.content == content:
                return message
        return None

    def _ours(self, message: discord.Message) -> bool:
        return self.client.user is not None and message.author.id == self.client.user.id

    async def _messageable(self, channel_id: str) -> discord.abc.Messageable:
        """The cached channel, else fetched: a thread needs the guild a cached channel knows."""
        found = self.client.get_channel(int(channel_id))
        if found is None:
            found = await self.retry.run(
                lambda: self.client.fetch_channel(int(channel_id)), classify, what="fetch channel"
            )
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
