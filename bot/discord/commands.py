"""The `/coach` slash command group, built from the core's command table.

Each entry of handlers/command_table.py becomes a subcommand with typed options (choices,
autocomplete, length limits, a description for every option); the values a member picks are
written back as the core's command text (`command_words`), so the core parses one grammar.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine
from functools import cache
from typing import Any, Protocol
from zoneinfo import available_timezones

import discord
from discord import app_commands

from content.schema import TOPICS
from handlers.command_table import COMMANDS, description
from handlers.commands import Entry, Option, command_words

Choice = app_commands.Choice
AUTOCOMPLETE_LIMIT = 25
ANSWER_MIN = 1


class CommandHandler(Protocol):
    async def on_command_text(
        self, interaction: discord.Interaction, text: str, upload: discord.Attachment | None = None
    ) -> None:
        """Run `/coach ...` text (and any file attached to it) through the core and answer."""


async def _run(
    interaction: discord.Interaction, words: list[str], upload: discord.Attachment | None = None
) -> None:
    handler: CommandHandler = interaction.client  # type: ignore[assignment]
    text = " ".join(w for w in ("/coach", *words) if w)
    await handler.on_command_text(interaction, text, upload)


@cache
def _zones() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


async def timezone_choices(interaction: discord.Interaction, current: str) -> list[Choice[str]]:
    """IANA timezones containing what has been typed so far."""
    typed = current.strip().lower().replace(" ", "_")
    found = [z for z in _zones() if typed in z.lower()]
    return [Choice(name=z, value=z) for z in found[:AUTOCOMPLETE_LIMIT]]


async def topic_choices(interaction: discord.Interaction, current: str) -> list[Choice[str]]:
    """Topic slugs, completing the last item of a comma-separated list."""
    done, _, last = current.rpartition(",")
    prefix = f"{done}," if done else ""
    typed = last.strip().lower()
    matches = [
        (slug, name)
        for slug, name in [("all", "All topics"), *TOPICS.items()]
        if typed in slug or typed in name.lower()
    ]
    return [
        Choice(name=f"{prefix}{slug} ({name})"[:100], value=f"{prefix}{slug}"[:100])
        for slug, name in matches[:AUTOCOMPLETE_LIMIT]
    ]


Completer = Callable[[discord.Interaction, str], Coroutine[Any, Any, list[Choice[str]]]]
COMPLETERS: dict[str, Completer] = {"timezone": timezone_choices, "topic": topic_choices}


def _annotation(option: Option) -> Any:
    kind: Any = discord.Attachment if option.form == "file" else str
    if option.max_length is not None:
        kind = app_commands.Range[str, ANSWER_MIN, option.max_length]
    return kind if option.required else kind | None


def subcommand(entry: Entry) -> app_commands.Command[Any, ..., None]:
    """One table entry as a slash subcommand whose callback writes the command text back."""

    async def callback(
        interaction: discord.Interaction, **values: str | discord.Attachment | None
    ) -> None:
        texts = {k: v for k, v in values.items() if not isinstance(v, discord.Attachment)}
        files = [v for v in values.values() if isinstance(v, discord.Attachment)]
        await _run(interaction, command_words(entry, texts), files[0] if files else None)

    interaction = inspect.Parameter(
        "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
    )
    # discord.py reads a callback's parameters from its signature: give it the table's options.
    callback.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            interaction,
            *(
                inspect.Parameter(
                    o.name,
                    inspect.Parameter.KEYWORD_ONLY,
                    annotation=_annotation(o),
                    **({} if o.required else {"default": None}),
                )
                for o in entry.options
            ),
        ]
    )
    decorated: Any = callback
    if entry.options:
        decorated = app_commands.describe(**{o.name: o.description for o in entry.options})(
            decorated
        )
    choices = {
        o.name: [Choice(name=c.name, value=c.value) for c in o.choices]
        for o in entry.options
        if o.choices
    }
    if choices:
        decorated = app_commands.choices(**choices)(decorated)
    completes = {o.name: COMPLETERS[o.complete] for o in entry.options if o.complete}
    if completes:
        decorated = app_commands.autocomplete(**completes)(decorated)
    return app_commands.Command(name=entry.name, description=description(entry), callback=decorated)


GUILD_ONLY = app_commands.AppCommandContext(guild=True)
GUILD_INSTALL = app_commands.AppInstallationType(guild=True)


class CoachCommands(app_commands.Group):
    """Every core command as a subcommand of /coach, usable in servers only."""

    def __init__(self) -> None:
        super().__init__(
            name="coach",
            description="Daily ML interview drills",
            allowed_contexts=GUILD_ONLY,
            allowed_installs=GUILD_INSTALL,
        )
        for entry in COMMANDS:
            self.add_command(subcommand(entry))

    def to_dict(self, tree: app_commands.CommandTree[Any]) -> dict[str, Any]:
        # discord.py still sends the deprecated dm_permission beside `contexts`; Discord reads
        # `contexts` (guild only) and `integration_types`, so the old field goes.
        payload = super().to_dict(tree)
        payload.pop("dm_permission", None)
        return payload
