"""The /coach payload sent to Discord, built from the command table, offline."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.discord.commands import CoachCommands
from handlers.command_table import COMMANDS


def payload() -> dict[str, Any]:
    tree = app_commands.CommandTree(discord.Client(intents=discord.Intents.none()))
    group = CoachCommands()
    tree.add_command(group)
    return group.to_dict(tree)


def test_every_subcommand_and_option_comes_from_the_table_with_a_description() -> None:
    subs = {s["name"]: s for s in payload()["options"]}
    assert list(subs) == [e.name for e in COMMANDS]
    for entry in COMMANDS:
        options = {o["name"]: o for o in subs[entry.name].get("options", [])}
        assert set(options) == {o.name for o in entry.options}
        for option in entry.options:
            sent = options[option.name]
            assert sent["description"] == option.description and sent["description"] != "…"
            assert sent.get("required", False) == option.required
            choices = [c["value"] for c in sent.get("choices", [])]
            assert choices == [c.value for c in option.choices]
            assert sent.get("autocomplete", False) == bool(option.complete)
            assert sent.get("max_length") == option.max_length
        assert 1 <= len(subs[entry.name]["description"]) <= 100


def test_guild_only_is_said_with_contexts_not_the_deprecated_dm_permission() -> None:
    sent = payload()
    assert "dm_permission" not in sent
    assert sent["contexts"] == [0] and sent["integration_types"] == [0]  # GUILD, GUILD_INSTALL
