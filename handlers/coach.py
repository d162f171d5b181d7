"""The core's entry point for platform adapters.

Adapters build one `Coach` (bot/runtime.py does it) and call:

    Coach(store: Store, bank: Bank, clock: Clock, settings: CoachSettings)
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
        due_drills(platform, now), claim(cfg, now) -> Post | None, mark_posted(drill_id,
        message_id, thread_id), unposted(platform, now), pending_reveals(platform),
        due_reveals(platform, now), reveal_post(drill_id), mark_revealed(drill_id).
    coach.on_channel_change(callback)
        Called with the ChannelConfig after setup/pause/resume (the scheduler rebuilds its job).
    coach.flush() -> int
        Write the events kept while the store was unavailable (bot/runtime.py runs it on a
        timer; the next event runs it too). coach.pending tells how many wait.

When the store cannot write (`StoreUnavailable`: disk full, database locked, connection lost),
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
from typing import Literal, TypeVar

from content.bank import Bank
from handlers import answering
from handlers.answering import refusal
from handlers.clock import Clock, ManualClock
from handlers.commands import Command, CommandError, is_command, parse
from handlers.context import CoachSettings, Deps
from handlers.daily import Daily
from handlers.pending import FULL, KEPT_ANSWER, KEPT_CHANGE, TRY_LATER, Kept, Pending
from handlers.settings_command import apply_setup
from handlers.types import Action, Incoming, Reply
from handlers.views import Views
from storage.errors import StoreUnavailable
from storage.records import ChannelConfig, Drill
from storage.store import Store

log = logging.getLogger(__name__)
ADMIN_ONLY = {"setup", "pause", "resume"}
CHANGES = ADMIN_ONLY | {"privacy", "forget-me"}
"""Commands that write: kept and applied later when the store cannot take them now."""

Event = TypeVar("Event", Incoming, Action)
Kind = Literal["ignore", "read", "answer", "change", "unknown"]
"""What an event is, for keeping it: not ours, a lookup, a recorded answer, a setup change, or
a thread message whose thread could not be looked up (kept quietly: it may be an answer)."""


class Coach:
    """Everything the drill does, for any platform."""

    def __init__(
        self,
        store: Store,
        bank: Bank,
        clock: Clock,
        settings: CoachSettings | None = None,
        pending: Pending | None = None,
    ) -> None:
        self.deps = Deps(store, bank, clock, settings or CoachSettings())
        self.daily = Daily(self.deps)
        self.views = Views(self.deps)
        self.pending = pending if pending is not None else Pending(clock)
        self._replay_clock = ManualClock(clock.now())
        self._replayer: Coach | None = None

    def on_channel_change(self, callback: Callable[[ChannelConfig], None]) -> None:
        """Register a callback run after a channel's setup changes."""
        self.deps.on_channel_change.append(callback)

    def handle(self, incoming: Incoming) -> list[Reply]:
        """Answer a message: a /coach command, or an attempt in a drill thread."""
        return self._guarded(incoming, self._handle_now)

    def catch_up(self, incoming: Incoming) -> list[Reply]:
        """Record a reply found in a thread's history; [] when it was already recorded."""
        return self._guarded(incoming, self._catch_up_now)

    def act(self, action: Action) -> list[Reply]:
        """Answer a button press (or the modal submitted from one)."""
        return self._guarded(action, self._act_now)

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
            try:
                command = parse(event.text)
            except CommandError:
                return "read"
            if command.name in ADMIN_ONLY and not event.is_admin:
                return "read"
            practice_answer = command.name == "drill" and command.rest.lower().startswith("answer")
            if command.name == "answer" or practice_answer:
                return "answer"
            return "change" if command.name in CHANGES else "read"
        if event.thread is None:
            return "ignore"
        try:
            return "answer" if self._thread_drill(event) is not None else "ignore"
        except StoreUnavailable:
            return "unknown"

    def _replay(self, kept: Kept) -> None:
        """Run a kept event as it would have run when it arrived; its replies were given then."""
        if self._replayer is None:
            deps = self.deps
            self._replayer = Coach(deps.store, deps.bank, self._replay_clock, deps.settings)
            self._replayer.deps.on_channel_change = deps.on_channel_change
        self._replay_clock.set(kept.at)
        if isinstance(kept.event, Action):
            self._replayer._act_now(kept.event)
        else:
            self._replayer._handle_now(kept.event)

    # -- events ----------------------------------------------------------------------------

    def _handle_now(self, incoming: Incoming) -> list[Reply]:
        if is_command(incoming.text):
            return self._command(incoming)
        drill = self._thread_drill(incoming)
        if drill is None:
            return []
        return answering.answer_drill(self.deps, incoming, drill)

    def _catch_up_now(self, incoming: Incoming) -> list[Reply]:
        store = self.deps.store
        if store.find_attempt(incoming.platform, incoming.workspace, incoming.message_id):
            return []
        return self._handle_now(incoming)

    def _act_now(self, action: Action) -> list[Reply]:
        kind, _, raw_id = action.value.partition(":")
        if not raw_id.isdigit() or kind not in ("drill", "practice"):
            return refusal("That button is out of date.")
        incoming = action.incoming
        if kind == "practice":
            practice = self.deps.store.practice(int(raw_id))
            if practice is None or practice.user != incoming.user:
                return refusal("That practice question is not yours.")
            if action.action == "answer":
                return answering.answer_practice(self.deps, incoming, practice)
            if action.action == "skip":
                return self.views.practice(incoming, Command("drill"))
            return self.views.practice_answers(practice)
        drill = self._as_of(self.deps.store.drill(int(raw_id)))
        cfg = self.deps.store.channel_by_id(drill.channel_id) if drill else None
        if drill is None or cfg is None or not _same_place(cfg, incoming):
            return refusal("That drill is not in this workspace.")
        if action.action == "answer":
            return answering.answer_drill(self.deps, incoming, drill)
        if action.action == "reveal_me":
            return self.views.reveal_for(incoming, drill)
        if action.action == "skip":
            return refusal("Skipped. The next drill comes on the next drill day.")
        return refusal("Unknown button.")

    def _thread_drill(self, incoming: Incoming) -> Drill | None:
        if incoming.thread is None:
            return None
        return self._as_of(
            self.deps.store.drill_in_thread(incoming.platform, incoming.workspace, incoming.thread)
        )

    def _as_of(self, drill: Drill | None) -> Drill | None:
        """The drill as of the clock's time: an answer kept from before its reveal counts."""
        if drill is None or drill.revealed_at is None or drill.revealed_at <= self.deps.clock.now():
            return drill
        return replace(drill, revealed_at=None)

    def _target_drill(self, incoming: Incoming) -> Drill | None:
        """The drill a command is about: the thread's, else the channel's open one."""
        drill = self._thread_drill(incoming)
        if drill is not None:
            return drill
        cfg = self.deps.store.channel(incoming.platform, incoming.workspace, incoming.channel)
        return self.deps.store.open_drill(cfg.id) if cfg and cfg.id else None

    def _command(self, incoming: Incoming) -> list[Reply]:
        try:
            command = parse(incoming.text)
        except CommandError as err:
            return refusal(f"{err}. `/coach help` explains them.")
        if command.name in ADMIN_ONLY and not incoming.is_admin:
            return refusal(f"Only an admin of this channel may use `/coach {command.name}`.")
        return self._run(command, incoming)

    def _run(self, command: Command, incoming: Incoming) -> list[Reply]:
        views = self.views
        name = command.name
        if name == "setup":
            return self._setup(command, incoming)
        if name in ("pause", "resume"):
            return self._pause(incoming, paused=name == "pause")
        if name == "answer":
            return self._answer(command, incoming)
        if name == "drill":
            return views.practice(incoming, command)
        if name == "reveal":
            drill = self._target_drill(incoming)
            if drill is None:
                return refusal("There is no open drill here.")
            return views.reveal_for(incoming, drill)
        simple: dict[str, Callable[[Incoming], list[Reply]]] = {
            "status": views.status,
            "help": views.help,
            "streak": views.streak,
            "leaderboard": views.leaderboard,
            "forget-me": views.forget,
        }
        if name == "privacy":
            return views.privacy(incoming, command)
        return simple[name](incoming)

    def _answer(self, command: Command, incoming: Incoming) -> list[Reply]:
        drill = self._target_drill(incoming)
        if drill is None:
            return refusal("There is no open drill here to answer.")
        return answering.answer_drill(self.deps, _with_text(incoming, command.rest), drill)

    def _setup(self, command: Command, incoming: Incoming) -> list[Reply]:
        store = self.deps.store
        current = store.channel(incoming.platform, incoming.workspace, incoming.channel)
        try:
            cfg = apply_setup(current, incoming, command.options, self.deps.settings.default_tz)
        except ValueError as err:
            return refusal(f"Setup not changed: {err}")
        return self._save(cfg, "Setup saved.")

    def _pause(self, incoming: Incoming, paused: bool) -> list[Reply]:
        store = self.deps.store
        cfg = store.channel(incoming.platform, incoming.workspace, incoming.channel)
        if cfg is None:
            return refusal("This channel has no drill yet: start one with `/coach setup`.")
        cfg = replace(cfg, paused=paused)
        return self._save(cfg, "Paused." if paused else "Resumed.")

    def _save(self, cfg: ChannelConfig, what: str) -> list[Reply]:
        saved = self.deps.store.save_channel(cfg, self.deps.clock.now())
        for callback in self.deps.on_channel_change:
            callback(saved)
        return [Reply(f"{what}\n{self.views.status_of(saved)}")]


def _same_place(cfg: ChannelConfig, incoming: Incoming) -> bool:
    return cfg.platform == incoming.platform and cfg.workspace == incoming.workspace


def _with_text(incoming: Incoming, text: str) -> Incoming:
    return replace(incoming, text=text)
