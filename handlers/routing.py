"""Dispatch: an event to the handler that answers it, nothing more.

A `/coach` command goes to its entry's handler in handlers/command_table.py (after the admin
check the entry asks for), a reply in a drill's thread to answering, a button press to what the
button means. The router knows nothing of store outages: handlers.coach.Coach guards it, and
replays kept events through a router of its own whose clock is set to when they arrived.
"""

from __future__ import annotations

from handlers import answering, drills
from handlers.answering import refusal
from handlers.command_table import TABLE
from handlers.commands import Command, CommandError, Entry, Writes, is_command, parse
from handlers.context import Deps
from handlers.learning_commands import self_rate
from handlers.personal import FORGET_ACTION, FORGET_VALUE, forget
from handlers.types import Action, Incoming, Reply
from handlers.views import Views
from storage.records import ChannelConfig, Drill


class Router:
    """Runs one event against the store; a `StoreUnavailable` goes up to the caller."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.views = Views(deps)

    def message(self, incoming: Incoming) -> list[Reply]:
        """A /coach command, or an attempt in a drill thread; [] for anything else."""
        if is_command(incoming.text):
            return self.command(incoming)
        drill = self.thread_drill(incoming)
        if drill is None:
            return []
        return answering.answer_drill(self.deps, incoming, drill)

    def catch_up(self, incoming: Incoming) -> list[Reply]:
        """A reply found in a thread's history; [] when that message was already recorded."""
        store = self.deps.store
        if store.find_attempt(incoming.platform, incoming.workspace, incoming.message_id):
            return []
        return self.message(incoming)

    def command(self, incoming: Incoming) -> list[Reply]:
        try:
            command = parse(incoming.text, TABLE)
        except CommandError as err:
            return refusal(f"{err}. `/coach help` explains them.")
        entry = TABLE[command.name]
        if not allowed(entry, incoming):
            return refusal(f"Only an admin of this channel may use `/coach {command.name}`.")
        return entry.handler(self.deps, command, incoming)

    def thread_drill(self, incoming: Incoming) -> Drill | None:
        return drills.thread_drill(self.deps, incoming)

    def act(self, action: Action) -> list[Reply]:
        """A button press: action.value is "drill:<id>", "practice:<id>" (see Button) or
        forget-me's confirmation."""
        if action.action == FORGET_ACTION and action.value == FORGET_VALUE:
            return forget(self.deps, action.incoming)  # the presser's own data, confirmed
        kind, _, raw_id = action.value.partition(":")
        if not raw_id.isdigit() or kind not in ("drill", "practice"):
            return refusal("That button is out of date.")
        if kind == "practice":
            return self._practice_button(action, int(raw_id))
        return self._drill_button(action, int(raw_id))

    def _practice_button(self, action: Action, practice_id: int) -> list[Reply]:
        incoming = action.incoming
        practice = self.deps.store.practice(practice_id)
        if practice is None or practice.user != incoming.user:
            return refusal("That practice question is not yours.")
        if action.action == "answer":
            return answering.answer_practice(self.deps, incoming, practice)
        if action.action.startswith("rate_"):
            return self_rate(self.deps, incoming, practice, action.action.removeprefix("rate_"))
        if action.action == "skip":
            return self.views.practice(incoming, Command("drill"))
        return self.views.practice_answers(practice)

    def _drill_button(self, action: Action, drill_id: int) -> list[Reply]:
        incoming = action.incoming
        drill = drills.as_of(self.deps, self.deps.store.drill(drill_id))
        cfg = self.deps.store.channel_by_id(drill.channel_id) if drill else None
        if drill is None or cfg is None or not _same_place(cfg, incoming):
            return refusal("That drill is not in this workspace.")
        if action.action == "answer":
            return answering.answer_drill(self.deps, incoming, drill, explicit=True)
        if action.action == "reveal_me":
            return self.views.reveal_for(incoming, drill)
        if action.action == "skip":
            return refusal("Skipped. The next drill comes on the next drill day.")
        return refusal("Unknown button.")


def allowed(entry: Entry, incoming: Incoming) -> bool:
    """Whether the person may run the command (the adapter decided is_admin from the platform)."""
    return entry.who == "anyone" or incoming.is_admin


def command_writes(incoming: Incoming) -> Writes:
    """What a `/coach` message would write if run now, decided without running it."""
    try:
        command = parse(incoming.text, TABLE)
    except CommandError:
        return "nothing"
    entry = TABLE[command.name]
    return entry.writes_for(command) if allowed(entry, incoming) else "nothing"


def _same_place(cfg: ChannelConfig, incoming: Incoming) -> bool:
    return cfg.platform == incoming.platform and cfg.workspace == incoming.workspace
