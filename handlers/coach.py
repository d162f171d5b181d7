"""The core's entry point for platform adapters.

Adapters build one `Coach` (bot/runtime.py does it) and call:

    Coach(store: Store, bank: Bank, clock: Clock, settings: CoachSettings, pending, grader)
    coach.handle(incoming: Incoming) -> list[Reply]
        A message: a `/coach ...` command (grammar in handlers/commands.py), or a reply in a
        drill's thread (an attempt, idempotent on incoming.message_id; send edits again with
        edited=True). Anything else returns [] (ordinary chatter is not ours).
    coach.act(action: Action) -> list[Reply]
        A button press: "answer" (action.incoming.text holds the modal's text), "reveal_me",
        "skip"; action.value is the Button.value the core put on the post ("drill:<id>" or
        "practice:<id>").
    coach.catch_up(incoming: Incoming) -> list[Reply]
        A thread reply fetched from history after a disconnect: recorded like handle(), but []
        when that message id was already recorded, so nothing is reacted to twice.
    coach.daily: handlers.daily.Daily
        The scheduling side, driven by bot/scheduler.py: channels(platform),
        due_drills(platform, now), claim(cfg, now) / claim_channel(channel_id, now) -> Post |
        None, take_send(drill_id) -> bool, give_back_send(drill_id, unsent),
        mark_posted(drill_id, message_id, thread_id), take_reveal(drill_id) -> bool,
        unposted(platform, now), pending_reveals(platform), reveal_at(drill_id),
        due_reveals(platform, now), reveal_post(drill_id), reveal_feedback(drill_id) (each
        answerer's private key-point feedback, "feedback" Posts for one user each),
        mark_revealed(drill_id); serve_only(workspaces) for a process running some shards.
    coach.deliveries.first(platform, event_id) -> bool
        Whether an event (Slack's event_id) is new to every process of the bot.
    coach.open_threads(platform) -> list[OpenThread]
        Every posted drill's thread still open for answers: adapters read their replies after
        a disconnect and pass each to catch_up().
    coach.channel_or_default(platform, workspace, channel, tz) -> ChannelConfig,
    coach.open_drill(cfg) -> OpenDrill | None, coach.open_practice(incoming) -> OpenPractice | None
        A channel's setup (created the first time), its open drill, a person's unanswered
        practice question: what the terminal shows and where it sends a typed line.
    coach.checkpoint()
        The store's housekeeping (the scheduler runs it every minute).
    coach.on_channel_change(callback)
        Called with the ChannelConfig after setup/pause/resume (the scheduler rebuilds its job).
    coach.flush() -> int
        Write the events kept while the store was unavailable (bot/runtime.py runs it on a
        timer; the next event runs it too). coach.waiting() tells how many wait.
    coach.store_failed(err), coach.store_back()
        The scheduler's own writes meet the same outages: it reports them here, so the outage
        is logged once, and says when its own backlog is done.

What happens on an event is decided by handlers/routing.py (the `Router`); the commands are one
table, handlers/command_table.py. `Coach` is the guard around the router:
when the store cannot write (`StoreUnavailable`: disk full, database locked, connection lost),
an answer or a setup change is kept in memory (handlers/pending.py) and the person is told it
will be recorded shortly; lookups get "try again in a minute". Kept events are replayed in
order, at the time they arrived, before anything newer is written.

Replies are neutral markdown; `ephemeral=True` means only the asking person should see it, and
`reaction` is the verdict to show on the person's message. The core never echoes user text
without handlers.text.quote, so nothing it says can ping a crowd.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Literal, TypeVar

from content.bank import Bank
from content.checkers.code.program import CodeRunner, Program
from handlers import lookups, packs
from handlers.answering import refusal
from handlers.attempts import discussion_reason
from handlers.clock import Clock, ManualClock
from handlers.code_answers import program_for
from handlers.commands import is_command
from handlers.context import CoachSettings, Deps
from handlers.daily import Daily
from handlers.deliveries import Deliveries
from handlers.grading import Grader
from handlers.pending import FULL, KEPT_ANSWER, KEPT_CHANGE, TRY_LATER, Kept, Pending
from handlers.routing import Router, command_writes
from handlers.types import Action, Incoming, OpenDrill, OpenPractice, OpenThread, Reply
from handlers.views import Views
from storage.errors import StoreUnavailable
from storage.records import ChannelConfig
from storage.store import Store

log = logging.getLogger(__name__)

Event = TypeVar("Event", Incoming, Action)
Kind = Literal["ignore", "read", "answer", "change", "unknown"]
"""What an event is, for keeping it: not ours, a lookup, a recorded answer, a setup change, or
a thread message whose thread could not be looked up (kept quietly: it may be an answer)."""


class Coach:
    """Everything the drill does, for any platform: the router, guarded against store outages."""

    def __init__(
        self,
        store: Store,
        bank: Bank,
        clock: Clock,
        settings: CoachSettings | None = None,
        pending: Pending | None = None,
        code_runner: CodeRunner | None = None,
        grader: Grader | None = None,
    ) -> None:
        self.deps = Deps(
            store,
            bank,
            clock,
            settings or CoachSettings(),
            code_runner=code_runner,
            grader=grader,
        )
        packs.ensure_loaded(self.deps)
        self.daily = Daily(self.deps)
        self.deliveries = Deliveries(self.deps)
        self.views = Views(self.deps)
        self.pending = pending if pending is not None else Pending(clock)
        self._router = Router(self.deps)
        self._replay_clock = ManualClock(clock.now())
        # Kept events run as of when they arrived: a router of their own, on a clock set back.
        self._replayer = Router(replace(self.deps, clock=self._replay_clock))

    def on_channel_change(self, callback: Callable[[ChannelConfig], None]) -> None:
        """Register a callback run after a channel's setup changes."""
        self.deps.on_channel_change.append(callback)

    def handle(self, incoming: Incoming) -> list[Reply]:
        """Answer a message: a /coach command, or an attempt in a drill thread."""
        return self._guarded(incoming, self._router.message)

    def catch_up(self, incoming: Incoming) -> list[Reply]:
        """Record a reply found in a thread's history; [] when it was already recorded."""
        return self._guarded(incoming, self._router.catch_up)

    def act(self, action: Action) -> list[Reply]:
        """Answer a button press (or the modal submitted from one)."""
        return self._guarded(action, self._router.act)

    @property
    def code_runner(self) -> CodeRunner | None:
        """The sandbox code answers run in; None when code answers are off on this host."""
        return self.deps.code_runner

    def code_program(self, event: Incoming | Action) -> Program | None:
        """The sandboxed run this event's answer needs, for the adapter to start off the loop."""
        return program_for(self.deps, event)

    def waiting(self) -> int:
        """How many kept events wait for the store."""
        return len(self.pending)

    def store_failed(self, err: StoreUnavailable) -> None:
        """A write outside an event (the scheduler's) met an outage: remember it, log it once."""
        self.pending.failed(err)

    def store_back(self) -> None:
        """A writer outside events caught up after an outage: over, unless events still wait."""
        if not len(self.pending):
            self.pending.recovered()

    # -- lookups for adapters ----------------------------------------------------------------

    def open_threads(self, platform: str) -> list[OpenThread]:
        """Every posted drill's thread still open for answers (read again at catch-up)."""
        return self.daily.open_threads(platform)

    def channel_or_default(
        self, platform: str, workspace: str, channel: str, tz: str
    ) -> ChannelConfig:
        """A channel's setup, created with the defaults the first time (the terminal's)."""
        return lookups.channel_or_default(self.deps, platform, workspace, channel, tz)

    def open_drill(self, cfg: ChannelConfig) -> OpenDrill | None:
        """A channel's drill open for answers, with its prompt."""
        return lookups.open_drill(self.deps, cfg)

    def latest_drill_day(self, cfg: ChannelConfig) -> date | None:
        """The day of a channel's latest drill, whatever the clock says."""
        return lookups.latest_drill_day(self.deps, cfg)

    def open_practice(self, incoming: Incoming) -> OpenPractice | None:
        """The person's practice question waiting for an answer, with its prompt."""
        return lookups.open_practice(self.deps, incoming)

    def checkpoint(self) -> None:
        """The store's periodic housekeeping (the scheduler runs it every minute)."""
        self.deps.store.checkpoint()

    def flush(self) -> int:
        """Write kept events oldest first until the store refuses one; return how many."""
        pending = self.pending
        pending.expire()
        written = 0
        while (kept := pending.oldest()) is not None:
            try:
                self._replay(kept)
            except StoreUnavailable as err:
                pending.failed(err)
                return written
            except Exception:
                # Any other failure would fail again at every flush and hold back all the rest.
                log.exception("a kept %s could not be replayed: dropped", type(kept.event).__name__)
                pending.dropped += 1
            else:
                written += 1
            pending.done()
        if written:
            pending.recovered(written)
        return written

    # -- the store's outages ---------------------------------------------------------------

    def _guarded(self, event: Event, run: Callable[[Event], list[Reply]]) -> list[Reply]:
        """Run an event; when the store cannot take it, keep it for later or say so."""
        pending = self.pending
        if len(pending) and pending.may_retry():
            self.flush()
        if len(pending):
            # Older events still wait for the store: nothing newer may be written before them.
            kind = self._kind(event)
            return self._try_read(event, run) if kind == "read" else self._keep(event, kind)
        try:
            replies = run(event)
        except StoreUnavailable as err:
            pending.failed(err)
            return self._keep(event, self._kind(event))
        if pending.unavailable and self._kind(event) in ("answer", "change"):
            pending.recovered()
        return replies

    def _try_read(self, event: Event, run: Callable[[Event], list[Reply]]) -> list[Reply]:
        try:
            return run(event)
        except StoreUnavailable as err:
            self.pending.failed(err)
            return refusal(TRY_LATER)

    def _keep(self, event: Incoming | Action, kind: Kind) -> list[Reply]:
        """Keep a write the store refused and tell the person; a lookup is just refused."""
        if kind == "ignore":
            return []
        if kind == "read":
            return refusal(TRY_LATER)
        if not self.pending.keep(event):
            return [] if kind == "unknown" else refusal(FULL)
        if kind == "answer":
            return [Reply(KEPT_ANSWER, ephemeral=True, reaction="received")]
        return refusal(KEPT_CHANGE) if kind == "change" else []

    def _kind(self, event: Incoming | Action) -> Kind:
        """What an event would write, decided without writing (one lookup for a thread reply)."""
        if isinstance(event, Action):
            return "answer" if event.action == "answer" else "read"
        if is_command(event.text):
            writes = command_writes(event)
            return writes if writes in ("answer", "change") else "read"
        if event.thread is None or discussion_reason(event):
            return "ignore"  # talk in a thread is never an answer, so nothing to keep
        try:
            return "answer" if self._router.thread_drill(event) is not None else "ignore"
        except StoreUnavailable:
            return "unknown"

    def _replay(self, kept: Kept) -> None:
        """Run a kept event as it would have run when it arrived; its replies were given then."""
        self._replay_clock.set(kept.at)
        if isinstance(kept.event, Action):
            self._replayer.act(kept.event)
        else:
            self._replayer.message(kept.event)
