"""Which drill an event is about: its thread's, or the channel's open one, as of the clock."""

from __future__ import annotations

from dataclasses import replace

from handlers.context import Deps
from handlers.types import Incoming
from storage.records import Drill


def as_of(deps: Deps, drill: Drill | None) -> Drill | None:
    """The drill as of the clock's time: an answer kept from before its reveal counts."""
    if drill is None or drill.revealed_at is None or drill.revealed_at <= deps.clock.now():
        return drill
    return replace(drill, revealed_at=None)


def thread_drill(deps: Deps, incoming: Incoming) -> Drill | None:
    """The drill whose thread a message was posted in, if any."""
    if incoming.thread is None:
        return None
    found = deps.store.drill_in_thread(
        incoming.platform, incoming.workspace, incoming.channel, incoming.thread
    )
    return as_of(deps, found)


def target_drill(deps: Deps, incoming: Incoming) -> Drill | None:
    """The drill a command is about: the thread's, else the channel's open one."""
    drill = thread_drill(deps, incoming)
    if drill is not None:
        return drill
    cfg = deps.store.channel(incoming.platform, incoming.workspace, incoming.channel)
    return deps.store.open_drill(cfg.id) if cfg and cfg.id else None
