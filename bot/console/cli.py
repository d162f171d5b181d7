"""`python -m bot [console] [--clock 2026-03-02T08:59] [--database PATH] [--user NAME]`."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import io
import sys
from typing import TextIO

from bot.console.clock import MovableClock, parse_when
from bot.console.output import Printer
from bot.console.session import ConsoleSession
from bot.runtime import build_runtime
from bot.settings import Settings, SettingsError, load_settings
from content.bank import Bank
from storage.urls import sqlite_url


def parse_args(args: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot console", description=__doc__)
    parser.add_argument(
        "--clock",
        help="start at this local time (ISO, e.g. 2026-03-02T08:59) with time standing still; "
        "move it with /clock +1d or /clock 2026-03-03T09:00",
    )
    parser.add_argument("--database", help="SQLite file (default: DATABASE_URL, else DATABASE)")
    parser.add_argument("--user", default=None, help="your name in the transcript")
    return parser.parse_args(args)


def run(
    args: list[str],
    lines: TextIO,
    out: TextIO,
    settings: Settings | None = None,
    bank: Bank | None = None,
) -> int:
    """Run a terminal drill over the given input lines; the exit status is returned."""
    options = parse_args(args)
    try:
        settings = settings or load_settings()
        if options.database:
            settings = settings.model_copy(update={"DATABASE_URL": sqlite_url(options.database)})
        start = parse_when(options.clock, settings.DEFAULT_TZ) if options.clock else None
    except (SettingsError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    clock = MovableClock(start)
    try:
        runtime = build_runtime(settings, clock=clock, bank=bank)
    except SettingsError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    user = options.user or getpass.getuser() or "you"
    echo = not lines.isatty()
    session = ConsoleSession(runtime, clock, Printer(out), user, echo)
    try:
        asyncio.run(session.run(lines))
    finally:
        runtime.close()
    return 0


def main(args: list[str]) -> int:
    # Undecodable bytes on stdin become U+FFFD instead of ending the session.
    lines = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
    return run(args, lines, sys.stdout)
