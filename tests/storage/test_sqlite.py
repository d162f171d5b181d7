"""The SQLite store: pragmas, migrations, idempotency keys, workspace scoping, forgetting."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from storage.records import Attempt, ChannelConfig, Person
from storage.sqlite import SqliteStore

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def attempt(message_id: str, user: str = "u1", workspace: str = "w1", **kw: object) -> Attempt:
    fields: dict[str, object] = dict(
        platform="slack",
        workspace=workspace,
        message_id=message_id,
        user=user,
        text="x",
        verdict="received",
        score=0.0,
        at=NOW,
        drill_id=1,
    )
    fields.update(kw)
    return Attempt(**fields)  # type: ignore[arg-type]


def test_wal_foreign_keys_and_migrations_applied_once(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "a.db")
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()
    again = SqliteStore(tmp_path / "a.db")
    assert again.db.execute("SELECT version FROM migrations").fetchall() == [(1,)]
    again.close()


def test_one_drill_per_channel_per_day_and_one_attempt_per_message(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "a.db")
    cfg = store.save_channel(ChannelConfig("slack", "w1", "c1"), NOW)
    day = date(2026, 3, 2)
    assert store.add_drill(cfg.id, day, "q1", "nlp", NOW, NOW) is not None
    assert store.add_drill(cfg.id, day, "q2", "nlp", NOW, NOW) is None
    assert store.add_attempt(attempt("m1")) is True
    assert store.add_attempt(attempt("m1", text="again")) is False
    assert store.find_attempt("slack", "w1", "m1").text == "x"
    store.close()


def test_drills_attempts_and_people_are_scoped_by_workspace(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "a.db")
    one = store.save_channel(ChannelConfig("slack", "w1", "c1"), NOW)
    store.add_drill(one.id, date(2026, 3, 2), "q1", "nlp", NOW, NOW)
    store.mark_posted(1, "m", "t1", NOW)
    assert store.drill_in_thread("slack", "w1", "t1") is not None
    assert store.drill_in_thread("slack", "w2", "t1") is None
    store.save_person(Person("slack", "w1", "u1", answered=1, current=3))
    assert store.leaderboard("slack", "w2", 10) == []
    assert store.add_attempt(attempt("m1", workspace="w2")) is True  # same id, other workspace
    store.close()


def test_forget_deletes_one_person_in_one_workspace_only(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "a.db")
    cfg = store.save_channel(ChannelConfig("slack", "w1", "c1"), NOW)
    store.add_drill(cfg.id, date(2026, 3, 2), "q1", "nlp", NOW, NOW)
    store.add_attempt(attempt("m1"))
    store.add_attempt(attempt("m2", user="u2"))
    store.save_person(Person("slack", "w1", "u1", answered=1))
    assert store.forget("slack", "w1", "u1") == 2
    assert store.find_attempt("slack", "w1", "m1") is None
    assert store.find_attempt("slack", "w1", "m2") is not None
    store.close()
