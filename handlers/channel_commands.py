"""The admin commands that change a channel's drill: setup, pause, resume."""

from __future__ import annotations

from dataclasses import replace

from handlers.answering import refusal
from handlers.commands import Command
from handlers.context import Deps
from handlers.settings_command import apply_setup
from handlers.types import Incoming, Reply
from handlers.views import Views
from storage.records import ChannelConfig


def setup(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    current = deps.store.channel(incoming.platform, incoming.workspace, incoming.channel)
    try:
        cfg = apply_setup(current, incoming, command.options, deps.settings.default_tz)
    except ValueError as err:
        return refusal(f"Setup not changed: {err}")
    return _save(deps, cfg, "Setup saved.")


def pause(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    return _set_paused(deps, incoming, paused=True)


def resume(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    return _set_paused(deps, incoming, paused=False)


def _set_paused(deps: Deps, incoming: Incoming, paused: bool) -> list[Reply]:
    cfg = deps.store.channel(incoming.platform, incoming.workspace, incoming.channel)
    if cfg is None:
        return refusal("This channel has no drill yet: start one with `/coach setup`.")
    cfg = replace(cfg, paused=paused)
    return _save(deps, cfg, "Paused." if paused else "Resumed.")


def _save(deps: Deps, cfg: ChannelConfig, what: str) -> list[Reply]:
    saved = deps.store.save_channel(cfg, deps.clock.now())
    for callback in deps.on_channel_change:
        callback(saved)
    return [Reply(f"{what}\n{Views(deps).status_of(saved)}")]
