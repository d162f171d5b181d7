"""Queries behind fair streaks and the board: early reveals, away spans, holidays, board rows.

A mixin of `Store` (storage/store.py), kept apart so each module stays readable; the SQL is the
common part of SQLite and PostgreSQL, as there.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from storage.records import Attempt, Away, BoardEntry, Person
from storage.rows import Runs, attempt_from, person_from

READABLE = "a.verdict <> 'unparseable'"
"""An attempt the checker could read (or that had no checker): the only kind a board counts."""


class StandingQueries:
    """Streak, reveal and board queries (mixed into Store, which brings `_rows`/`_write`)."""

    # -- the answers that count, for the reveal's key-point feedback ---------------------

    def counted_attempts(self: Runs, drill_id: int) -> list[Attempt]:
        """Every person's latest attempt at a drill (the answers that count), oldest first."""
        rows = self._rows(
            """SELECT * FROM attempts a
               WHERE drill_id = ? AND id = (SELECT MAX(id) FROM attempts b
                   WHERE b.drill_id = a.drill_id AND b."user" = a."user")
               ORDER BY id""",
            (drill_id,),
        )
        return [attempt_from(r) for r in rows]

    # -- early reveals ----------------------------------------------------------------------

    def add_early_reveal(
        self: Runs, drill_id: int, platform: str, workspace: str, user: str, at: datetime
    ) -> None:
        """Remember that a person saw a drill's answers before its reveal (once)."""
        self._write(
            """INSERT INTO early_reveals (drill_id, platform, workspace, "user", at, told)
               VALUES (?, ?, ?, ?, ?, 0)
               ON CONFLICT (drill_id, "user", platform, workspace) DO NOTHING""",
            (drill_id, platform, workspace, user, at.isoformat()),
        )

    def saw_answers(self: Runs, drill_id: int, platform: str, workspace: str, user: str) -> bool:
        rows = self._rows(
            """SELECT 1 FROM early_reveals
               WHERE drill_id = ? AND "user" = ? AND platform = ? AND workspace = ?""",
            (drill_id, user, platform, workspace),
        )
        return bool(rows)

    def tell_closed_once(
        self: Runs, drill_id: int, platform: str, workspace: str, user: str
    ) -> bool:
        """True the first time a person is told their attempt is closed, False afterwards."""
        _, count = self._write(
            """UPDATE early_reveals SET told = 1
               WHERE drill_id = ? AND "user" = ? AND platform = ? AND workspace = ? AND told = 0""",
            (drill_id, user, platform, workspace),
        )
        return count == 1

    # -- away -------------------------------------------------------------------------------

    def add_away(
        self: Runs, platform: str, workspace: str, user: str, start: date, until: date
    ) -> None:
        """Record days away; a span still running or to come is replaced by the new one."""
        keys = (user, platform, workspace)
        self._write(
            """DELETE FROM away WHERE "user" = ? AND platform = ? AND workspace = ?
               AND until_day >= ?""",
            (*keys, start.isoformat()),
        )
        self._write(
            """INSERT INTO away (platform, workspace, "user", start_day, until_day)
               VALUES (?, ?, ?, ?, ?)""",
            (platform, workspace, user, start.isoformat(), until.isoformat()),
        )

    def end_away(self: Runs, platform: str, workspace: str, user: str, today: date) -> bool:
        """End a span that covers today or lies ahead (back early); False when there is none."""
        keys = (user, platform, workspace, today.isoformat())
        _, ahead = self._write(
            """DELETE FROM away WHERE "user" = ? AND platform = ? AND workspace = ?
               AND start_day >= ?""",
            keys,
        )
        yesterday = (today - timedelta(days=1)).isoformat()
        _, running = self._write(
            """UPDATE away SET until_day = ? WHERE "user" = ? AND platform = ? AND workspace = ?
               AND until_day >= ?""",
            (yesterday, *keys),
        )
        return bool(ahead or running)

    def away_spans(self: Runs, platform: str, workspace: str, user: str) -> list[Away]:
        rows = self._rows(
            """SELECT start_day, until_day FROM away
               WHERE "user" = ? AND platform = ? AND workspace = ? ORDER BY start_day""",
            (user, platform, workspace),
        )
        return [Away(date.fromisoformat(r[0]), date.fromisoformat(r[1])) for r in rows]

    # -- holidays ---------------------------------------------------------------------------

    def add_holidays(self: Runs, channel_id: int, days: Iterable[date]) -> None:
        for day in days:
            self._write(
                """INSERT INTO holidays (channel_id, day) VALUES (?, ?)
                   ON CONFLICT (channel_id, day) DO NOTHING""",
                (channel_id, day.isoformat()),
            )

    def clear_holidays(self: Runs, channel_id: int, since: date) -> None:
        """Drop a channel's holidays from a day on (past ones stay: they explain the past)."""
        self._write(
            "DELETE FROM holidays WHERE channel_id = ? AND day >= ?",
            (channel_id, since.isoformat()),
        )

    def holidays(self: Runs, channel_id: int, since: date) -> list[date]:
        rows = self._rows(
            "SELECT day FROM holidays WHERE channel_id = ? AND day >= ? ORDER BY day",
            (channel_id, since.isoformat()),
        )
        return [date.fromisoformat(r[0]) for r in rows]

    def is_holiday(self: Runs, channel_id: int, day: date) -> bool:
        rows = self._rows(
            "SELECT 1 FROM holidays WHERE channel_id = ? AND day = ?",
            (channel_id, day.isoformat()),
        )
        return bool(rows)

    # -- streaks and the board --------------------------------------------------------------

    def drill_days_between(self: Runs, channel_id: int, after: date, before: date) -> list[date]:
        """A channel's drill days strictly between two days (the days a streak could miss)."""
        rows = self._rows(
            "SELECT day FROM drills WHERE channel_id = ? AND day > ? AND day < ? ORDER BY day",
            (channel_id, after.isoformat(), before.isoformat()),
        )
        return [date.fromisoformat(r[0]) for r in rows]

    def posted_drills(self: Runs, channel_id: int, since: date) -> list[tuple[date, bool]]:
        """(day, still open) of a channel's posted drills from a day on: what people received."""
        rows = self._rows(
            """SELECT day, revealed_at FROM drills WHERE channel_id = ? AND day >= ?
               AND posted_at IS NOT NULL ORDER BY day""",
            (channel_id, since.isoformat()),
        )
        return [(date.fromisoformat(r[0]), r[1] is None) for r in rows]

    def board_entries(self: Runs, channel_id: int, since: date) -> list[BoardEntry]:
        """Everyone's latest readable answer to each of a channel's drills from a day on."""
        rows = self._rows(
            f"""SELECT a."user", d.day, a.verdict, COALESCE(a.score, 0)
                FROM drills d JOIN attempts a ON a.drill_id = d.id
                WHERE d.channel_id = ? AND d.day >= ? AND {READABLE}
                AND a.id = (SELECT MAX(b.id) FROM attempts b WHERE b.drill_id = a.drill_id
                    AND b."user" = a."user" AND b.verdict <> 'unparseable')""",
            (channel_id, since.isoformat()),
        )
        return [BoardEntry(r[0], date.fromisoformat(r[1]), r[2], float(r[3])) for r in rows]

    def first_answer_day(
        self: Runs, channel_id: int, platform: str, workspace: str, user: str
    ) -> date | None:
        """The day of a person's first readable answer in a channel (when they joined it)."""
        rows = self._rows(
            f"""SELECT MIN(d.day) FROM attempts a JOIN drills d ON d.id = a.drill_id
                WHERE a."user" = ? AND a.platform = ? AND a.workspace = ? AND d.channel_id = ?
                AND {READABLE}""",
            (user, platform, workspace, channel_id),
        )
        return date.fromisoformat(rows[0][0]) if rows and rows[0][0] else None

    def leaderboard(self: Runs, platform: str, workspace: str, limit: int) -> list[Person]:
        """Visible people of one workspace by stored current streak, then correct answers."""
        rows = self._rows(
            """SELECT * FROM people WHERE platform = ? AND workspace = ? AND hidden = 0
               AND answered > 0 ORDER BY current DESC, correct DESC, "user" LIMIT ?""",
            (platform, workspace, limit),
        )
        return [person_from(r) for r in rows]
