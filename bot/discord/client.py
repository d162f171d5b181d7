"""The Discord client: gateway events and interactions in, the core's replies out."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, TypeVar

import discord
from discord import app_commands

from bot.catch_ups import CatchUpIncomplete, CatchUps
from bot.code_runs import prefetch
from bot.discord.buttons import AnswerModal, DrillButton
from bot.discord.catchup import missed_messages
from bot.discord.commands import CoachCommands
from bot.discord.config import DiscordSettings, intents
from bot.discord.identify import IdentifyBuckets
from bot.discord.markup import NO_PINGS
from bot.discord.pacing import RequestPacer
from bot.discord.reactions import reaction_queue
from bot.discord.replies import DEFER_AFTER, answer_interaction, answer_message, within_deadline
from bot.discord.sender import DiscordSender
from bot.discord.translate import from_interaction, from_message
from bot.discord.uploads import fetch_attachment
from bot.retry import RetryPolicy
from handlers.answering import refusal
from handlers.coach import Coach
from handlers.types import Action, Incoming, Reply

log = logging.getLogger(__name__)
COMMAND_PREFIX = "/coach"


Event = TypeVar("Event", Incoming, Action)


async def _call(
    coach: Coach,
    method: Callable[[Event], list[Reply] | Awaitable[list[Reply]]],
    argument: Event,
) -> list[Reply]:
    """Call a core entry point, sync (the SQLite core) or async alike, code run off the loop."""
    await prefetch(coach, argument)
    result = method(argument)
    if inspect.isawaitable(result):
        result = await result
    return list(result)


class CoachBot(discord.Client):
    """One bot process on Discord, driving the core through handle/act/catch_up."""

    def __init__(
        self,
        coach: Coach,
        settings: DiscordSettings,
        *,
        defer_after: float = DEFER_AFTER,
        **options: Any,
    ) -> None:
        self.pacer = RequestPacer(settings.requests_per_second)
        # The coach never joins voice: discord.py's warnings about its missing voice libraries
        # (two lines at every start) say nothing about this bot.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            intents=intents(settings),
            allowed_mentions=NO_PINGS,
            http_trace=self.pacer.trace_config(),
            **options,
        )
        self.coach = coach
        self.settings = settings
        self.defer_after = defer_after
        self.tree = app_commands.CommandTree(self)
        self.tree.add_command(CoachCommands())
        retry = RetryPolicy(attempts=settings.send_attempts, timeout=settings.send_timeout)
        self.sender = DiscordSender(self, settings.fanout, retry)
        self.reactions = reaction_queue()
        """Verdict reactions waiting for Discord's rate limits (bot/discord/reactions.py)."""
        self.first_ready: list[Callable[[], Awaitable[None]]] = []
        """Run once, at the first READY (the scheduler starts once guilds are known)."""
        self.last_seen: dict[int, int] = {}
        """Thread id -> the last message read, so a reconnect fetches only what it missed."""
        self.read_since_connect: set[int] = set()
        """Threads whose history was read since the last connection: only their marks may move
        with live messages (a live reply in a thread not read yet would skip what was missed)."""
        self._connected = False
        self.catch_ups = CatchUps(self.catch_up)
        """Catch-up passes in the background, at each READY and again after one that failed."""

    async def setup_hook(self) -> None:
        self.add_dynamic_items(DrillButton)

    # ----- typed messages --------------------------------------------------------------------

    def _is_for_us(self, message: discord.Message) -> bool:
        if message.author.bot or message.guild is None or not message.content.strip():
            # Without the message-content intent the text is empty: the slash command and
            # the buttons are then the way to answer.
            return False
        return isinstance(message.channel, discord.Thread) or message.content.lstrip().startswith(
            COMMAND_PREFIX
        )

    async def on_message(self, message: discord.Message) -> None:
        if message.channel.id in self.read_since_connect:
            self.last_seen[message.channel.id] = message.id
        if self._is_for_us(message):
            incoming = from_message(message, self.settings.admin_role, self.user)
            await answer_message(
                self, message, await _call(self.coach, self.coach.handle, incoming)
            )

    async def on_message_edit(self, before: discord.Message, after: discord.Message) -> None:
        if before.content != after.content and self._is_for_us(after):
            incoming = replace(
                from_message(after, self.settings.admin_role, self.user), edited=True
            )
            await answer_message(self, after, await _call(self.coach, self.coach.handle, incoming))

    # ----- catch-up --------------------------------------------------------------------------

    async def on_ready(self) -> None:
        self._connected = True
        hooks, self.first_ready = self.first_ready, []
        for hook in hooks:
            await hook()
        self.catch_ups.request()

    async def on_disconnect(self) -> None:
        self._connected = False
        # Until a catch-up reads them again, live replies must not move the threads' marks.
        self.read_since_connect.clear()

    async def on_resumed(self) -> None:
        self._connected = True
        # A resumed session replays every event missed meanwhile: the marks stay exact.
        self.read_since_connect.update(self.last_seen)

    def gateway_connected(self) -> bool:
        """Whether the gateway session is up now (is_ready() stays true through an outage)."""
        return self._connected and not self.is_closed()

    async def close(self) -> None:
        await self.catch_ups.close()
        await super().close()

    async def catch_up(self) -> int:
        """Record replies posted in open drill threads while the bot was away; how many.
        Raises when a thread could not be read for a passing reason (the pass is retried)."""
        recorded = 0
        unread = []
        for thread in self.coach.open_threads("discord"):
            thread_id = int(thread.thread)
            try:
                async for message in missed_messages(self, thread, self.last_seen.get(thread_id)):
                    incoming = from_message(message, self.settings.admin_role, self.user)
                    replies = await _call(self.coach, self.coach.catch_up, incoming)
                    self.last_seen[thread_id] = message.id
                    recorded += bool(replies)
                    await answer_message(self, message, replies)
            except (discord.Forbidden, discord.NotFound) as error:
                log.warning("cannot read thread %s: %s", thread.thread, error)
            except (discord.HTTPException, OSError) as error:
                log.warning("catch-up of thread %s failed: %s", thread.thread, error)
                unread.append(thread.thread)
            else:
                self.read_since_connect.add(thread_id)
        if unread:
            raise CatchUpIncomplete(f"{len(unread)} thread(s) unread, {recorded} replies recorded")
        return recorded

    # ----- interactions ----------------------------------------------------------------------

    def _incoming(self, interaction: discord.Interaction, text: str) -> Incoming:
        return from_interaction(interaction, text, self.settings.admin_role)

    async def _answer(self, interaction: discord.Interaction, work: Awaitable[list[Reply]]) -> None:
        replies = await within_deadline(interaction, work, self.defer_after)
        await answer_interaction(interaction, replies)

    async def on_command_text(
        self, interaction: discord.Interaction, text: str, upload: discord.Attachment | None = None
    ) -> None:
        """A /coach subcommand, as the core's command text, with the file attached to it."""

        async def work() -> list[Reply]:
            incoming = self._incoming(interaction, text)
            if upload is not None:
                fetched = await fetch_attachment(upload)
                if isinstance(fetched, str):
                    return refusal(fetched)
                incoming = replace(incoming, attachment=fetched)
            return await _call(self.coach, self.coach.handle, incoming)

        await self._answer(interaction, work())

    async def on_drill_button(
        self, interaction: discord.Interaction, action: str, value: str
    ) -> None:
        """Answer opens the modal; the other buttons go straight to the core."""
        if action == "answer":
            await interaction.response.send_modal(AnswerModal(value))
            return
        action_ = Action(self._incoming(interaction, ""), action, value)
        await self._answer(interaction, _call(self.coach, self.coach.act, action_))

    async def on_answer_modal(
        self, interaction: discord.Interaction, value: str, text: str
    ) -> None:
        """The modal's answer, checked by the core; the verdict comes back privately."""
        action = Action(self._incoming(interaction, text), "answer", value)
        await self._answer(interaction, _call(self.coach, self.coach.act, action))


