"""The queries of the question packs a workspace added (`/coach pack add`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from storage.records import StoredPack

Row = tuple[Any, ...]


class PackQueries:
    """Pack rows, for the Store (which brings `_write` and `_rows`)."""

    def _write(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[Row], int]:
        raise TypeError(f"{type(self).__name__} has no connection")

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        raise TypeError(f"{type(self).__name__} has no connection")

    def save_pack(
        self, platform: str, workspace: str, name: str, body: str, questions: int, now: datetime
    ) -> StoredPack:
        """Add a workspace's pack, or replace its pack of that name (the id stays)."""
        rows, _ = self._write(
            """INSERT INTO packs (platform, workspace, name, body, questions, added_at)
               VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (platform, workspace, name) DO UPDATE SET
                   body = excluded.body, questions = excluded.questions,
                   added_at = excluded.added_at
               RETURNING id""",
            (platform, workspace, name, body, questions, now.isoformat()),
        )
        return StoredPack(rows[0][0], platform, workspace, name, body, questions, now)

    def stored_packs(self) -> list[StoredPack]:
        """Every workspace's packs, oldest first."""
        rows = self._rows(
            "SELECT id, platform, workspace, name, body, questions, added_at FROM packs ORDER BY id"
        )
        return [
            StoredPack(r[0], r[1], r[2], r[3], r[4], r[5], datetime.fromisoformat(r[6]))
            for r in rows
        ]
