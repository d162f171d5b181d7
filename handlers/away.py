"""`/coach away until=YYYY-MM-DD`: one person's drill days missed until then keep their streak."""

from __future__ import annotations

from datetime import date, timedelta

from handlers.answering import refusal
from handlers.commands import Command
from handlers.context import Deps
from handlers.schedule import local_day
from handlers.types import Incoming, Reply
from storage.records import ChannelConfig

MAX_AWAY = timedelta(days=30)


def person_today(deps: Deps, incoming: Incoming) -> date:
    """Today in the person's channel's time zone (this channel's, else the one they drill in)."""
    store = deps.store
    cfg = store.channel(incoming.platform, incoming.workspace, incoming.channel)
    if cfg is None:
        person = store.person(incoming.platform, incoming.workspace, incoming.user)
        last = person.last_channel_id if person else None
        cfg = store.channel_by_id(last) if last else None
    if cfg is None:
        cfg = ChannelConfig(incoming.platform, incoming.workspace, "", tz=deps.settings.default_tz)
    return local_day(deps.clock.now(), cfg)


def set_away(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    """Start, end or show one person's days away."""
    store = deps.store
    keys = (incoming.platform, incoming.workspace, incoming.user)
    today = person_today(deps, incoming)
    value = command.options.get("until", "").lower()
    if not value:
        coming = [s for s in store.away_spans(*keys) if s.until >= today]
        if not coming:
            return refusal("You are not away. `/coach away until=YYYY-MM-DD` pauses your streak.")
        span = coming[-1]
        return refusal(f"You are away {span.start:%a %d %b} to {span.until:%a %d %b}.")
    if value in ("off", "back", "none"):
        ended = store.end_away(*keys, today)
        return refusal("Welcome back: your streak counts again." if ended else "You were not away.")
    try:
        until = date.fromisoformat(value)
    except ValueError:
        return refusal("Use `/coach away until=YYYY-MM-DD` (or `/coach away until=off`).")
    if until < today:
        return refusal(f"{until:%Y-%m-%d} has passed: away takes a day from today on.")
    note = ""
    if until > today + MAX_AWAY:
        until = today + MAX_AWAY
        note = " (30 days at most at a time: set it again then)"
    store.add_away(*keys, today, until)
    return refusal(
        f"You are away until {until:%a %d %b}{note}: drill days you miss until then never break"
        " your streak. `/coach away until=off` when you are back early."
    )
