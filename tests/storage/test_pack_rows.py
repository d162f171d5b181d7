"""Stored question packs and a channel's chosen packs, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage.copy import copy_state
from storage.records import ChannelConfig
from storage.sqlite import SqliteStore
from storage.store import Store

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def test_a_pack_is_kept_per_workspace_and_replaced_by_name(store: Store) -> None:
    first = store.save_pack("slack", "T1", "ours", "questions: [a]", 1, NOW)
    other = store.save_pack("slack", "T2", "ours", "questions: [b]", 1, NOW)
    again = store.save_pack("slack", "T1", "ours", "questions: [c, d]", 2, NOW + timedelta(1))
    assert again.id == first.id != other.id
    rows = store.stored_packs()
    assert [(p.workspace, p.name, p.body, p.questions) for p in rows] == [
        ("T1", "ours", "questions: [c, d]", 2),
        ("T2", "ours", "questions: [b]", 1),
    ]
    assert rows[0].added_at == NOW + timedelta(1)


def test_a_channel_keeps_its_chosen_packs(store: Store) -> None:
    default = store.save_channel(ChannelConfig("slack", "T1", "C1"), NOW)
    assert store.channel("slack", "T1", "C1") == default and default.packs == ("builtin",)
    chosen = store.save_channel(ChannelConfig("slack", "T1", "C2", packs=("ours", "builtin")), NOW)
    assert store.channel_by_id(chosen.id or 0) == chosen


def test_packs_move_with_the_rest_of_the_state(store: Store, tmp_path: Path) -> None:
    store.save_pack("discord", "G1", "ours", "questions: [a]", 1, NOW)
    target = SqliteStore(tmp_path / "copy.db")
    try:
        assert copy_state(store, target)["packs"] == 1
        assert [p.name for p in target.stored_packs()] == ["ours"]
    finally:
        target.close()
