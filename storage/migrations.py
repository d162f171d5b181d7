"""Numbered schema migrations, applied in order at start-up and recorded in `migrations`."""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database


def _001_initial(db: Database) -> None:
    db["channels"].create(
        {
            "id": int,
            "platform": str,
            "workspace": str,
            "channel": str,
            "time": str,
            "tz": str,
            "days": str,
            "topics": str,
            "difficulty": str,
            "reveal_minutes": int,
            "paused": int,
            "updated_at": str,
        },
        pk="id",
        not_null=["platform", "workspace", "channel", "time", "tz", "days", "topics", "paused"],
    )
    db["channels"].create_index(["platform", "workspace", "channel"], unique=True)
    db["drills"].create(
        {
            "id": int,
            "channel_id": int,
            "day": str,
            "question_id": str,
            "topic": str,
            "reveal_at": str,
            "created_at": str,
            "message_id": str,
            "thread_id": str,
            "posted_at": str,
            "revealed_at": str,
        },
        pk="id",
        not_null=["channel_id", "day", "question_id", "topic", "reveal_at", "created_at"],
        foreign_keys=[("channel_id", "channels", "id")],
    )
    # The idempotency key of the daily post: one drill per channel per drill day.
    db["drills"].create_index(["channel_id", "day"], unique=True)
    db["drills"].create_index(["thread_id"])
    db["practice"].create(
        {
            "id": int,
            "platform": str,
            "workspace": str,
            "user": str,
            "question_id": str,
            "at": str,
            "answered": int,
        },
        pk="id",
        not_null=["platform", "workspace", "user", "question_id", "at", "answered"],
    )
    db["practice"].create_index(["platform", "workspace", "user"])
    db["attempts"].create(
        {
            "id": int,
            "platform": str,
            "workspace": str,
            "message_id": str,
            "user": str,
            "drill_id": int,
            "practice_id": int,
            "text": str,
            "verdict": str,
            "score": float,
            "at": str,
        },
        pk="id",
        not_null=["platform", "workspace", "message_id", "user", "text", "verdict", "at"],
        foreign_keys=[("drill_id", "drills", "id"), ("practice_id", "practice", "id")],
    )
    # The idempotency key of an answer: one attempt per platform message.
    db["attempts"].create_index(["platform", "workspace", "message_id"], unique=True)
    db["attempts"].create_index(["drill_id", "user"])
    db["people"].create(
        {
            "platform": str,
            "workspace": str,
            "user": str,
            "name": str,
            "current": int,
            "best": int,
            "last_day": str,
            "last_channel_id": int,
            "answered": int,
            "correct": int,
            "hidden": int,
        },
        pk=("platform", "workspace", "user"),
        not_null=["current", "best", "answered", "correct", "hidden"],
    )
    db["people"].create_index(["platform", "workspace", "current"])


MIGRATIONS: list[Callable[[Database], None]] = [_001_initial]


def migrate(db: Database) -> int:
    """Apply every migration not yet recorded; return the schema version reached."""
    db.execute("CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT)")
    done = {row[0] for row in db.execute("SELECT version FROM migrations").fetchall()}
    for version, step in enumerate(MIGRATIONS, start=1):
        if version in done:
            continue
        with db.atomic():
            step(db)
            db.execute(
                "INSERT INTO migrations (version, name) VALUES (?, ?)", [version, step.__name__]
            )
    return len(MIGRATIONS)
