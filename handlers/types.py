"""The plain objects that cross between platform adapters and the platform-free core.

Adapters turn platform events into `Incoming` (and button presses into `Action`), call the core,
and turn the `Reply`/`Post` objects it returns back into platform calls. Text is neutral markdown
(**bold**, *italic*, `code`, fenced code, bullet lists); each adapter renders it for its platform.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Platform = Literal["console", "discord", "slack"]
Reaction = Literal["correct", "partial", "incorrect", "unparseable", "received"]


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


@dataclass(frozen=True)
class Button:
    """A button under a post. `action` is one of "answer", "reveal_me", "skip"."""

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


@dataclass(frozen=True)
class Reply:
    """Something the core wants said in answer to an Incoming or Action."""

    text: str
    ephemeral: bool = False
    """Only the asking user sees it (a Discord ephemeral message, a Slack ephemeral message)."""
    thread: str | None = None
    """Post in this thread; None means wherever the event came from."""
    buttons: tuple[Button, ...] = ()
    reaction: Reaction | None = None
    """React to the incoming message instead of (or as well as) replying in public."""


@dataclass(frozen=True)
class Post:
    """A message the scheduler wants sent to a channel on its own initiative."""

    kind: Literal["drill", "reveal", "notice"]
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
