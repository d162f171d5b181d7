"""The bolt listeners: /coach, thread replies, buttons and the Answer modal, each acked first."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.code_runs import call_core
from handlers.answering import refusal
from handlers.clock import Clock
from handlers.coach import Coach
from handlers.types import Incoming

from .admin import AdminCheck
from .dedupe import RecentIds
from .sender import SlackSender
from .translate import (
    ACTION_PREFIX,
    ANSWER_CALLBACK,
    COMMAND,
    Origin,
    button_action,
    command_incoming,
    message_incoming,
    submission_action,
    with_admin,
)
from .uploads import fetch_file, pack_upload

log = logging.getLogger(__name__)


class SlackListeners:
    """Translates bolt requests into core calls and the core's replies into Slack calls."""

    def __init__(self, coach: Coach, sender: SlackSender, admins: AdminCheck, clock: Clock) -> None:
        self.coach = coach
        self.sender = sender
        self.admins = admins
        self.clock = clock
        self.seen_events = RecentIds()

    def register(self, app: AsyncApp) -> None:
        """Attach every listener to the bolt app."""
        app.command(COMMAND)(self.on_command)
        app.event("message")(self.on_message)
        app.action(re.compile("^" + re.escape(ACTION_PREFIX)))(self.on_button)
        app.view(ANSWER_CALLBACK)(self.on_answer_submitted)

    async def on_command(self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        """/coach <subcommand>: ack at once (Slack's 3 s), then work and answer privately."""
        await ack()
        incoming, origin = command_incoming(body, self.clock.now())
        incoming = await self._with_admin(client, incoming)
        await self.sender.deliver(await call_core(self.coach, self.coach.handle, incoming), origin)

    async def on_message(self, body: dict[str, Any], context: AsyncBoltContext) -> None:
        """A message event (acked by bolt): thread replies are attempts, once per event_id."""
        event_id = str(body.get("event_id", ""))
        if not self.seen_events.first_time(event_id):
            log.info("ignoring a retried delivery of event %s", event_id)
            return
        if not self.coach.deliveries.first("slack", event_id):
            # Behind a load balancer Slack's retry may reach another process than the first.
            log.info("ignoring event %s: another process of the bot handled it", event_id)
            return
        upload = pack_upload(body)
        if upload is not None and context.client is not None:
            await self._pack_upload(context.client, *upload)
            return
        translated = message_incoming(body, context.bot_user_id or "")
        if translated is None or translated[0].user == context.bot_user_id:
            return
        incoming, origin = translated
        await self.sender.deliver(await call_core(self.coach, self.coach.handle, incoming), origin)

    async def _pack_upload(
        self, client: AsyncWebClient, incoming: Incoming, origin: Origin, file_id: str
    ) -> None:
        """A pack shared with `pack add`: fetched only for an admin, then added by the core."""
        incoming = await self._with_admin(client, incoming)
        if incoming.is_admin:
            fetched = await fetch_file(client, file_id)
            if isinstance(fetched, str):
                await self.sender.deliver(refusal(fetched), origin)
                return
            incoming = replace(incoming, attachment=fetched)
        await self.sender.deliver(await call_core(self.coach, self.coach.handle, incoming), origin)

    async def on_button(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """Answer opens the modal; Reveal for me and Skip answer privately."""
        await ack()
        action, origin = button_action(body, self.clock.now())
        if action.action == "answer":
            await self.sender.open_answer_modal(origin, body.get("trigger_id", ""), action.value)
            return
        await self.sender.deliver(await call_core(self.coach, self.coach.act, action), origin)

    async def on_answer_submitted(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """The Answer modal: close it, record the answer, send the verdict as an ephemeral."""
        await ack()
        action, origin = submission_action(body, self.clock.now())
        await self.sender.deliver(await call_core(self.coach, self.coach.act, action), origin)

    async def _with_admin(self, client: AsyncWebClient, incoming: Incoming) -> Incoming:
        is_admin = await self.admins.is_admin(client, incoming.workspace, incoming.user)
        return with_admin(incoming, is_admin)
