"""After a restart or disconnect: fetch replies from open drill threads and record missed ones."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from handlers.coach import Coach

from .sender import SlackSender
from .translate import message_incoming

log = logging.getLogger(__name__)


async def catch_up_threads(coach: Coach, client: AsyncWebClient, sender: SlackSender) -> int:
    """Every open drill thread's replies go through coach.catch_up; returns how many were new."""
    store = coach.deps.store
    recorded = 0
    for drill in store.unrevealed_drills("slack"):
        channel = store.channel_by_id(drill.channel_id)
        if channel is None or not drill.thread_id:
            continue
        try:
            messages = await _thread_messages(client, channel.channel, drill.thread_id)
        except SlackApiError as error:
            # One unreadable thread (channel archived, bot removed) must not stop the others.
            log.warning("cannot read thread %s: %s", drill.thread_id, error.response.get("error"))
            continue
        for message in messages:
            body = {"team_id": channel.workspace, "event": {**message, "channel": channel.channel}}
            translated = message_incoming(body)
            if translated is None:
                continue
            replies = coach.catch_up(translated[0])
            recorded += bool(replies)
            await sender.deliver(replies, translated[1])
    return recorded


async def _thread_messages(client: AsyncWebClient, channel: str, thread: str) -> list[dict]:
    """All messages of a thread, following Slack's cursor pages."""
    messages: list[dict] = []
    cursor = None
    while True:
        response = await client.conversations_replies(
            channel=channel, ts=thread, cursor=cursor, limit=200
        )
        messages += response.get("messages") or []
        cursor = (response.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return messages
