"""`python -m bot db [migrate | migrate-sqlite-to-postgres [--sqlite PATH] [--to URL]]`.

migrate: create or update the configured database's tables (the bot also does it at start).
migrate-sqlite-to-postgres: copy an existing SQLite bot (DATABASE, or --sqlite) into the
PostgreSQL database of DATABASE_URL (or --to), which must be empty; streaks, answers, channels
and their ids move unchanged. The SQLite file is only read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.settings import SettingsError, load_settings
from storage.copy import TargetNotEmpty, copy_state
from storage.urls import (
    DatabaseUnavailable,
    DatabaseUrlError,
    open_store,
    parse_database_url,
    sqlite_url,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot db", description=__doc__.split("\n")[0])
    actions = parser.add_subparsers(dest="action", required=True)
    actions.add_parser("migrate", help="create or update the tables of DATABASE_URL")
    move = actions.add_parser(
        "migrate-sqlite-to-postgres", help="copy a SQLite bot into an empty PostgreSQL database"
    )
    move.add_argument("--sqlite", help="the SQLite file (default: the DATABASE setting)")
    move.add_argument("--to", help="the PostgreSQL URL (default: DATABASE_URL)")
    return parser


def main(args: list[str]) -> int:
    options = _parser().parse_args(args)
    try:
        if options.action == "migrate":
            return _migrate()
        return _move(options.sqlite, options.to)
    except (SettingsError, DatabaseUrlError, DatabaseUnavailable, TargetNotEmpty) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


def _migrate() -> int:
    settings = load_settings()
    store = open_store(settings.database)
    print(f"{settings.database.dialect} database at schema version {store.version}")
    store.close()
    return 0


def _move(sqlite_path: str | None, to: str | None) -> int:
    settings = load_settings()
    target_url = parse_database_url(to) if to else settings.database
    if not target_url.is_postgres:
        raise SettingsError("DATABASE_URL: the target must be postgresql://… (or pass --to URL)")
    path = Path(sqlite_path) if sqlite_path else settings.DATABASE
    if not path.is_file():
        raise SettingsError(f"DATABASE: no SQLite file at {path} (pass --sqlite PATH)")
    source = open_store(sqlite_url(path))
    target = open_store(target_url)
    try:
        copied = copy_state(source, target)
    finally:
        source.close()
        target.close()
    summary = ", ".join(f"{n} {table}" for table, n in copied.items())
    print(f"Copied {summary} from {path} to PostgreSQL. Set DATABASE_URL to it and restart.")
    return 0
