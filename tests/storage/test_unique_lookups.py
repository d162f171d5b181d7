"""Lookups by a unique key use that key's index, statistics or not (migration 5).

A new PostgreSQL database has no statistics until autovacuum's first ANALYZE; its planner then
took any index beginning with (platform, workspace) and filtered the whole workspace.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from storage.records import Attempt, ChannelConfig, Person
from storage.store import Store
from tests.storage.statements import statements_of

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _seeded(store: Store) -> None:
    """A workspace with many attempts and people, never analysed."""
    cfg = store.save_channel(ChannelConfig("discord", "G1", "C1"), NOW)
    assert cfg.id is not None
    drill = store.add_drill(cfg.id, NOW.date(), "q-0", "nlp", NOW, NOW)
    assert drill is not None
    with store.transaction():
        for i in range(300):
            user = f"U{i % 60}"
            store.add_attempt(
                Attempt("discord", "G1", f"m{i}", user, "0.5", "correct", 1.0, NOW, drill.id)
            )
            store.save_person(Person("discord", "G1", user, answered=1))


def _plan(store: Store, call: Callable[[Store], Any]) -> str:
    """The plan of the one statement `call` runs."""
    seen = statements_of(store, lambda: call(store))
    ((sql, params),) = seen
    prefix = "EXPLAIN " if store.dialect == "postgresql" else "EXPLAIN QUERY PLAN "
    return "\n".join(str(row[-1]) for row in store.execute(prefix + sql, params))


@pytest.mark.parametrize(
    ("call", "postgres_index", "sqlite_index"),
    [
        (
            lambda s: s.find_attempt("discord", "G1", "m7"),
            "idx_attempts_platform_workspace_message_id",
            "idx_attempts_platform_workspace_message_id",
        ),
        (lambda s: s.person("discord", "G1", "U7"), "people_pkey", "sqlite_autoindex_people_1"),
    ],
    ids=["find_attempt", "person"],
)
def test_a_lookup_by_unique_key_uses_its_index_without_statistics(
    store: Store, call: Callable[[Store], Any], postgres_index: str, sqlite_index: str
) -> None:
    _seeded(store)
    plan = _plan(store, call)
    if store.dialect == "postgresql":
        assert f"Index Scan using {postgres_index} " in plan, plan
        assert "Filter" not in plan, plan
    else:
        assert f"USING INDEX {sqlite_index} " in plan, plan


def test_the_leaderboard_and_forget_me_keep_an_index(store: Store) -> None:
    _seeded(store)
    board = _plan(store, lambda s: s.leaderboard("discord", "G1", 10))
    gone = store.execute("SELECT COUNT(*) FROM attempts WHERE \"user\" = 'U7'")[0][0]
    assert gone == 5
    if store.dialect == "postgresql":
        store.execute("SET enable_seqscan = off")
        board = _plan(store, lambda s: s.leaderboard("discord", "G1", 10))
        forget = store.execute(
            """EXPLAIN DELETE FROM attempts WHERE platform = 'discord' AND workspace = 'G1'
               AND "user" = 'U7'"""
        )
        assert "idx_attempts_user_platform_workspace" in str(forget), forget
        assert "idx_people_leaderboard" in board, board
    else:
        forget = store.execute(
            """EXPLAIN QUERY PLAN DELETE FROM attempts WHERE platform = 'discord'
               AND workspace = 'G1' AND "user" = 'U7'"""
        )
        assert "idx_attempts_user_platform_workspace" in str(forget), forget
        assert "idx_people_leaderboard" in board, board
    assert store.forget("discord", "G1", "U7") == 6
