"""Every query the bot makes, each behind a named method, written once for both dialects.

A dialect subclass (`SqliteStore`, `PostgresStore`) opens the connection and supplies `_run` and
`transaction`; the SQL here is the common part of SQLite and PostgreSQL (`?` placeholders, which
the PostgreSQL store translates). Times are stored as ISO-8601 UTC text, days as YYYY-MM-DD, so
both databases hold the very same values.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Any

from storage.deliveries import DeliveryQueries
from storage.learning import LearningQueries
from storage.leases import LeaseQueries
from storage.migrations import PERSONAL_TABLES
from storage.packs import PackQueries
from storage.practice import PracticeQueries
from storage.records import Attempt, ChannelConfig, Drill, Figures, Person
from storage.rows import (
    Row,
    attempt_from,
    channel_from,
    drill_from,
    person_from,
    read_day,
    stored_time,
)
from storage.shards import ShardQueries
from storage.standing import StandingQueries

__all__ = ["Row", "Store"]


class Store(
    StandingQueries,
    PracticeQueries,
    PackQueries,
    LeaseQueries,
    DeliveryQueries,
    ShardQueries,
    LearningQueries,
):
    """All reads and writes of the bot's state; subclasses bring the connection."""

    dialect = ""
    version = 0

    def _run(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[Row], int]:
        """Run one statement; return its rows (none for a write without RETURNING) and count."""
        raise TypeError(f"{type(self).__name__} has no connection")

    def transaction(self) -> AbstractContextManager[None]:
        """Group the writes inside into one transaction (nested blocks use savepoints)."""
        raise TypeError(f"{type(self).__name__} has no connection")

    def close(self) -> None:
        """Close the connection (after finishing what it needs to)."""

    def checkpoint(self) -> None:
        """Housekeeping the scheduler runs every minute; nothing unless the dialect needs it."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run one statement and return its rows."""
        return self._run(sql, params)[0]

    def ping(self) -> bool:
        """True when the database answers a trivial query."""
        return self.execute("SELECT 1") == [(1,)]

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._run(sql, params)[0]

    def in_transaction(self) -> bool:
        """Whether a transaction is open (a dialect that cannot tell says no)."""
        return False

    def _write(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[Row], int]:
        """Run one write in a transaction; return its RETURNING rows and the row count."""
        if self.in_transaction():
            # Within the caller's transaction a savepoint would add two statements (round trips
            # on PostgreSQL) to every write of a reply, for a failure no caller catches and
            # survives: a failed write ends the caller's whole block either way.
            return self._run(sql, params)
        with self.transaction():
            return self._run(sql, params)

    # -- channels ---------------------------------------------------------------------------

    def save_channel(self, cfg: ChannelConfig, now: datetime) -> ChannelConfig:
        """Create or update a channel's setup; return it with its id."""
        rows, _ = self._write(
            """INSERT INTO channels (platform, workspace, channel, time, tz, days, topics,
                   difficulty, reveal_minutes, paused, updated_at, packs)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (platform, workspace, channel) DO UPDATE SET
                   time = excluded.time, tz = excluded.tz, days = excluded.days,
                   topics = excluded.topics, difficulty = excluded.difficulty,
                   reveal_minutes = excluded.reveal_minutes, paused = excluded.paused,
                   updated_at = excluded.updated_at, packs = excluded.packs
               RETURNING id""",
            (
                cfg.platform,
                cfg.workspace,
                cfg.channel,
                cfg.time,
                cfg.tz,
                ",".join(map(str, cfg.days)),
                ",".join(cfg.topics),
                cfg.difficulty,
                cfg.reveal_minutes,
                int(cfg.paused),
                stored_time(now),
                ",".join(cfg.packs),
            ),
        )
        return ChannelConfig(**{**cfg.__dict__, "id": rows[0][0]})

    def channel(self, platform: str, workspace: str, channel: str) -> ChannelConfig | None:
        """The setup of one channel, if it has one."""
        rows = self._rows(
            "SELECT * FROM channels WHERE platform = ? AND workspace = ? AND channel = ?",
            (platform, workspace, channel),
        )
        return channel_from(rows[0]) if rows else None

    def channel_by_id(self, channel_id: int) -> ChannelConfig | None:
        rows = self._rows("SELECT * FROM channels WHERE id = ?", (channel_id,))
        return channel_from(rows[0]) if rows else None

    def active_channels(self, platform: str | None = None) -> list[ChannelConfig]:
        """Every channel that is set up and not paused (on one platform when given)."""
        sql = "SELECT * FROM channels WHERE paused = 0"
        params: tuple[str, ...] = ()
        if platform is not None:
            sql += " AND platform = ?"
            params = (platform,)
        return [channel_from(r) for r in self._rows(sql + " ORDER BY id", params)]

    # -- drills ----------------------------------------------------------------------------

    def add_drill(
        self,
        channel_id: int,
        day: date,
        question_id: str,
        topic: str,
        reveal_at: datetime,
        now: datetime,
    ) -> Drill | None:
        """Record the drill of a channel's day; None when that day already has one."""
        rows, _ = self._write(
            """INSERT INTO drills (channel_id, day, question_id, topic, reveal_at, created_at)
               VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (channel_id, day) DO NOTHING
               RETURNING *""",
            (
                channel_id,
                day.isoformat(),
                question_id,
                topic,
                stored_time(reveal_at),
                stored_time(now),
            ),
        )
        return drill_from(rows[0]) if rows else None

    def drill(self, drill_id: int) -> Drill | None:
        rows = self._rows("SELECT * FROM drills WHERE id = ?", (drill_id,))
        return drill_from(rows[0]) if rows else None

    def drill_on(self, channel_id: int, day: date) -> Drill | None:
        """The drill a channel had (or has) on a given day."""
        rows = self._rows(
            "SELECT * FROM drills WHERE channel_id = ? AND day = ?", (channel_id, day.isoformat())
        )
        return drill_from(rows[0]) if rows else None

    def drill_in_thread(
        self, platform: str, workspace: str, channel: str, thread_id: str
    ) -> Drill | None:
        """The drill whose thread this is, in one channel: a Slack thread's ts is unique only
        within its channel, so another channel's message with the same ts is not this drill's."""
        rows = self._rows(
            # CROSS JOIN: SQLite keeps drills outermost, found by thread id (one row), instead
            # of walking every drill day of the channel it would find first.
            """SELECT d.* FROM drills d CROSS JOIN channels c
               WHERE c.id = d.channel_id AND d.thread_id = ? AND c.platform = ?
                 AND c.workspace = ? AND c.channel = ?""",
            (thread_id, platform, workspace, channel),
        )
        return drill_from(rows[0]) if rows else None

    def open_drill(self, channel_id: int) -> Drill | None:
        """The channel's latest posted drill that has not been revealed yet."""
        rows = self._rows(
            """SELECT * FROM drills WHERE channel_id = ? AND posted_at IS NOT NULL
               AND revealed_at IS NULL ORDER BY day DESC LIMIT 1""",
            (channel_id,),
        )
        return drill_from(rows[0]) if rows else None

    def drill_day_before(self, channel_id: int, day: date) -> date | None:
        """The channel's last drill day before a day (days it actually had a drill)."""
        rows = self._rows(
            "SELECT MAX(day) FROM drills WHERE channel_id = ? AND day < ?",
            (channel_id, day.isoformat()),
        )
        return read_day(rows[0][0])

    def asked_questions(self, channel_id: int) -> list[tuple[str, str]]:
        """(question id, topic) of every drill the channel has had, oldest first."""
        rows = self._rows(
            "SELECT question_id, topic FROM drills WHERE channel_id = ? ORDER BY day",
            (channel_id,),
        )
        return [(r[0], r[1]) for r in rows]

    def mark_posted(
        self, drill_id: int, message_id: str, thread_id: str | None, now: datetime
    ) -> None:
        """Remember where a drill was posted."""
        self._write(
            # The send's lease ends with it: the reveal is anyone's to take.
            """UPDATE drills SET message_id = ?, thread_id = ?, posted_at = ?,
                   lease_owner = NULL, lease_until = NULL WHERE id = ?""",
            (message_id, thread_id or message_id, stored_time(now), drill_id),
        )

    def mark_revealed(self, drill_id: int, now: datetime) -> bool:
        """Mark a drill revealed; False when it already was."""
        _, count = self._write(
            """UPDATE drills SET revealed_at = ?, lease_owner = NULL, lease_until = NULL
               WHERE id = ? AND revealed_at IS NULL""",
            (stored_time(now), drill_id),
        )
        return count == 1

    def unposted_drills(self, platform: str) -> list[Drill]:
        """Drills recorded but never posted (a send failed or the bot stopped in between)."""
        rows = self._rows(
            # CROSS JOIN makes SQLite start from the few unposted drills (idx_drills_unposted)
            # instead of walking every drill of every channel.
            """SELECT d.* FROM drills d CROSS JOIN channels c
               WHERE c.id = d.channel_id AND d.posted_at IS NULL AND c.platform = ?
               ORDER BY d.id""",
            (platform,),
        )
        return [drill_from(r) for r in rows]

    def unrevealed_drills(self, platform: str) -> list[Drill]:
        """Posted drills still waiting for their reveal, earliest reveal first."""
        rows = self._rows(
            """SELECT d.* FROM drills d JOIN channels c ON c.id = d.channel_id
               WHERE d.posted_at IS NOT NULL AND d.revealed_at IS NULL AND c.platform = ?
               ORDER BY d.reveal_at""",
            (platform,),
        )
        return [drill_from(r) for r in rows]

    def figures(self, drill_id: int) -> Figures:
        """People who answered a drill, and how many of them have a correct latest answer."""
        row = self._rows(
            """SELECT COUNT(*), COALESCE(SUM(CASE WHEN verdict = 'correct' THEN 1 ELSE 0 END), 0)
               FROM attempts a
               WHERE drill_id = ? AND id = (SELECT MAX(id) FROM attempts b
                   WHERE b.drill_id = a.drill_id AND b."user" = a."user")""",
            (drill_id,),
        )[0]
        return Figures(answered=row[0], correct=row[1])

    # -- attempts --------------------------------------------------------------------------

    def find_attempt(self, platform: str, workspace: str, message_id: str) -> Attempt | None:
        rows = self._rows(
            "SELECT * FROM attempts WHERE platform = ? AND workspace = ? AND message_id = ?",
            (platform, workspace, message_id),
        )
        return attempt_from(rows[0]) if rows else None

    def add_attempt(self, attempt: Attempt) -> bool:
        """Record an attempt; False when that platform message was already recorded."""
        _, count = self._write(
            """INSERT INTO attempts (platform, workspace, message_id, "user", drill_id,
                   practice_id, text, verdict, score, at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (platform, workspace, message_id) DO NOTHING""",
            (
                attempt.platform,
                attempt.workspace,
                attempt.message_id,
                attempt.user,
                attempt.drill_id,
                attempt.practice_id,
                attempt.text,
                attempt.verdict,
                attempt.score,
                stored_time(attempt.at),
            ),
        )
        return count == 1

    def replace_attempt(self, attempt: Attempt) -> None:
        """Overwrite an edited attempt's text and verdict (same platform message)."""
        self._write(
            """UPDATE attempts SET text = ?, verdict = ?, score = ?, at = ?
               WHERE platform = ? AND workspace = ? AND message_id = ?""",
            (
                attempt.text,
                attempt.verdict,
                attempt.score,
                stored_time(attempt.at),
                attempt.platform,
                attempt.workspace,
                attempt.message_id,
            ),
        )

    def latest_verdict(self, drill_id: int, user: str) -> str | None:
        """The verdict of a person's latest attempt at a drill, None when they have none."""
        rows = self._rows(
            """SELECT verdict FROM attempts WHERE drill_id = ? AND "user" = ?
               ORDER BY id DESC LIMIT 1""",
            (drill_id, user),
        )
        return rows[0][0] if rows else None

    def latest_attempt(self, drill_id: int, user: str) -> Attempt | None:
        """A person's latest attempt at a drill: the answer that counts."""
        rows = self._rows(
            'SELECT * FROM attempts WHERE drill_id = ? AND "user" = ? ORDER BY id DESC LIMIT 1',
            (drill_id, user),
        )
        return attempt_from(rows[0]) if rows else None

    def has_answered(self, drill_id: int, user: str) -> bool:
        rows = self._rows(
            'SELECT 1 FROM attempts WHERE drill_id = ? AND "user" = ? LIMIT 1', (drill_id, user)
        )
        return bool(rows)

    # -- people ----------------------------------------------------------------------------

    def person(self, platform: str, workspace: str, user: str) -> Person | None:
        rows = self._rows(
            'SELECT * FROM people WHERE platform = ? AND workspace = ? AND "user" = ?',
            (platform, workspace, user),
        )
        return person_from(rows[0]) if rows else None

    def save_person(self, p: Person) -> None:
        """Create or overwrite what is stored about one person."""
        self._write(
            """INSERT INTO people (platform, workspace, "user", name, current, best,
                   last_day, last_channel_id, answered, correct, hidden, freezes, freezes_used)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (platform, workspace, "user") DO UPDATE SET
                   name = excluded.name, current = excluded.current, best = excluded.best,
                   last_day = excluded.last_day, last_channel_id = excluded.last_channel_id,
                   answered = excluded.answered, correct = excluded.correct,
                   hidden = excluded.hidden, freezes = excluded.freezes,
                   freezes_used = excluded.freezes_used""",
            (
                p.platform,
                p.workspace,
                p.user,
                p.name,
                p.current,
                p.best,
                p.last_day.isoformat() if p.last_day else None,
                p.last_channel_id,
                p.answered,
                p.correct,
                int(p.hidden),
                p.freezes,
                p.freezes_used,
            ),
        )

    def forget(self, platform: str, workspace: str, user: str) -> int:
        """Delete everything stored about one person in one workspace; return rows deleted."""
        keys = (platform, workspace, user)
        where = 'WHERE platform = ? AND workspace = ? AND "user" = ?'
        with self.transaction():
            deleted = sum(self._run(f"DELETE FROM {t} {where}", keys)[1] for t in PERSONAL_TABLES)
        self.scrub()
        return deleted

    def scrub(self) -> None:
        """After a forget: leave no copy of the deleted rows where the dialect can help it.
        PostgreSQL keeps deleted rows' old versions in the table until (auto)vacuum reclaims
        their space, and in its write-ahead log until that is recycled: nothing to do here
        (the README says what operators may do); SQLite overrides this."""
