"""`python -m bot slack [--http] [--host H] [--port N]`: run the coach on Slack."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bot.runtime import build_runtime, configure_logging
from bot.settings import Settings, SettingsError, load_settings

from .app import build_bot
from .modes import run

log = logging.getLogger(__name__)


def parse_args(args: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot slack",
        description="Run the coach on Slack: Socket Mode when SLACK_APP_TOKEN is set, "
        "else HTTP mode with SLACK_SIGNING_SECRET.",
    )
    parser.add_argument("--http", action="store_true", help="HTTP mode even if an app token is set")
    parser.add_argument("--host", default="0.0.0.0", help="HTTP mode: address to listen on")
    parser.add_argument("--port", type=int, help="HTTP mode: port (default SLACK_PORT)")
    return parser.parse_args(args)


def check_mode(settings: Settings, http: bool) -> str | None:
    """The app token for Socket Mode, or None for HTTP mode; fails fast on missing settings."""
    settings.require("SLACK_BOT_TOKEN")
    if not http and settings.SLACK_APP_TOKEN:
        return settings.SLACK_APP_TOKEN.get_secret_value()
    if not settings.SLACK_SIGNING_SECRET:
        raise SettingsError(
            "SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) must be set"
        )
    return None


def main(args: list[str]) -> int:
    options = parse_args(args)
    try:
        settings = load_settings()
        app_token = check_mode(settings, options.http)
        runtime = build_runtime(settings)
    except SettingsError as err:
        print(f"python -m bot slack: {err}", file=sys.stderr)
        return 2
    configure_logging(settings)
    log.info("connecting to Slack (%s)", "Socket Mode" if app_token else "HTTP mode")
    bot = build_bot(runtime, http_mode=app_token is None)
    try:
        asyncio.run(run(bot, app_token, options.host, options.port or settings.SLACK_PORT))
    except SettingsError as err:
        print(f"python -m bot slack: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    finally:
        runtime.close()
    return 0
