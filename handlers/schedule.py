"""Drill-day arithmetic in a channel's own timezone: pure functions, correct across DST."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from handlers.text import quote
from storage.records import ChannelConfig

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_ALIASES = {
    "daily": tuple(range(7)),
    "every": tuple(range(7)),
    "weekdays": tuple(range(5)),
    "weekends": (5, 6),
}
MAX_TZ_CHARS = 64
"""Longer than any IANA name (the longest has 32 characters), far below a file name's limit."""
REVEAL_LEAD = timedelta(minutes=30)
"""With the default reveal, answers come out this long before the next drill."""

_DURATION = re.compile(r"^(?:(\d{1,3})d)?(?:(\d{1,4})h)?(?:(\d{1,5})m)?$")


class ScheduleError(ValueError):
    """A drill time, timezone, day list or duration that cannot be used."""


def parse_time(text: str) -> str:
    """Validate a 24-hour HH:MM drill time and return it normalised."""
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ScheduleError(
            f"time must be HH:MM on a 24-hour clock, like 09:00 (got {quote(text, 20)})"
        )
    return f"{int(match[1]):02d}:{match[2]}"


def parse_tz(text: str) -> str:
    """Validate an IANA timezone name such as Europe/Paris."""
    name = text.strip()
    # zoneinfo reads the name as a file path: one past the file system's limit raises OSError
    # ("File name too long"), and the longest IANA name has 32 characters.
    try:
        if len(name) > MAX_TZ_CHARS:
            raise ValueError("too long for a timezone name")
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as err:
        raise ScheduleError(
            f"unknown timezone {quote(name, 40)}: use an IANA name like Europe/Paris"
        ) from err
    return name


def parse_recap(text: str) -> int | None:
    """A weekly recap's day (Monday = 0) from `fri`, `friday`; None for `off`."""
    spec = text.strip().lower()
    if spec in ("off", "none", "no"):
        return None
    for index, name in enumerate(FULL_DAY_NAMES):
        if spec in (name, name[:3]):
            return index
    raise ScheduleError(f"recap takes one weekday like fri, or off (got {spec[:20]!r})")


def parse_days(text: str) -> tuple[int, ...]:
    """Parse drill days: mon-fri, mon,wed,fri, daily, weekdays or weekends."""
    spec = text.strip().lower()
    if spec in DAY_ALIASES:
        return DAY_ALIASES[spec]
    days: set[int] = set()
    for part in spec.split(","):
        ends = part.split("-")
        if len(ends) > 2 or any(e not in DAY_NAMES for e in ends):
            raise ScheduleError(
                f"days must look like mon-fri or mon,wed,fri (got {quote(text, 30)})"
            )
        first, last = DAY_NAMES.index(ends[0]), DAY_NAMES.index(ends[-1])
        span = (last - first) % 7
        days.update((first + i) % 7 for i in range(span + 1))
    return tuple(sorted(days))


def format_days(days: tuple[int, ...]) -> str:
    """The inverse of parse_days, compact where it can be."""
    if days == tuple(range(7)):
        return "daily"
    if len(days) > 2 and days == tuple(range(days[0], days[-1] + 1)):
        return f"{DAY_NAMES[days[0]]}-{DAY_NAMES[days[-1]]}"
    return ",".join(DAY_NAMES[d] for d in days)


def parse_duration(text: str) -> int | None:
    """Parse a reveal delay like 20h, 90m, 1h30m or 1d into minutes; "next" gives None."""
    spec = text.strip().lower()
    if spec in ("next", "default", "auto"):
        return None
    match = _DURATION.match(spec)
    if not spec or not match or not any(match.groups()):
        raise ScheduleError(
            f"reveal must be a delay like 20h, 90m or 1h30m, or next (got {quote(text, 20)})"
        )
    d, h, m = (int(g) if g else 0 for g in match.groups())
    minutes = d * 1440 + h * 60 + m
    if not 1 <= minutes <= 7 * 1440:
        raise ScheduleError("reveal delay must be between 1 minute and 7 days")
    return minutes


def format_duration(minutes: int | None) -> str:
    if minutes is None:
        return "before the next drill"
    h, m = divmod(minutes, 60)
    return f"{h}h{m:02d}m after the post" if m else f"{h}h after the post"


def zone(cfg: ChannelConfig) -> ZoneInfo:
    return ZoneInfo(cfg.tz)


def local_day(when: datetime, cfg: ChannelConfig) -> date:
    """The calendar day in the channel's timezone at an instant."""
    return when.astimezone(zone(cfg)).date()


def is_drill_day(day: date, cfg: ChannelConfig) -> bool:
    return day.weekday() in cfg.days


def fire_time(day: date, cfg: ChannelConfig) -> datetime:
    """The instant (UTC) of the drill on a local day.

    A drill time that does not exist on a spring-forward day is moved on by the gap, the way
    the wall clock moves (zoneinfo's fold=0 reading, normalised through UTC).
    """
    hour, minute = map(int, cfg.time.split(":"))
    local = datetime.combine(day, time(hour, minute), tzinfo=zone(cfg))
    return local.astimezone(UTC)


def previous_drill_day(day: date, cfg: ChannelConfig) -> date | None:
    """The last drill day strictly before a day, or None when the channel has no drill days."""
    for back in range(1, 8):
        candidate = day - timedelta(days=back)
        if is_drill_day(candidate, cfg):
            return candidate
    return None


def next_fire_after(when: datetime, cfg: ChannelConfig) -> datetime | None:
    """The first drill instant strictly after a moment, or None without drill days."""
    start = local_day(when, cfg)
    for ahead in range(0, 9):
        day = start + timedelta(days=ahead)
        if is_drill_day(day, cfg) and fire_time(day, cfg) > when:
            return fire_time(day, cfg)
    return None


def reveal_time(day: date, cfg: ChannelConfig) -> datetime:
    """When the drill of a day is revealed: after the set delay, or shortly before the next."""
    posted = fire_time(day, cfg)
    if cfg.reveal_minutes is not None:
        return posted + timedelta(minutes=cfg.reveal_minutes)
    upcoming = next_fire_after(posted, cfg)
    if upcoming is None:
        return posted + timedelta(days=1) - REVEAL_LEAD
    return upcoming - REVEAL_LEAD


def cron_fields(cfg: ChannelConfig) -> dict[str, object]:
    """The channel's schedule as APScheduler CronTrigger keyword arguments."""
    hour, minute = map(int, cfg.time.split(":"))
    return {
        "day_of_week": ",".join(DAY_NAMES[d] for d in cfg.days),
        "hour": hour,
        "minute": minute,
        "timezone": zone(cfg),
    }
