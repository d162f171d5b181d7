"""The admin commands that change a channel's drill: setup, pause, resume."""

from __future__ import annotations

from dataclasses import replace

from handlers import packs
from handlers.answering import refusal
from handlers.commands import Command
from handlers.context import Deps
from handlers.holidays import apply_skip, parse_skip
from handlers.schedule import local_day
from handlers.settings_command import apply_setup
from handlers.types import Incoming, Reply
from handlers.views import Views
from storage.records import ChannelConfig


def setup(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    current = deps.store.channel(incoming.platform, incoming.workspace, incoming.channel)
    options = dict(command.options)
    skip = options.pop("skip", None)
    try:
        cfg = apply_setup(current, incoming, options, deps.settings.default_tz)
        if skip is not None:
            parse_skip(skip, local_day(deps.clock.now(), cfg))  # refused before anything is saved
        if "packs" in command.options:
            owner = packs.owner_of(incoming)
            chosen = packs.parse_packs(deps, owner, command.options["packs"])
            cfg = replace(cfg, packs=chosen)
    except ValueError as err:
        return refusal(f"Setup not changed: {err}")
    return _save(deps, cfg, "Setup saved.", skip)


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


def _save(deps: Deps, cfg: ChannelConfig, what: str, skip: str | None = None) -> list[Reply]:
    store, now = deps.store, deps.clock.now()
    with store.transaction():
        saved = store.save_channel(cfg, now)
        if skip is not None:
            apply_skip(store, saved, skip, now)
    for callback in deps.on_channel_change:
        callback(saved)
    return [Reply(f"{what}\n{Views(deps).status_of(saved)}")]
