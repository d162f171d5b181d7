"""Puts the core's posts and replies on Slack: paced posts, thread replies, ephemerals, and
verdict reactions queued best-effort (bot/reactions.py) behind the text they follow.

Every Web API call rides out transient faults through bot.retry, each attempt taking its turn
with the pacer (which waits out 429s itself). After an ambiguous failure (a timeout, a dropped
connection, a 5xx) the channel or thread is read before posting again, so a message Slack stored
despite the failure is not posted twice: a drill is known by its buttons' values, any other page
by being the bot's own message with the same text since the send began.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from functools import partial
from typing import Any, TypeVar

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.pictures import png_of
from bot.reactions import ReactionQueue
from bot.retry import Fault, RetryPolicy
from bot.scheduler import Sent
from handlers.clock import Clock, SystemClock
from handlers.types import Picture, Post, Reply

from .blocks import EMOJI, Page, answer_modal, pages
from .faults import classify
from .pacing import Pacer
from .translate import ACTION_PREFIX, Origin, answer_metadata

ClientFor = Callable[[str], AsyncWebClient]
"""The Web API client of a workspace (one client for a single-workspace install)."""
T = TypeVar("T")
log = logging.getLogger(__name__)
HISTORY = 100
"""Recent messages searched for a post that may have landed (one request's worth)."""
CLOCK_SKEW = timedelta(seconds=30)
"""How far Slack's clock may be behind ours when looking for a message sent since a time."""
REACTIONS_PER_MINUTE = 50
"""reactions.add is Tier 3 ("50+ per minute" per workspace); the pacer spreads 95% of it
evenly, one reaction every 1.26 s, so a crowd meets no 429 storm."""
REACTION_CAPACITY = 50
"""Reactions held at most: about a minute of that pace. The person has had the private verdict
before the reaction was queued, so a reaction later than a minute adds little, while a longer
queue only holds more closures and answers the crowd later still."""
REACTION_SENDERS = 2
"""Reactions in flight at most. One sender keeps a workspace's pace busy (its round trip
overlaps the 1.26 s spacing); a second lets another channel or workspace go on while one
reaction sits out a Retry-After or a slow answer. More would only wait at the same pacer and
wake together after a 429."""


def button_keys(post: Post) -> set[tuple[str, str]]:
    return {(ACTION_PREFIX + b.action, b.value) for b in post.buttons}


def message_buttons(message: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (str(element.get("action_id")), str(element.get("value")))
        for block in message.get("blocks") or ()
        if block.get("type") == "actions"
        for element in block.get("elements") or ()
    }


def section_texts(blocks: Sequence[dict[str, Any]]) -> list[str]:
    """The mrkdwn of a message's sections: what Slack keeps as sent (it adds block ids)."""
    return [b["text"].get("text", "") for b in blocks if b.get("type") == "section"]


class SlackSender:
    """The Slack side of the core's Sender, plus delivery of replies to an event."""

    def __init__(
        self,
        client_for: ClientFor,
        pacer: Pacer,
        retry: RetryPolicy | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._client_for = client_for
        self._pacer = pacer
        self.retry = retry or RetryPolicy()
        self._clock = clock or SystemClock()
        self._bots: dict[str, frozenset[str]] = {}
        # reactions.add has a budget of its own (Tier 3), apart from the posts' pacer.
        self._reaction_pacer = Pacer(
            self._clock,
            sleep=self.retry.sleep,
            per_channel_interval=0.0,
            per_workspace_minute=REACTIONS_PER_MINUTE,
        )
        self.reactions = ReactionQueue(
            REACTION_CAPACITY,
            REACTION_SENDERS,
            (SlackClientError, aiohttp.ClientError, OSError, TimeoutError),
            fallback="its verdict was sent privately before its reaction was queued",
        )
        """Verdict reactions waiting for reactions.add's rate limit (bot/reactions.py)."""

    async def send_post(self, post: Post) -> Sent:
        """Post in the channel (or a thread); a drill's own ts becomes its thread. A "direct"
        post (a reminder) goes to one person's direct messages with the app; another post for
        one person (post.user) is an ephemeral message to them in the drill's thread."""
        if post.kind == "direct" and post.user is not None:
            channel = await self._direct_channel(post.workspace, post.user)
            first = await self._post_pages(
                post.workspace, channel, None, post.text, post.title, post.buttons
            )
            return Sent(message_id=first, thread_id=None)
        if post.user is not None:
            origin = Origin(post.workspace, post.channel, post.user, thread_ts=post.thread or "")
            await self._ephemeral(origin, Reply(post.text, ephemeral=True))
            return Sent(message_id="", thread_id=post.thread)
        first = await self._post_pages(
            post.workspace, post.channel, post.thread, post.text, post.title, post.buttons, post
        )
        thread = post.thread or (first if post.open_thread else None)
        return Sent(message_id=first, thread_id=thread)

    async def find_post(self, post: Post) -> Sent | None:
        """The drill message of this post among its channel's recent messages (on Slack its ts
        is its thread); None when it is not there or the channel cannot be read."""
        try:
            ts = await self.retry.run(
                lambda: self._drill_message(post),
                classify,
                what=f"looking for drill {post.drill_id} in {post.channel}",
            )
        except SlackApiError as error:
            if classify(error) is not Fault.PERMANENT:
                raise  # still failing: the next catch-up looks again
            log.warning("cannot look for drill %s in %s: %s", post.drill_id, post.channel, error)
            return None
        if ts is None:
            return None
        return Sent(message_id=ts, thread_id=post.thread or (ts if post.open_thread else None))

    async def deliver(self, replies: Sequence[Reply], origin: Origin) -> None:
        """Say the core's replies to the person or thread an event came from; a verdict's
        reaction is queued after its text, never awaited (bot/reactions.py)."""
        for reply in replies:
            try:
                await self._say(reply, origin)
            finally:
                if reply.reaction is not None and origin.ts:
                    self._react(origin, EMOJI[reply.reaction])

    async def _say(self, reply: Reply, origin: Origin) -> None:
        if reply.picture is not None:
            await self._picture(origin, reply.picture)
        if not reply.text.strip():
            return
        if reply.ephemeral:
            await self._ephemeral(origin, reply)
        else:
            thread = reply.thread or origin.thread_ts or None
            await self._post_pages(
                origin.team, origin.channel, thread, reply.text, "", reply.buttons
            )

    async def _direct_channel(self, team: str, user: str) -> str:
        """The app's direct-message channel with a person (opened if it is not yet)."""
        client = self._client_for(team)
        opened = await self.call(lambda: client.conversations_open(users=user), "open a DM")
        return str(opened["channel"]["id"])

    async def _picture(self, origin: Origin, picture: Picture) -> None:
        """A picture for one person: uploaded to their direct messages with the app (a file
        cannot be ephemeral), with its alt text."""
        png = await png_of(picture)
        channel = await self._direct_channel(origin.team, origin.user)
        client = self._client_for(origin.team)
        await self.call(
            lambda: client.files_upload_v2(
                channel=channel,
                file=png,
                filename=picture.filename,
                title=picture.title,
                alt_txt=picture.alt[:1000],
            ),
            "picture upload",
        )

    async def open_answer_modal(self, origin: Origin, trigger_id: str, value: str) -> None:
        """Open the Answer modal (within the trigger's 3 seconds)."""
        view = answer_modal(answer_metadata(origin, value))
        client = self._client_for(origin.team)
        await self.call(lambda: client.views_open(trigger_id=trigger_id, view=view), "modal")

    async def call(self, call: Callable[[], Awaitable[T]], what: str) -> T:
        """An unpaced call, retried: one whose repeat is harmless (a private message seen by
        one person, a modal, a read) or refused by Slack (an expired trigger)."""
        return await self.retry.run(
            lambda: self._pacer.retrying(lambda: self.retry.within(call)),
            classify,
            what=what,
            timed=False,
        )

    async def _post_pages(
        self,
        team: str,
        channel: str,
        thread: str | None,
        text: str,
        title: str,
        buttons: Any,
        post: Post | None = None,
    ) -> str:
        """Post every page of a text; the first page's ts is returned, the rest follow in thread."""
        client = self._client_for(team)
        first = ""
        for page in pages(text, title, buttons):
            args = {"channel": channel, "text": page.text, "blocks": page.blocks}
            target = thread or first or None
            if target:
                args["thread_ts"] = target

            async def send(a: dict[str, Any] = args) -> str:
                response = await self._pacer.paced(
                    team, channel, lambda: self.retry.within(lambda: client.chat_postMessage(**a))
                )
                return str(response["ts"])

            landed = self._finder(team, channel, target, page, post)
            ts = await self.retry.run(
                send, classify, reconcile=landed, what=f"message to {channel}", timed=False
            )
            first = first or ts
        return first

    def _finder(
        self, team: str, channel: str, thread: str | None, page: Page, post: Post | None
    ) -> Callable[[], Awaitable[str | None]]:
        """How to tell that this page landed: a drill by its buttons, else by its content."""
        if post is not None and post.open_thread and thread is None:
            return lambda: self._drill_message(post)
        since = self._oldest()
        return lambda: self._landed(team, channel, thread, page, since)

    async def _drill_message(self, post: Post) -> str | None:
        """The ts of the bot's recent message carrying this drill's buttons."""
        wanted = button_keys(post)
        for message in await self._recent(post.workspace, post.channel, None, None):
            if message_buttons(message) & wanted and await self._ours(post.workspace, message):
                return str(message["ts"])
        return None

    async def _landed(
        self, team: str, channel: str, thread: str | None, page: Page, oldest: str
    ) -> str | None:
        """The ts of the bot's message with this page's content posted since a time, if any."""
        sections = section_texts(page.blocks)
        for message in await self._recent(team, channel, thread, oldest):
            same = message.get("text") == page.text
            same = same and section_texts(message.get("blocks") or []) == sections
            if same and await self._ours(team, message):
                return str(message["ts"])
        return None

    async def _recent(
        self, team: str, channel: str, thread: str | None, oldest: str | None
    ) -> list[dict[str, Any]]:
        """A channel's (or a thread's) latest messages, newest first on Slack's side."""
        client = self._client_for(team)
        args: dict[str, Any] = {"channel": channel, "limit": HISTORY}
        if oldest is not None:
            args["oldest"] = oldest
        if thread:
            call = partial(client.conversations_replies, ts=thread, **args)
        else:
            call = partial(client.conversations_history, **args)
        response = await self._pacer.retrying(lambda: self.retry.within(call))
        return list(response.get("messages") or [])

    async def _ours(self, team: str, message: dict[str, Any]) -> bool:
        """Whether a message was posted by this bot (its bot id or bot user)."""
        if team not in self._bots:
            client = self._client_for(team)
            me = await self._pacer.retrying(lambda: self.retry.within(client.auth_test))
            self._bots[team] = frozenset(str(me.get(k)) for k in ("bot_id", "user_id") if me.get(k))
        return bool({message.get("bot_id"), message.get("user")} & self._bots[team])

    def _oldest(self) -> str:
        return f"{(self._clock.now() - CLOCK_SKEW).timestamp():.6f}"

    async def _ephemeral(self, origin: Origin, reply: Reply) -> None:
        client = self._client_for(origin.team)
        for page in pages(reply.text, "", reply.buttons):
            args: dict[str, Any] = {
                "channel": origin.channel,
                "user": origin.user,
                "text": page.text,
                "blocks": page.blocks,
            }
            if reply.thread or origin.thread_ts:
                args["thread_ts"] = reply.thread or origin.thread_ts
            # Ephemerals are not in history: after an ambiguous failure one person may see a
            # private verdict twice, which beats not seeing it at all.
            await self.call(partial(client.chat_postEphemeral, **args), "private reply")

    def _react(self, origin: Origin, emoji: str) -> None:
        """Queue a verdict reaction on the answer; it goes at reactions.add's own pace."""
        client = self._client_for(origin.team)
        channel = (origin.team, origin.channel)

        async def once() -> None:
            try:
                await self.retry.within(
                    lambda: client.reactions_add(
                        channel=origin.channel, timestamp=origin.ts, name=emoji
                    )
                )
            except SlackApiError as error:
                # An edited answer gets the same verdict again, or an earlier try landed after
                # all: that reaction is already there.
                if error.response.get("error") != "already_reacted":
                    raise

        async def add() -> None:
            paced = partial(self._reaction_pacer.paced, origin.team, origin.channel, once)
            await self.retry.run(paced, classify, what="reaction", timed=False)

        self.reactions.add(channel, origin.ts, add)
