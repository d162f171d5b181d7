"""The `/coach` command grammar, parsed from text.

    /coach <subcommand> [arguments]

    setup key=value ...        admin; keys: time=HH:MM tz=Area/City days=mon-fri|daily|mon,wed,fri
                               topics=nlp,training|all difficulty=easy|medium|hard|any
                               reveal=20h|90m|1h30m|next
    pause | resume             admin
    status | help | streak | leaderboard | reveal | forget-me
    privacy [hide|show]        without an argument, toggles
    answer <free text>         an answer to the open drill of this channel or thread
    drill [topic] [difficulty] a private practice question
    drill answer <free text>   an answer to your latest practice question

Adapters with typed slash-command options build this text ("/coach setup time=09:00 ...").
Subcommands and keys are case-insensitive; the free text keeps its case.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PREFIX = "/coach"
SUBCOMMANDS = (
    "setup",
    "pause",
    "resume",
    "status",
    "help",
    "drill",
    "answer",
    "reveal",
    "streak",
    "leaderboard",
    "privacy",
    "forget-me",
)
SETUP_KEYS = ("time", "tz", "days", "topics", "difficulty", "reveal")


@dataclass(frozen=True)
class Command:
    """A parsed `/coach` command."""

    name: str
    words: tuple[str, ...] = ()
    """The arguments split on whitespace."""
    rest: str = ""
    """Everything after the subcommand, as typed (the free text of an answer)."""
    options: dict[str, str] = field(default_factory=dict)
    """key=value arguments, keys lower-cased."""


class CommandError(ValueError):
    """A command that does not follow the grammar; the message says what to type instead."""


def is_command(text: str) -> bool:
    """Whether a message is addressed to the coach as a command."""
    head = text.lstrip()[: len(PREFIX) + 1].lower()
    return head == PREFIX or head == PREFIX + " " or head.startswith(PREFIX + "\n")


def parse(text: str) -> Command:
    """Parse a `/coach ...` message; a bare `/coach` means help."""
    body = text.lstrip()[len(PREFIX) :].strip()
    if not body:
        return Command("help")
    name, _, rest = body.partition(" ")
    name = name.lower().strip()
    rest = rest.strip()
    if name not in SUBCOMMANDS:
        raise CommandError(f"unknown command. Try one of: {', '.join(SUBCOMMANDS)}")
    words = tuple(rest.split())
    options: dict[str, str] = {}
    if name == "setup":
        options = _options(words)
    return Command(name, words, rest, options)


def _options(words: tuple[str, ...]) -> dict[str, str]:
    options: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        key = key.lower()
        if not sep or not value:
            raise CommandError("setup takes key=value pairs, like time=09:00 tz=Europe/Paris")
        if key not in SETUP_KEYS:
            raise CommandError(f"setup keys are: {', '.join(SETUP_KEYS)}")
        options[key] = value
    return options
