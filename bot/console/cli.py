"""`python -m bot [console] [--fresh] [--database PATH] [--clock 2026-03-02T08:59 [--speed N]]
[--user NAME]`: the terminal drill."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import signal
import sys
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path
from typing import TextIO

from bot.console.clock import ClockError, MovableClock, parse_when
from bot.console.fences import joined_fences
from bot.console.lines import lines_of
from bot.console.output import Printer, terminal_width, wants_colour
from bot.console.session import GOODBYE, ConsoleSession
from bot.runtime import build_runtime
from bot.settings import Settings, SettingsError, load_settings
from content.bank import Bank
from storage.urls import sqlite_url


def parse_args(args: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot console", description=__doc__)
    parser.add_argument(
        "--clock",
        help="start at this time in the channel's zone (ISO, e.g. 2026-03-02T08:59) with time "
        "standing still; move it with /clock +1d or /clock 2026-03-03T09:00",
    )
    parser.add_argument(
        "--speed",
        type=float,
        default=0.0,
        help="with --clock, let time run this many times faster than real time (default 0: "
        "standing still)",
    )
    parser.add_argument(
        "--database", help="SQLite file (default: DATABASE_URL, else DATABASE: data/coach.db)"
    )
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="start from an empty database: deletes the SQLite file first",
    )
    parser.add_argument("--user", default=None, help="your name in the transcript")
    options = parser.parse_args(args)
    if options.speed < 0 or options.speed > 1e7:
        parser.error("--speed is a factor between 0 and 10000000")
    return options


def start_afresh(settings: Settings) -> str:
    """Delete the terminal drill's SQLite file (and its journal); say what went."""
    database = settings.database
    if database.is_postgres:
        raise SettingsError("--fresh empties a SQLite file only: use --database PATH instead")
    path = Path(database.target)
    for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        part.unlink(missing_ok=True)
    return f"Starting afresh: {path} is new."


def run(
    args: list[str],
    lines: TextIO,
    out: TextIO,
    settings: Settings | None = None,
    bank: Bank | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Run a terminal drill over the given input lines; the exit status is returned."""
    options = parse_args(args)
    environ = os.environ if environ is None else environ
    try:
        settings = settings or load_settings()
        if options.database:
            settings = settings.model_copy(update={"DATABASE_URL": sqlite_url(options.database)})
        fresh = start_afresh(settings) if options.fresh else ""
    except SettingsError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    clock = MovableClock()
    try:
        runtime = build_runtime(settings, clock=clock, bank=bank)
    except SettingsError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    user = options.user or getpass.getuser() or "you"
    typing = _isatty(lines)
    printer = Printer(out, terminal_width(out), wants_colour(out, environ), prompt=typing)
    database = settings.database
    where = "" if database.is_postgres else database.target
    session = ConsoleSession(runtime, clock, printer, user, echo=not typing, where=where)
    try:
        if options.clock:
            # Read in the channel's zone (set by /coach setup tz=...), as /clock reads it.
            clock.start_at(parse_when(options.clock, session.channel().tz), options.speed)
        if fresh:
            printer.line(fresh)
        asyncio.run(_drill(session, lines))
    except ClockError as err:
        print(f"error: --clock: {err}", file=sys.stderr)
        return 2
    finally:
        runtime.close()
    return 0


async def _drill(session: ConsoleSession, lines: TextIO) -> None:
    """The session, with Ctrl-C asking it to stop instead of raising KeyboardInterrupt."""
    loop = asyncio.get_running_loop()
    # Not in the main thread (an embedding test) or without signals, Ctrl-D and /quit remain.
    with suppress(NotImplementedError, RuntimeError, ValueError):
        loop.add_signal_handler(signal.SIGINT, session.stop)
    try:
        await session.run(joined_fences(lines_of(lines)))
    finally:
        loop.remove_signal_handler(signal.SIGINT)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False


def main(args: list[str]) -> int:
    try:
        return run(args, sys.stdin, sys.stdout)
    except KeyboardInterrupt:
        # Ctrl-C before the drill's loop was running (opening the database, loading the bank).
        print(f"\n{GOODBYE}")
        return 0
