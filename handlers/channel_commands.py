"""The admin commands that change a channel's drill: setup, pause, resume."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from handlers import packs
from handlers.answering import refusal
from handlers.commands import Command
from handlers.context import Deps
from handlers.holidays import apply_skip, parse_skip
from handlers.schedule import local_day, parse_recap
from handlers.settings_command import apply_setup
from handlers.types import Incoming, Reply
from handlers.views import Views
from storage.records import ChannelConfig


def setup(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    current = deps.store.channel(incoming.platform, incoming.workspace, incoming.channel)
    options = dict(command.options)
    skip = options.pop("skip", None)
    recap = options.pop("recap", None)
    after: list[Callable[[ChannelConfig], None]] = []
    now = deps.clock.now()
    try:
        cfg = apply_setup(current, incoming, options, deps.settings.default_tz)
        # Each is refused before anything is saved, then applied with the setup in one go.
        if skip is not None:
            parse_skip(skip, local_day(now, cfg))
            after.append(lambda saved: apply_skip(deps.store, saved, skip, now))
        if recap is not None:
            weekday = parse_recap(recap)
            after.append(lambda saved: deps.store.set_recap_day(_id(saved), weekday))
        if "packs" in command.options:
            owner = packs.owner_of(incoming)
            chosen = packs.parse_packs(deps, owner, command.options["packs"])
            cfg = replace(cfg, packs=chosen)
    except ValueError as err:
        return refusal(f"Setup not changed: {err}")
    return _save(deps, cfg, "Setup saved.", after)


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


def _id(cfg: ChannelConfig) -> int:
    assert cfg.id is not None
    return cfg.id


def _save(
    deps: Deps,
    cfg: ChannelConfig,
    what: str,
    after: list[Callable[[ChannelConfig], None]] | None = None,
) -> list[Reply]:
    store, now = deps.store, deps.clock.now()
    with store.transaction():
        saved = store.save_channel(cfg, now)
        for step in after or ():
            step(saved)
    for callback in deps.on_channel_change:
        callback(saved)
    return [Reply(f"{what}\n{Views(deps).status_of(saved)}")]
