"""`python -m bot [console|discord|slack] [args...]`: pick the platform and run its adapter.

Without a platform argument the environment decides: DISCORD_TOKEN means Discord,
SLACK_BOT_TOKEN means Slack, neither means the terminal drill, unless there is no terminal
and nothing to read: in a container (stdin on /dev/null) the drill would end at once and be
restarted in a silent loop, so the bot says which variables to set and exits 2. Each adapter exposes
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
NO_TOKEN = (
    "error: no DISCORD_TOKEN or SLACK_BOT_TOKEN is set and there is no terminal for the drill: "
    "set DISCORD_TOKEN (Discord) or SLACK_BOT_TOKEN with SLACK_APP_TOKEN or "
    "SLACK_SIGNING_SECRET (Slack); `python -m bot console < script.txt` reads typed lines"
)


def nothing_to_read(fd: int = 0) -> bool:
    """stdin closed or /dev/null: how a container or a worker dyno starts a process."""
    try:
        opened = os.fstat(fd)
    except OSError:
        return True
    if os.isatty(fd):
        return False
    null = os.stat(os.devnull)
    return (opened.st_rdev, opened.st_ino) == (null.st_rdev, null.st_ino)


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
    if platform == "console" and argv[:1] != ["console"] and nothing_to_read():
        print(NO_TOKEN, file=sys.stderr)
        return 2
    cli = import_for_good(f"bot.{platform}.cli")
    return int(cli.main(args))


if __name__ == "__main__":
    sys.exit(main())
