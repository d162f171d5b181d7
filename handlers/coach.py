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

Replies are neutral markdown; `ephemeral=True` means only the asking person should see it, and
`reaction` is the verdict to show on the person's message. The core never echoes user text
without handlers.text.quote, so nothing it says can ping a crowd.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from content.bank import Bank
from handlers import answering
from handlers.answering import refusal
from handlers.clock import Clock
from handlers.commands import Command, CommandError, is_command, parse
from handlers.context import CoachSettings, Deps
from handlers.daily import Daily
from handlers.settings_command import apply_setup
from handlers.types import Action, Incoming, Reply
from handlers.views import Views
from storage.records import ChannelConfig, Drill
from storage.store import Store

ADMIN_ONLY = {"setup", "pause", "resume"}


class Coach:
    """Everything the drill does, for any platform."""

    def __init__(
        self, store: Store, bank: Bank, clock: Clock, settings: CoachSettings | None = None
    ) -> None:
        self.deps = Deps(store, bank, clock, settings or CoachSettings())
        self.daily = Daily(self.deps)
        self.views = Views(self.deps)

    def on_channel_change(self, callback: Callable[[ChannelConfig], None]) -> None:
        """Register a callback run after a channel's setup changes."""
        self.deps.on_channel_change.append(callback)

    def handle(self, incoming: Incoming) -> list[Reply]:
        """Answer a message: a /coach command, or an attempt in a drill thread."""
        if is_command(incoming.text):
            return self._command(incoming)
        drill = self._thread_drill(incoming)
        if drill is None:
            return []
        return answering.answer_drill(self.deps, incoming, drill)

    def catch_up(self, incoming: Incoming) -> list[Reply]:
        """Record a reply found in a thread's history; [] when it was already recorded."""
        store = self.deps.store
        if store.find_attempt(incoming.platform, incoming.workspace, incoming.message_id):
            return []
        return self.handle(incoming)

    def act(self, action: Action) -> list[Reply]:
        """Answer a button press (or the modal submitted from one)."""
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
        drill = self.deps.store.drill(int(raw_id))
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
        return self.deps.store.drill_in_thread(
            incoming.platform, incoming.workspace, incoming.thread
        )

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
