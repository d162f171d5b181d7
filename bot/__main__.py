"""`python -m bot [console|discord|slack] [args...]`: pick the platform and run its adapter.

Without a platform argument the environment decides: DISCORD_TOKEN means Discord,
SLACK_BOT_TOKEN means Slack, neither means the terminal drill. Each adapter exposes
`bot.<platform>.cli.main(args: list[str]) -> int`, imported only when chosen.
`python -m bot db …` manages the database instead (see bot/db.py).
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from types import ModuleType

PLATFORMS = ("console", "discord", "slack")


def choose(argv: list[str], environ: dict[str, str] | os._Environ[str]) -> tuple[str, list[str]]:
    """The platform to run and the arguments left for it."""
    if argv and argv[0] in PLATFORMS:
        return argv[0], argv[1:]
    if environ.get("DISCORD_TOKEN"):
        return "discord", argv
    if environ.get("SLACK_BOT_TOKEN"):
        return "slack", argv
    return "console", argv


def import_for_good(name: str) -> ModuleType:
    """Import a module whose objects live as long as the process, then keep the cyclic garbage
    collector from walking them again: it spent about 15% of a 10,000-channel start-up
    re-checking modules, classes and functions that can never be garbage."""
    gc.disable()
    try:
        module = importlib.import_module(name)
    finally:
        gc.enable()
    gc.freeze()
    return module


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["db"]:
        from bot import db

        return db.main(argv[1:])
    platform, args = choose(argv, os.environ)
    cli = import_for_good(f"bot.{platform}.cli")
    return int(cli.main(args))


if __name__ == "__main__":
    sys.exit(main())
