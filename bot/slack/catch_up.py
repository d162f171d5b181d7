"""After a restart or disconnect: fetch replies from open drill threads and record missed ones."""

from __future__ import annotations

import logging
from functools import partial

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.code_runs import call_core
from handlers.coach import Coach

from .sender import SlackSender
from .translate import message_incoming

log = logging.getLogger(__name__)


async def catch_up_threads(coach: Coach, client: AsyncWebClient, sender: SlackSender) -> int:
    """Every open drill thread's replies go through coach.catch_up; returns how many were new."""
    recorded = 0
    for thread in coach.open_threads("slack"):
        try:
            messages = await _thread_messages(client, sender, thread.channel, thread.thread)
        except SlackApiError as error:
            # One unreadable thread (channel archived, bot removed) must not stop the others.
            log.warning("cannot read thread %s: %s", thread.thread, error.response.get("error"))
            continue
        for message in messages:
            body = {"team_id": thread.workspace, "event": {**message, "channel": thread.channel}}
            translated = message_incoming(body)
            if translated is None:
                continue
            replies = await call_core(coach, coach.catch_up, translated[0])
            recorded += bool(replies)
            await sender.deliver(replies, translated[1])
    return recorded


async def _thread_messages(
    client: AsyncWebClient, sender: SlackSender, channel: str, thread: str
) -> list[dict]:
    """All messages of a thread, following Slack's cursor pages; a rate limit or a passing
    fault is waited out (conversations.replies allows ~50 calls a minute), not skipped."""
    messages: list[dict] = []
    cursor = None
    while True:
        response = await sender.call(
            partial(
                client.conversations_replies, channel=channel, ts=thread, cursor=cursor, limit=200
            ),
            "thread read",
        )
        messages += response.get("messages") or []
        cursor = (response.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return messages
