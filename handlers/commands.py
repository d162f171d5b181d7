"""The shape of a `/coach` command and its parser; the commands themselves are one table.

    /coach <subcommand> [arguments]

The subcommands, their options, who may run them, what they write and their handlers are listed
once, in handlers/command_table.py (`COMMANDS`); this module holds the types of that table and
the parser it drives. An option is written into the command text in one of three forms:

    pair     key=value            (setup time=09:00 tz=Europe/Paris)
    word     one word             (drill nlp hard, privacy hide)
    text     the rest, as typed   (answer <free text>)
    file     an uploaded file     (pack add, with the pack attached: never part of the text)

An option with a `keyword` is a sub-form of its command: `drill answer <free text>`.
Adapters with typed slash-command options build this text (`command_words`); subcommands and
keys are case-insensitive; the free text keeps its case.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from handlers.context import Deps
    from handlers.types import Incoming, Reply

PREFIX = "/coach"
Form = Literal["pair", "word", "text", "file"]
Who = Literal["anyone", "admin"]
Writes = Literal["nothing", "answer", "change", "unkept"]
"""What running a command writes, which decides what happens to it during a store outage:

    nothing  a lookup: run if the store still reads, else "try again in a minute"
    answer   records an answer: kept in memory and written later (the person sees "received")
    change   changes settings or a person: kept and applied later, in order
    unkept   writes something only worth having now (a fresh practice question): refused like a
             lookup, since a question shown later would answer nobody
"""
Completion = Literal["", "timezone", "topic"]
"""Where a platform with autocomplete finds suggestions for an option's value."""


@dataclass(frozen=True)
class Choice:
    """One allowed value of an option, with the label a platform shows for it."""

    value: str
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.value


@dataclass(frozen=True)
class Option:
    """One argument of a subcommand."""

    name: str
    description: str
    form: Form = "word"
    choices: tuple[Choice, ...] = ()
    required: bool = False
    max_length: int | None = None
    complete: Completion = ""
    example: str = ""
    """A value shown in help and usage text (`time=09:00`)."""
    keyword: str = ""
    """When set, the option is a sub-form of the command: `<command> <keyword> <value>`."""
    writes: Writes | None = None
    """What the sub-form writes, when it differs from its command's (`drill answer`)."""


Handler = Callable[["Deps", "Command", "Incoming"], "list[Reply]"]


@dataclass(frozen=True)
class Entry:
    """One row of the command table: everything any part of the bot needs to know about it."""

    name: str
    help: str
    """One line, for the help text and the platform's command description."""
    handler: Handler
    options: tuple[Option, ...] = ()
    who: Who = "anyone"
    writes: Writes = "nothing"

    def option(self, name: str) -> Option | None:
        return next((o for o in self.options if o.name == name), None)

    def writes_for(self, command: Command) -> Writes:
        """What this particular invocation writes (a keyword sub-form may write otherwise)."""
        head = command.words[0].lower() if command.words else ""
        for option in self.options:
            if option.keyword and option.keyword == head and option.writes is not None:
                return option.writes
        return self.writes

    def synopsis(self) -> str:
        """The command as typed, with its arguments: `drill [topic] [difficulty]`."""
        parts = [self.name]
        for option in self.options:
            if option.keyword:
                continue
            if option.form == "pair":
                parts.append(f"{option.name}={option.example or '…'}")
            elif option.form in ("text", "file"):
                parts.append(f"<{option.name}>")
            else:
                values = "|".join(c.value for c in option.choices)
                parts.append(f"[{values or option.name}]")
        return " ".join(parts)


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


def parse(text: str, table: Mapping[str, Entry]) -> Command:
    """Parse a `/coach ...` message against the table; a bare `/coach` means help."""
    body = text.lstrip()[len(PREFIX) :].strip()
    if not body:
        return Command("help")
    # Any whitespace ends the name: a code answer may start on the line after `/coach answer`.
    name, *tail = body.split(None, 1)
    name = name.lower()
    rest = tail[0].strip() if tail else ""
    entry = table.get(name)
    if entry is None:
        raise CommandError(f"unknown command. Try one of: {', '.join(table)}")
    words = tuple(rest.split())
    head = words[0].lower() if words else ""
    if any(o.keyword == head for o in entry.options if o.keyword):
        return Command(name, words, rest)  # a sub-form (`review rate good`) takes its own text
    pairs = [o for o in entry.options if o.form == "pair"]
    # A word option's choice may stand beside the pairs (`remind off`).
    choices = {c.value for o in entry.options if o.form == "word" for c in o.choices}
    paired = tuple(w for w in words if w.lower() not in choices)
    options = _pairs(entry.name, pairs, paired) if pairs else {}
    return Command(name, words, rest, options)


def _pairs(name: str, pairs: Sequence[Option], words: tuple[str, ...]) -> dict[str, str]:
    keys = [o.name for o in pairs]
    options: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        key = key.lower()
        if not sep or not value:
            like = " ".join(f"{o.name}={o.example}" for o in pairs[:2])
            raise CommandError(f"{name} takes key=value pairs, like {like}")
        if key not in keys:
            raise CommandError(f"{name} keys are: {', '.join(keys)}")
        options[key] = value
    return options


def command_words(entry: Entry, values: Mapping[str, str | None]) -> list[str]:
    """The words of `/coach ...` text for an entry given typed option values (a slash command's).

    A keyword sub-form given a value is the whole command (`drill answer <text>`); a pair loses
    its whitespace (it would split the pair), a word too; free text is kept as typed."""
    for option in entry.options:
        value = values.get(option.name)
        if option.keyword and value:
            return [entry.name, option.keyword, value]
    words = [entry.name]
    for option in entry.options:
        value = values.get(option.name)
        if option.keyword or option.form == "file" or not isinstance(value, str):
            continue
        if not value.strip():
            continue
        if option.form == "pair":
            words.append(f"{option.name}={''.join(value.split())}")
        elif option.form == "word":
            words.append("".join(value.split()))
        else:
            words.append(value)
    return words
