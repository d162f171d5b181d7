"""Queries of private practice questions (`/coach drill`): a mixin of `Store`, like
storage/standing.py, in the common SQL of SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

from storage.records import Practice
from storage.rows import Runs, practice_from, stored_time


class PracticeQueries:
    """Practice questions and their answers (mixed into Store, which brings `_rows`/`_write`)."""

    def add_practice(
        self: Runs, platform: str, workspace: str, user: str, question_id: str, now: datetime
    ) -> Practice:
        rows, _ = self._write(
            """INSERT INTO practice (platform, workspace, "user", question_id, at, answered)
               VALUES (?, ?, ?, ?, ?, 0) RETURNING *""",
            (platform, workspace, user, question_id, stored_time(now)),
        )
        return practice_from(rows[0])

    def practice(self: Runs, practice_id: int) -> Practice | None:
        rows = self._rows("SELECT * FROM practice WHERE id = ?", (practice_id,))
        return practice_from(rows[0]) if rows else None

    def latest_practice(self: Runs, platform: str, workspace: str, user: str) -> Practice | None:
        rows = self._rows(
            """SELECT * FROM practice WHERE platform = ? AND workspace = ? AND "user" = ?
               ORDER BY id DESC LIMIT 1""",
            (platform, workspace, user),
        )
        return practice_from(rows[0]) if rows else None

    def practiced_questions(self: Runs, platform: str, workspace: str, user: str) -> set[str]:
        rows = self._rows(
            'SELECT question_id FROM practice WHERE platform = ? AND workspace = ? AND "user" = ?',
            (platform, workspace, user),
        )
        return {r[0] for r in rows}

    def mark_practice_answered(self: Runs, practice_id: int) -> None:
        self._write("UPDATE practice SET answered = 1 WHERE id = ?", (practice_id,))
