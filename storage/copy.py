"""Moving a bot's whole state from one store to another (SQLite to PostgreSQL), ids kept."""

from __future__ import annotations

from storage.migrations import TABLES
from storage.store import Store


class TargetNotEmpty(ValueError):
    """The target database already holds a bot's state; copying would mix two bots."""


def counts(store: Store) -> dict[str, int]:
    """Rows per table of the bot's state."""
    return {table: store.execute(f"SELECT COUNT(*) FROM {table}")[0][0] for table in TABLES}


def copy_state(source: Store, target: Store) -> dict[str, int]:
    """Copy every row, parents first, in one transaction of the target; return rows per table."""
    if any(counts(target).values()):
        raise TargetNotEmpty("the target database already holds channels, people or answers")
    with target.transaction():
        for table in TABLES:
            for row in source.execute(f"SELECT * FROM {table}"):
                marks = ", ".join("?" * len(row))
                target.execute(f"INSERT INTO {table} VALUES ({marks})", row)
        if target.dialect == "postgresql":
            _restart_identities(target)
    copied, expected = counts(target), counts(source)
    if copied != expected:  # the transaction committed; say so rather than hide a gap
        raise RuntimeError(f"copied {copied} but the source holds {expected}")
    return copied


def _restart_identities(target: Store) -> None:
    """Copied ids were given explicitly; new rows must be numbered after them."""
    numbered = {
        row[0]
        for row in target.execute(
            """SELECT table_name FROM information_schema.columns
               WHERE table_schema = current_schema() AND column_name = 'id'
               AND is_identity = 'YES'"""
        )
    }
    for table in TABLES:
        if table not in numbered:
            continue  # keyed by what it is about (a person, a card), with no id to number
        target.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        )
