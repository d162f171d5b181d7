"""The plain objects that cross between platform adapters and the platform-free core.

Adapters turn platform events into `Incoming` (and button presses into `Action`), call the core,
and turn the `Reply`/`Post` objects it returns back into platform calls. Text is neutral markdown
(**bold**, *italic*, `code`, fenced code, bullet lists); each adapter renders it for its platform.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from content.verdicts import VerdictName

Platform = Literal["console", "discord", "slack"]
Reaction = VerdictName


@dataclass(frozen=True)
class Incoming:
    """A message or slash command as the core sees it."""

    platform: Platform
    workspace: str
    """Discord guild id, Slack team id, or "local" in the terminal."""
    channel: str
    user: str
    text: str
    message_id: str
    """The platform's id for this message or interaction: the idempotency key of an attempt."""
    time: datetime
    """When it happened, timezone-aware."""
    thread: str | None = None
    """The thread the message was posted in, if any."""
    user_name: str = ""
    is_admin: bool = False
    """The adapter's verdict from the platform's permissions; the core enforces it."""
    edited: bool = False
    """True when this is an edit of an earlier message with the same message_id."""
    reply_to_other: bool = False
    """It replies to (quotes) someone else's message: discussion, never an attempt."""
    mentions_other: bool = False
    """It mentions a person other than its author and the bot, or a crowd (@here)."""
    bot_names: tuple[str, ...] = ()
    """How people address the bot on this platform (its name, its mention markup)."""
    attachment: Attachment | None = None
    """A file sent with the command (a question pack for `/coach pack add`)."""


@dataclass(frozen=True)
class Attachment:
    """A file an adapter fetched for the core, already capped in size."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Button:
    """A button under a post or reply. `action` is "answer", "reveal_me", "skip" or "forget_me"."""

    action: str
    label: str
    value: str
    """Opaque to adapters: handed back unchanged in `Action.value`."""


@dataclass(frozen=True)
class Action:
    """A button press, or a modal submitted from one (then `text` holds the typed answer)."""

    incoming: Incoming
    action: str
    value: str


DayMark = Literal["right", "answered", "freeze", "missed"]
"""How a drill day went for one person, as their progress picture colours it."""


@dataclass(frozen=True)
class Picture:
    """A person's progress as plain figures; each adapter draws it (bot/pictures.py) as a PNG
    and sends it privately with `alt` as its text alternative."""

    title: str
    first: date
    last: date
    """The heat map covers first..last, one cell a day; days absent from `days` had no drill."""
    days: tuple[tuple[date, DayMark], ...]
    topics: tuple[tuple[str, float, int], ...]
    """(topic label, share right or covered 0..1, answers) per topic answered, best first."""
    alt: str
    filename: str = "coach-stats.png"


@dataclass(frozen=True)
class Reply:
    """Something the core wants said in answer to an Incoming or Action."""

    text: str
    ephemeral: bool = False
    """Only the asking user sees it (a Discord ephemeral message, a Slack ephemeral message)."""
    thread: str | None = None
    """Post in this thread; None means wherever the event came from."""
    buttons: tuple[Button, ...] = ()
    picture: Picture | None = None
    """A picture to draw and attach to this (private) reply."""
    reaction: Reaction | None = None
    """The verdict on the incoming message: adapters react to the message with it, or, where
    there is none to react to, show the text, which begins with the verdict's mark
    (handlers.messages.marked)."""


@dataclass(frozen=True)
class OpenThread:
    """A posted drill's thread still open for answers (adapters read its replies at catch-up)."""

    workspace: str
    channel: str
    thread: str
    drill_id: int


@dataclass(frozen=True)
class OpenDrill:
    """A channel's drill open for answers, as a front end shows it."""

    drill_id: int
    day: date
    thread: str | None
    prompt: str
    """The question (its id when it left the bank)."""


@dataclass(frozen=True)
class OpenPractice:
    """A person's practice question still waiting for their answer."""

    practice_id: int
    prompt: str


@dataclass(frozen=True)
class Post:
    """A message the scheduler wants sent to a channel on its own initiative."""

    kind: Literal["drill", "reveal", "notice", "feedback", "recap", "direct"]
    """"feedback" and "direct" go to one person (`user`); "direct" is a direct message."""
    workspace: str
    channel: str
    text: str
    drill_id: int | None = None
    thread: str | None = None
    """For reveals and notices inside a drill's thread."""
    title: str = ""
    """A short heading (embed title / header block) for platforms that show one."""
    buttons: tuple[Button, ...] = field(default_factory=tuple)
    open_thread: bool = False
    """Open a thread on this message (the daily drill)."""
    user: str | None = None
    """Only this person sees it: a "feedback" post as a Slack ephemeral message in the
    thread, a Discord direct message, the terminal's own line; a "direct" post (a reminder) as
    a direct message on Discord and Slack."""
