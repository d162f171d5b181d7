"""The `/coach` slash command group: typed options, written back as the core's command text."""

from __future__ import annotations

from functools import cache
from typing import Protocol
from zoneinfo import available_timezones

import discord
from discord import app_commands

from content.schema import TOPICS

Choice = app_commands.Choice
AUTOCOMPLETE_LIMIT = 25
DAYS = [Choice(name=n, value=n) for n in ("daily", "mon-fri", "mon,wed,fri", "tue,thu")]
DIFFICULTIES = [Choice(name=n, value=n) for n in ("easy", "medium", "hard", "any")]
PRIVACY = [
    Choice(name="hide me from the leaderboard", value="hide"),
    Choice(name="show me", value="show"),
]


class CommandHandler(Protocol):
    async def on_command_text(self, interaction: discord.Interaction, text: str) -> None:
        """Run `/coach ...` text through the core and answer the interaction."""


async def _run(interaction: discord.Interaction, *words: str) -> None:
    handler: CommandHandler = interaction.client  # type: ignore[assignment]
    await handler.on_command_text(interaction, " ".join(w for w in ("/coach", *words) if w))


def _pair(key: str, value: str | None) -> str:
    """A setup key=value word; whitespace would split it, so it goes."""
    return f"{key}={''.join(value.split())}" if value and value.strip() else ""


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


class CoachCommands(app_commands.Group):
    """Every core command as a subcommand of /coach."""

    def __init__(self) -> None:
        super().__init__(name="coach", description="Daily ML interview drills", guild_only=True)

    @app_commands.command(description="Admins: set this channel's drill time, days and topics")
    @app_commands.describe(
        time="Local drill time, HH:MM",
        tz="IANA timezone, like Europe/Paris",
        days="Which days to drill",
        topics="Comma-separated topics, or all",
        difficulty="Question difficulty",
        reveal="When answers are revealed: 20h, 90m or next",
    )
    @app_commands.choices(days=DAYS, difficulty=DIFFICULTIES)
    @app_commands.autocomplete(tz=timezone_choices, topics=topic_choices)
    async def setup(
        self,
        interaction: discord.Interaction,
        time: str | None = None,
        tz: str | None = None,
        days: Choice[str] | None = None,
        topics: str | None = None,
        difficulty: Choice[str] | None = None,
        reveal: str | None = None,
    ) -> None:
        pairs = [
            _pair("time", time),
            _pair("tz", tz),
            _pair("days", days.value if days else None),
            _pair("topics", topics),
            _pair("difficulty", difficulty.value if difficulty else None),
            _pair("reveal", reveal),
        ]
        await _run(interaction, "setup", *pairs)

    @app_commands.command(description="Admins: pause this channel's drills")
    async def pause(self, interaction: discord.Interaction) -> None:
        await _run(interaction, "pause")

    @app_commands.command(description="Admins: resume this channel's drills")
    async def resume(self, interaction: discord.Interaction) -> None:
        await _run(interaction, "resume")

    @app_commands.command(description="This channel's drill settings and the next drill")
    async def status(self, interaction: discord.Interaction) -> None:
        await _run(interaction, "status")

    @app_commands.command(name="help", description="What the coach can do")
    async def help_(self, interaction: discord.Interaction) -> None:
        await _run(interaction, "help")

    @app_commands.command(description="A private practice question, or answer your latest one")
    @app_commands.describe(answer="Your answer to your latest practice question")
    @app_commands.choices(difficulty=DIFFICULTIES)
    @app_commands.autocomplete(topic=topic_choices)
    async def drill(
        self,
        interaction: discord.Interaction,
        topic: str | None = None,
        difficulty: Choice[str] | None = None,
        answer: app_commands.Range[str, 1, 4000] | None = None,
    ) -> None:
        if answer:
            await _run(interaction, "drill", "answer", answer)
            return
        level = difficulty.value if difficulty and difficulty.value != "any" else ""
        await _run(interaction, "drill", "".join((topic or "").split()), level)

    @app_commands.command(description="Answer the open drill privately")
    @app_commands.describe(text="Your answer")
    async def answer(
        self, interaction: discord.Interaction, text: app_commands.Range[str, 1, 4000]
    ) -> None:
        await _run(interaction, "answer", text)

    @app_commands.command(description="See the model answers now, privately (after answering)")
    async def reveal(self, interaction: discord.Interaction) -> None:
        await _run(interaction, "reveal")

    @app_commands.command(description="Your streak")
    async def streak(self, interaction: discord.Interaction) -> None:
        await _run(interaction, "streak")

    @app_commands.command(description="This server's leaderboard")
    async def leaderboard(self, interaction: discord.Interaction) -> None:
        await _run(interaction, "leaderboard")

    @app_commands.command(description="Hide yourself from the leaderboard, or show again")
    @app_commands.choices(mode=PRIVACY)
    async def privacy(
        self, interaction: discord.Interaction, mode: Choice[str] | None = None
    ) -> None:
        await _run(interaction, "privacy", mode.value if mode else "")

    @app_commands.command(name="forget-me", description="Delete everything stored about you")
    async def forget_me(self, interaction: discord.Interaction) -> None:
        await _run(interaction, "forget-me")
