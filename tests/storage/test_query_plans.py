"""The hot queries of bench.history use indexes, so their cost cannot grow with history.

Each Store method in bench.history.HOT is called for real; the statements it ran are captured and
explained. SQLite: no SCAN of a history table (attempts, practice, drills) except through a
partial index, which holds only live rows. PostgreSQL, whose planner rightly prefers sequential
scans of tiny tables: with enable_seqscan off, no Seq Scan of a history table remains, which
means an index serves the query.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import pytest

from bench.history import HOT, Pick
from bench.history_data import PLATFORM
from storage.records import ChannelConfig
from storage.store import Store
from tests.storage.statements import statements_of

HISTORY_TABLES = ("attempts", "practice", "drills")
ALIASES = {"a": "attempts", "b": "attempts", "d": "drills", "c": "channels"}
"""The table aliases storage/store.py uses."""
NARROW = {
    "attempts": {"rowid", "message_id", "drill_id", "user", "practice_id"},
    "practice": {"rowid", "user"},
    "drills": {"rowid", "day", "thread_id"},
}
"""Columns that pin a search to one drill, person, message or row."""
WHOLE_CHANNEL_BY_DESIGN = {"asked_questions"}
"""Returns one row per drill day of a channel (what the picker must avoid repeating)."""
NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
DAY = date(2026, 3, 2)
HOT_CALLS = [(name, query) for group in HOT.values() for name, query in group.items()]


def _seeded(store: Store) -> Pick:
    """One channel with a posted drill and a practice question; the Pick that names them."""
    cfg = store.save_channel(ChannelConfig(PLATFORM, "T0", "C0"), NOW)
    assert cfg.id is not None
    drill = store.add_drill(cfg.id, DAY, "q-0", "nlp", NOW, NOW)
    assert drill is not None
    store.mark_posted(drill.id, "msg-1", "th-1", NOW)
    store.add_practice(PLATFORM, "T0", "U1", "q-1", NOW)
    return Pick("T0", "C0", cfg.id, drill.id, "th-1", "U1", "m1", DAY, "T0", "U1", "fresh-1")


def _statements(store: Store, call: Any, pick: Pick) -> list[tuple[str, Sequence[Any]]]:
    """The statements one Store method runs."""
    seen = statements_of(store, lambda: call(store, pick))
    assert seen, "the method ran no statement"
    return seen


def _partial_indexes(store: Store) -> set[str]:
    rows = store.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'"
    )
    return {r[0] for r in rows}


def _narrow(line: str) -> bool:
    """Whether a SEARCH of a history table pins one drill, person, message or row.

    A search on a channel alone (`channel_id=?`) would read every past day of the channel.
    """
    table = ALIASES.get(line.split()[1], line.split()[1])
    terms = line.rsplit("(", 1)[-1].rstrip(")").split(" AND ")
    columns = {re.match(r"\w+", term).group() for term in terms if re.match(r"\w+", term)}
    return bool(columns & NARROW.get(table, {"rowid"}))


def _sqlite_history_reads(store: Store, name: str, sql: str, params: Sequence[Any]) -> list[str]:
    """Plan lines that read a history table in full, or a channel's whole history."""
    partial = _partial_indexes(store)
    bad = []
    for line in (r[3] for r in store.execute("EXPLAIN QUERY PLAN " + sql, params)):
        words = line.split()
        if words[0] not in ("SCAN", "SEARCH"):
            continue
        if ALIASES.get(words[1], words[1]) not in HISTORY_TABLES:
            continue  # one row per channel or person, not per attempt or day
        if "INDEX" in words and words[words.index("INDEX") + 1] in partial:
            continue  # a partial index holds only live rows
        if words[0] == "SEARCH" and (_narrow(line) or name in WHOLE_CHANNEL_BY_DESIGN):
            continue
        bad.append(line)
    return bad


def _postgres_seq_scans(store: Store, name: str, sql: str, params: Sequence[Any]) -> list[str]:
    plan = [r[0] for r in store.execute("EXPLAIN " + sql, params)]
    return [line for line in plan if any(f"Seq Scan on {t}" in line for t in HISTORY_TABLES)]


def _checker(store: Store) -> Callable[[Store, str, str, Sequence[Any]], list[str]]:
    if store.dialect == "postgresql":
        store.execute("SET enable_seqscan = off")
        return _postgres_seq_scans
    return _sqlite_history_reads


def test_hot_queries_read_history_through_indexes(store: Store) -> None:
    pick = _seeded(store)
    statements = {name: _statements(store, call, pick) for name, call in HOT_CALLS}
    check = _checker(store)
    bad = {
        name: lines
        for name, runs in statements.items()
        for sql, params in runs
        if (lines := check(store, name, sql, params))
    }
    assert bad == {}


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        ("SELECT * FROM attempts WHERE text = ?", ("x",)),
        ("SELECT * FROM drills WHERE channel_id = ? AND revealed_at IS NULL ORDER BY day", (1,)),
    ],
)
def test_a_query_that_grows_with_history_is_caught(
    store: Store, sql: str, params: tuple[Any, ...]
) -> None:
    """The check itself: a full scan, or (SQLite) a walk over a channel's every day."""
    _seeded(store)
    check = _checker(store)
    found = check(store, "a query", sql, params)
    if store.dialect == "postgresql" and "channel_id" in sql:
        assert found == []  # PostgreSQL is held to index use only, and this one uses an index
    else:
        assert found != []


def test_deleting_a_practice_row_finds_its_attempts_through_an_index(store: Store) -> None:
    """forget-me deletes practice rows; the foreign key makes the database look up attempts
    by practice_id, a lookup no plan shows (this is the statement it amounts to)."""
    _seeded(store)
    check = _checker(store)
    assert check(store, "fk", "SELECT 1 FROM attempts WHERE practice_id = ?", (1,)) == []
