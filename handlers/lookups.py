"""What front ends ask the core about a channel, answered as plain values (never the store)."""

from __future__ import annotations

from datetime import date

from handlers.context import Deps
from handlers.types import Incoming, OpenDrill, OpenPractice
from handlers.views import Views
from storage.records import ChannelConfig


def channel_or_default(
    deps: Deps, platform: str, workspace: str, channel: str, tz: str
) -> ChannelConfig:
    """A channel's setup, saved with the defaults (in time zone `tz`) the first time.

    For a front end with one fixed channel (the terminal): no admin runs `/coach setup` there,
    and nothing is scheduled until the channel exists."""
    cfg = deps.store.channel(platform, workspace, channel)
    if cfg is None:
        cfg = deps.store.save_channel(
            ChannelConfig(platform, workspace, channel, tz=tz), deps.clock.now()
        )
    return cfg


def open_drill(deps: Deps, cfg: ChannelConfig) -> OpenDrill | None:
    """The channel's drill open for answers, with its question's prompt."""
    drill = deps.store.open_drill(cfg.id) if cfg.id else None
    if drill is None:
        return None
    question = deps.bank.get(drill.question_id)
    prompt = question.prompt if question else drill.question_id
    return OpenDrill(drill.id, drill.day, drill.thread_id, prompt)


def latest_drill_day(deps: Deps, cfg: ChannelConfig) -> date | None:
    """The day of the channel's latest drill (it may lie after the clock: a --clock rerun)."""
    return deps.store.drill_day_before(cfg.id, date.max) if cfg.id else None


def open_practice(deps: Deps, incoming: Incoming) -> OpenPractice | None:
    """The person's latest practice question while it waits for an answer, with its prompt."""
    practice = Views(deps).open_practice(incoming)
    if practice is None:
        return None
    question = deps.bank.get(practice.question_id)
    return OpenPractice(practice.id, question.prompt if question else practice.question_id)
