"""Plain rows that cross the storage boundary (no SQL types leak out of storage/)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class ChannelConfig:
    """A channel's drill setup: when, where, and what it asks."""

    platform: str
    workspace: str
    channel: str
    time: str = "09:00"
    """Local drill time, HH:MM."""
    tz: str = "UTC"
    days: tuple[int, ...] = (0, 1, 2, 3, 4)
    """Drill weekdays, Monday = 0."""
    topics: tuple[str, ...] = ()
    """Empty means every topic."""
    difficulty: str | None = None
    """None means any difficulty."""
    reveal_minutes: int | None = None
    """Minutes after the post; None means shortly before the next drill."""
    paused: bool = False
    id: int | None = None
    packs: tuple[str, ...] = ("builtin",)
    """The question packs it draws from, by name (`builtin` is the bank)."""


@dataclass(frozen=True)
class StoredPack:
    """A question pack a workspace added, as uploaded (content/packs.py validates it)."""

    id: int
    platform: str
    workspace: str
    name: str
    body: str
    questions: int
    added_at: datetime


@dataclass(frozen=True)
class Drill:
    """One daily drill of one channel."""

    id: int
    channel_id: int
    day: date
    question_id: str
    topic: str
    reveal_at: datetime
    message_id: str | None = None
    thread_id: str | None = None
    posted_at: datetime | None = None
    revealed_at: datetime | None = None
    sending_at: datetime | None = None
    """Set when a send began; with posted_at unset, the post may be on the platform already."""


@dataclass(frozen=True)
class Attempt:
    """One answer (one platform message) to a drill or a practice question."""

    platform: str
    workspace: str
    message_id: str
    user: str
    text: str
    verdict: str
    score: float
    at: datetime
    drill_id: int | None = None
    practice_id: int | None = None


@dataclass(frozen=True)
class Person:
    """What is stored about one person in one workspace: streak, totals, privacy."""

    platform: str
    workspace: str
    user: str
    name: str = ""
    current: int = 0
    best: int = 0
    last_day: date | None = None
    last_channel_id: int | None = None
    answered: int = 0
    correct: int = 0
    hidden: bool = False
    freezes: int = 0
    """Streak freezes held: one earned every 5 answered drill days, at most 2."""
    freezes_used: int = 0


@dataclass(frozen=True)
class Practice:
    """A private extra question given to one person."""

    id: int
    platform: str
    workspace: str
    user: str
    question_id: str
    at: datetime
    answered: bool = False


@dataclass(frozen=True)
class Figures:
    """How a drill went: people who answered, and how many of them got it right."""

    answered: int
    correct: int


@dataclass(frozen=True)
class BoardEntry:
    """One person's latest readable answer to one drill of a channel (the board's raw rows)."""

    user: str
    day: date
    verdict: str
    score: float
    """The checker's (or, for prose, the grader's) score in 0..1; the board adds it up."""


@dataclass(frozen=True)
class Away:
    """A span of days (inclusive) when one person's missed drill days do not break a streak."""

    start: date
    until: date


@dataclass(frozen=True)
class CardRow:
    """One person's review card for one question: fsrs's JSON, and when it is next due."""

    question_id: str
    card: str
    due: datetime
    reviews: int = 0
    last_rating: int | None = None
    """The last rating given (fsrs: 1 Again, 2 Hard, 3 Good, 4 Easy)."""


@dataclass(frozen=True)
class Learner:
    """One person's own settings for the learning loop; defaults when they set nothing."""

    platform: str
    workspace: str
    user: str
    tz: str | None = None
    """Their time zone for due counts and reminders; None means their channel's."""
    review_cap: int | None = None
    """Reviews a day; None means the default."""
    remind_at: str | None = None
    """HH:MM local time of the daily reminder; None means no reminders (the default)."""
    reminded_day: date | None = None
    """The local day the last reminder was sent: at most one a day."""
    channel_id: int | None = None
    """The channel whose drill a reminder is about (where they set it up)."""
