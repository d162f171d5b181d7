"""Turning `/coach setup key=value ...` into a validated channel setup."""

from __future__ import annotations

from dataclasses import replace

from content.schema import TOPICS
from handlers.schedule import parse_days, parse_duration, parse_time, parse_tz
from handlers.text import quote
from handlers.types import Incoming
from storage.records import ChannelConfig

DIFFICULTIES = ("easy", "medium", "hard")


def parse_topics(text: str) -> tuple[str, ...]:
    """A comma-separated topic list; "all" means every topic."""
    if text.lower() in ("all", "any", "*"):
        return ()
    topics = tuple(sorted({t.strip().lower() for t in text.split(",") if t.strip()}))
    unknown = [t for t in topics if t not in TOPICS]
    if unknown:
        raise ValueError(f"unknown topic {quote(unknown[0])}; topics are: {', '.join(TOPICS)}")
    return topics


def parse_difficulty(text: str) -> str | None:
    value = text.lower()
    if value in ("any", "all"):
        return None
    if value not in DIFFICULTIES:
        raise ValueError(f"difficulty must be easy, medium, hard or any (got {quote(text)})")
    return value


def apply_setup(
    current: ChannelConfig | None, incoming: Incoming, options: dict[str, str], default_tz: str
) -> ChannelConfig:
    """The channel's setup with the given options applied (ValueError names a bad one)."""
    cfg = current or ChannelConfig(
        platform=incoming.platform,
        workspace=incoming.workspace,
        channel=incoming.channel,
        tz=default_tz,
    )
    changes: dict[str, object] = {"paused": False}
    if "time" in options:
        changes["time"] = parse_time(options["time"])
    if "tz" in options:
        changes["tz"] = parse_tz(options["tz"])
    if "days" in options:
        changes["days"] = parse_days(options["days"])
    if "topics" in options:
        changes["topics"] = parse_topics(options["topics"])
    if "difficulty" in options:
        changes["difficulty"] = parse_difficulty(options["difficulty"])
    if "reveal" in options:
        changes["reveal_minutes"] = parse_duration(options["reveal"])
    return replace(cfg, **changes)  # type: ignore[arg-type]
