"""`python -m bot discord [run | sync [--guild ID] | invite-url]`."""

from __future__ import annotations

import argparse
import asyncio
import base64
import logging
import sys

import aiohttp
import discord
from discord import app_commands

from bot.discord.client import coach_bot
from bot.discord.commands import CoachCommands
from bot.discord.config import DiscordSettings, intents, point_discord_at
from bot.heap import freeze_survivors
from bot.runtime import Runtime, build_runtime, configure_logging
from bot.settings import Settings, SettingsError, load_settings

log = logging.getLogger(__name__)
SCOPES = ("bot", "applications.commands")
PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    embed_links=True,
    read_message_history=True,
    add_reactions=True,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot discord", description="The coach on Discord"
    )
    actions = parser.add_subparsers(dest="action")
    actions.add_parser("run", help="connect and run the daily drills (the default)")
    sync = actions.add_parser("sync", help="register the /coach commands with Discord")
    sync.add_argument("--guild", type=int, help="one server only: instant, for testing")
    actions.add_parser("invite-url", help="print the link that adds the bot to a server")
    return parser


def main(args: list[str]) -> int:
    """Run the chosen action; 2 on a settings error."""
    options = _parser().parse_args(args)
    try:
        settings = load_settings()
        discord_settings = DiscordSettings.from_settings(settings)
    except SettingsError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if options.action == "invite-url":
        print(invite_url(discord_settings.token))
        return 0
    point_discord_at(discord_settings)
    try:
        if options.action == "sync":
            return asyncio.run(sync_commands(discord_settings, options.guild))
        configure_logging(settings)
        log.info("connecting to Discord")
        return asyncio.run(run(settings, discord_settings))
    except SettingsError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except discord.LoginFailure as err:
        print(f"error: DISCORD_TOKEN: Discord refused the token ({err})", file=sys.stderr)
        return 2
    except (aiohttp.ClientError, OSError) as err:
        # Discord unreachable at login: the orchestrator's restart (with its backoff) retries.
        print(f"error: cannot reach Discord to log in ({type(err).__name__})", file=sys.stderr)
        return 1


def application_id(token: str) -> int:
    """A bot token's first part is its user id (the application's id), base64-encoded."""
    head = token.split(".", 1)[0]
    try:
        return int(base64.b64decode(head + "=" * (-len(head) % 4)))
    except ValueError:
        raise SettingsError("DISCORD_TOKEN does not look like a bot token") from None


def invite_url(token: str) -> str:
    """The OAuth2 link with exactly the scopes and permissions the coach uses."""
    return discord.utils.oauth_url(application_id(token), permissions=PERMISSIONS, scopes=SCOPES)


async def sync_commands(settings: DiscordSettings, guild: int | None) -> int:
    """Log in over REST only and overwrite the registered /coach commands."""
    client = discord.Client(intents=intents(settings))
    tree = app_commands.CommandTree(client)
    tree.add_command(CoachCommands())
    async with client:
        await client.login(settings.token)
        target = discord.Object(guild) if guild else None
        if target is not None:
            tree.copy_global_to(guild=target)
        synced = await tree.sync(guild=target)
    where = f"server {guild}" if guild else "every server (may take up to an hour to show)"
    print(f"Synced {len(synced)} command(s) to {where}.")
    return 0


async def run(settings: Settings, discord_settings: DiscordSettings) -> int:
    """Connect, start the scheduler at the first READY, run until stopped."""
    runtime = build_runtime(settings)
    try:
        try:
            await _serve(runtime, discord_settings)
        except discord.PrivilegedIntentsRequired:
            log.warning(
                "the Message Content intent is not enabled for this bot: thread replies cannot "
                "be read, answers go through /coach answer and the Answer button"
            )
            without = DiscordSettings(**{**discord_settings.__dict__, "message_content": False})
            await _serve(runtime, without)
    finally:
        runtime.close()
    return 0


async def _serve(runtime: Runtime, discord_settings: DiscordSettings) -> None:
    bot = coach_bot(runtime.coach, discord_settings)
    runtime.retry_catch_ups(bot.catch_ups)
    scheduler = runtime.scheduler(bot.sender, "discord")
    bot.first_ready.append(scheduler.start)

    async def settle() -> None:
        # Guilds, channels and members are cached by now: out of the collector's way for good.
        freeze_survivors()

    bot.first_ready.append(settle)
    runtime.health.platform = bot.gateway_connected
    try:
        async with bot, runtime.serving(bot.close):
            # The timetable needs only the database: ready before connecting, not after
            # discord.py's wait for guilds (seconds); catch-up and firing start at READY.
            scheduler.prepare()
            try:
                await runtime.lifecycle.until_stopped(bot.start(discord_settings.token))
            except Exception:
                # A stop while logging in closes the client under discord.py, which then fails
                # in whatever it was doing (closed session or connector): that is the stop.
                if not runtime.lifecycle.stopping.is_set():
                    raise
                log.info("stopped while connecting to Discord")
    finally:
        scheduler.shutdown()
        runtime.catch_ups.remove(bot.catch_ups)