class PacedIdentify(discord.AutoShardedClient):
    """discord.py's AutoShardedClient (it runs the process's shards), IDENTIFYing in Discord's
    `max_concurrency` buckets (bot/discord/identify.py) instead of one every 5 seconds."""

    identify_buckets: IdentifyBuckets | None = None

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        if self.identify_buckets is None:
            limits = await self.fetch_session_start_limits()
            self.identify_buckets = IdentifyBuckets(limits.max_concurrency)
        await self.identify_buckets.wait_turn(shard_id or 0)


def coach_bot(
    coach: Coach, settings: DiscordSettings, bot: type[CoachBot] = CoachBot, **options: Any
) -> CoachBot:
    """The bot for these settings: sharded when DISCORD_SHARD_COUNT is set, else as ever.

    `bot` is the unsharded class (tests pass a subclass); sharded, it is mixed with
    PacedIdentify. The core is told to serve only the shards' servers (handlers.shards).
    """
    shards = settings.shards
    if shards is None:
        return bot(coach, settings, **options)
    coach.daily.serve_only(shards.owns)
    sharded = type(f"Sharded{bot.__name__}", (bot, PacedIdentify), {})
    return sharded(
        coach, settings, shard_count=shards.count, shard_ids=sorted(shards.ids), **options
    )
