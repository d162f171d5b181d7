"""Login, gateway identify and command sync, with the real client against the fake Discord."""

from __future__ import annotations

import discord

from bot.discord.cli import invite_url, sync_commands
from tests.bot.discord.conftest import World

SUBCOMMANDS = {
    "setup", "pause", "resume", "status", "help", "drill", "answer", "reveal", "streak",
    "leaderboard", "away", "privacy", "review", "remind", "me", "stats", "forget-me", "pack",
}  # fmt: skip


async def test_login_identifies_with_the_minimal_intents(world: World) -> None:
    assert world.bot.user is not None and str(world.bot.user.id) == world.fake.app_id
    assert world.fake.identify_count == 1
    sent = discord.Intents._from_value(world.fake.intents)
    assert sent.guilds and sent.guild_messages and sent.message_content
    assert not sent.members and not sent.presences
    assert world.bot.get_channel(int(world.channel)) is not None


async def test_sync_registers_every_subcommand_with_typed_options(world: World) -> None:
    assert await sync_commands(world.bot.settings, int(world.guild)) == 0
    (coach,) = world.fake.commands[world.guild]
    assert coach["name"] == "coach"
    options = {o["name"]: o for o in coach["options"]}
    assert set(options) == SUBCOMMANDS
    setup = {o["name"]: o for o in options["setup"]["options"]}
    assert setup["tz"]["autocomplete"] is True and setup["topics"]["autocomplete"] is True
    assert [c["value"] for c in setup["days"]["choices"]][:2] == ["daily", "mon-fri"]
    assert {o["name"] for o in options["answer"]["options"]} == {"text"}
    assert "skip" in setup and {o["name"] for o in options["away"]["options"]} == {"until"}
    (period,) = options["leaderboard"]["options"]
    assert [c["value"] for c in period["choices"]] == ["week", "month", "all"]
    assert None not in world.fake.commands  # a guild sync leaves the global commands alone


async def test_timezone_autocomplete_offers_iana_names(world: World) -> None:
    typed = await world.fake.slash(
        world.channel, world.member, "setup", focused="tz", tz="europe/pa"
    )
    await world.fake.wait_for(lambda: typed.callbacks)
    (callback,) = typed.callbacks
    assert callback["type"] == 8
    assert {"name": "Europe/Paris", "value": "Europe/Paris"} in callback["data"]["choices"]


def test_invite_url_asks_for_exactly_what_the_coach_uses() -> None:
    url = invite_url("MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.signature")
    assert "client_id=123456789012345678" in url
    assert "scope=bot+applications.commands" in url
    permissions = discord.Permissions(int(url.split("permissions=")[1].split("&")[0]))
    assert permissions.send_messages_in_threads and permissions.create_public_threads
    assert permissions.add_reactions and permissions.read_message_history
    assert not permissions.administrator and not permissions.mention_everyone
