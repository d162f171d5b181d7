"""Puts the core's posts and replies on Slack: paced posts, thread replies, ephemerals."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.scheduler import Sent
from handlers.types import Post, Reply

from .blocks import EMOJI, answer_modal, pages
from .pacing import Pacer
from .translate import Origin, answer_metadata

ClientFor = Callable[[str], AsyncWebClient]
"""The Web API client of a workspace (one client for a single-workspace install)."""


class SlackSender:
    """The Slack side of the core's Sender, plus delivery of replies to an event."""

    def __init__(self, client_for: ClientFor, pacer: Pacer) -> None:
        self._client_for = client_for
        self._pacer = pacer

    async def send_post(self, post: Post) -> Sent:
        """Post in the channel (or a thread); a drill's own ts becomes its thread."""
        first = await self._post_pages(
            post.workspace, post.channel, post.thread, post.text, post.title, post.buttons
        )
        thread = post.thread or (first if post.open_thread else None)
        return Sent(message_id=first, thread_id=thread)

    async def deliver(self, replies: Sequence[Reply], origin: Origin) -> None:
        """Say the core's replies to the person or thread an event came from."""
        for reply in replies:
            if reply.reaction is not None and origin.ts:
                await self._react(origin, EMOJI[reply.reaction])
            if not reply.text.strip():
                continue
            if reply.ephemeral:
                await self._ephemeral(origin, reply)
            else:
                thread = reply.thread or origin.thread_ts or None
                await self._post_pages(
                    origin.team, origin.channel, thread, reply.text, "", reply.buttons
                )

    async def open_answer_modal(self, origin: Origin, trigger_id: str, value: str) -> None:
        """Open the Answer modal (within the trigger's 3 seconds)."""
        view = answer_modal(answer_metadata(origin, value))
        client = self._client_for(origin.team)
        await self._pacer.retrying(lambda: client.views_open(trigger_id=trigger_id, view=view))

    async def _post_pages(
        self,
        team: str,
        channel: str,
        thread: str | None,
        text: str,
        title: str,
        buttons: Any,
    ) -> str:
        """Post every page of a text; the first page's ts is returned, the rest follow in thread."""
        client = self._client_for(team)
        first = ""
        for page in pages(text, title, buttons):
            args = {"channel": channel, "text": page.text, "blocks": page.blocks}
            target = thread or first or None
            if target:
                args["thread_ts"] = target
            response = await self._pacer.paced(
                team, channel, lambda a=args: client.chat_postMessage(**a)
            )
            first = first or str(response["ts"])
        return first

    async def _ephemeral(self, origin: Origin, reply: Reply) -> None:
        client = self._client_for(origin.team)
        for page in pages(reply.text, "", reply.buttons):
            args = {
                "channel": origin.channel,
                "user": origin.user,
                "text": page.text,
                "blocks": page.blocks,
            }
            if reply.thread or origin.thread_ts:
                args["thread_ts"] = reply.thread or origin.thread_ts
            await self._pacer.retrying(lambda a=args: client.chat_postEphemeral(**a))

    async def _react(self, origin: Origin, emoji: str) -> None:
        client = self._client_for(origin.team)
        try:
            await self._pacer.retrying(
                lambda: client.reactions_add(
                    channel=origin.channel, timestamp=origin.ts, name=emoji
                )
            )
        except SlackApiError as error:
            # An edited answer gets the same verdict again: that reaction is already there.
            if error.response.get("error") != "already_reacted":
                raise
