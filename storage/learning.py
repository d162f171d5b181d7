"""Queries behind the personal learning loop: review cards, review sessions, each person's own
settings (time zone, daily cap, reminder), reminders sent, and channels' weekly recaps.

A mixin of `Store` like storage/standing.py; the SQL is the common part of both dialects. A card
is kept as fsrs's own JSON (handlers/review.py owns its meaning); `due` is copied beside it so
the due count is one indexed query.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from storage.records import CardRow, Learner
from storage.rows import Runs

PERSON = '"user" = ? AND platform = ? AND workspace = ?'


class LearningQueries:
    """Review, reminder and recap queries (mixed into Store, which brings `_rows`/`_write`)."""

    # -- cards --------------------------------------------------------------------------------

    def card(
        self: Runs, platform: str, workspace: str, user: str, question_id: str
    ) -> CardRow | None:
        rows = self._rows(
            f"""SELECT question_id, card, due, reviews, last_rating FROM cards
                WHERE {PERSON} AND question_id = ?""",
            (user, platform, workspace, question_id),
        )
        return _card(rows[0]) if rows else None

    def save_card(self: Runs, platform: str, workspace: str, user: str, card: CardRow) -> None:
        """Insert or replace one person's card for one question."""
        self._write(
            """INSERT INTO cards (platform, workspace, "user", question_id, card, due, reviews,
                                  last_rating)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (platform, workspace, "user", question_id) DO UPDATE SET
                 card = excluded.card, due = excluded.due, reviews = excluded.reviews,
                 last_rating = excluded.last_rating""",
            (
                platform,
                workspace,
                user,
                card.question_id,
                card.card,
                card.due.isoformat(),
                card.reviews,
                card.last_rating,
            ),
        )

    def due_cards(
        self: Runs, platform: str, workspace: str, user: str, by: datetime, limit: int = 50
    ) -> list[CardRow]:
        """The person's cards due at or before `by`, most overdue first."""
        rows = self._rows(
            f"""SELECT question_id, card, due, reviews, last_rating FROM cards
                WHERE {PERSON} AND due <= ? ORDER BY due, question_id LIMIT ?""",
            (user, platform, workspace, by.isoformat(), limit),
        )
        return [_card(r) for r in rows]

    def drill_outcomes(
        self: Runs, drill_id: int, channel_id: int, since: date
    ) -> list[tuple[str, tuple[str, float] | None]]:
        """Who a drill decides a card for: each answerer's counted (verdict, score), and None
        for each regular of the channel (an answer to one of its drills since `since`) who gave
        none."""
        counted = self._rows(
            """SELECT a."user", a.verdict, a.score FROM attempts a
               WHERE a.drill_id = ? AND a.id = (SELECT MAX(b.id) FROM attempts b
                   WHERE b.drill_id = a.drill_id AND b."user" = a."user")
               ORDER BY a."user" """,
            (drill_id,),
        )
        regulars = self._rows(
            """SELECT DISTINCT a."user" FROM attempts a JOIN drills d ON d.id = a.drill_id
               WHERE d.channel_id = ? AND d.day >= ? AND a.drill_id <> ?
               AND a.verdict <> 'unparseable' ORDER BY a."user" """,
            (channel_id, since.isoformat(), drill_id),
        )
        outcomes: dict[str, tuple[str, float] | None] = {u: None for (u,) in regulars}
        for user, verdict, score in counted:
            outcomes[user] = (verdict, float(score or 0.0))
        return sorted(outcomes.items())

    # -- review sessions ---------------------------------------------------------------------

    def add_review(
        self: Runs, practice_id: int, platform: str, workspace: str, user: str, day: date
    ) -> None:
        """Remember that a practice question was given as a review on the person's local day."""
        self._write(
            """INSERT INTO reviews (practice_id, platform, workspace, "user", day)
               VALUES (?, ?, ?, ?, ?)""",
            (practice_id, platform, workspace, user, day.isoformat()),
        )

    def is_review(self: Runs, practice_id: int) -> bool:
        return bool(self._rows("SELECT 1 FROM reviews WHERE practice_id = ?", (practice_id,)))

    def reviews_on(self: Runs, platform: str, workspace: str, user: str, day: date) -> int:
        """How many reviews the person was given on their local `day` (the daily cap's count)."""
        rows = self._rows(
            f"SELECT COUNT(*) FROM reviews WHERE {PERSON} AND day = ?",
            (user, platform, workspace, day.isoformat()),
        )
        return int(rows[0][0])

    # -- a person's own settings -------------------------------------------------------------

    def learner(self: Runs, platform: str, workspace: str, user: str) -> Learner:
        rows = self._rows(
            f"""SELECT tz, review_cap, remind_at, reminded_day, channel_id FROM learners
                WHERE {PERSON}""",
            (user, platform, workspace),
        )
        if not rows:
            return Learner(platform, workspace, user)
        tz, cap, remind_at, reminded, channel_id = rows[0]
        return Learner(
            platform,
            workspace,
            user,
            tz=tz,
            review_cap=cap,
            remind_at=remind_at,
            reminded_day=date.fromisoformat(reminded) if reminded else None,
            channel_id=channel_id,
        )

    def save_learner(self: Runs, learner: Learner) -> None:
        reminded = learner.reminded_day.isoformat() if learner.reminded_day else None
        self._write(
            """INSERT INTO learners (platform, workspace, "user", tz, review_cap, remind_at,
                                     reminded_day, channel_id)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (platform, workspace, "user") DO UPDATE SET
                 tz = excluded.tz, review_cap = excluded.review_cap,
                 remind_at = excluded.remind_at, reminded_day = excluded.reminded_day,
                 channel_id = excluded.channel_id""",
            (
                learner.platform,
                learner.workspace,
                learner.user,
                learner.tz,
                learner.review_cap,
                learner.remind_at,
                reminded,
                learner.channel_id,
            ),
        )

    def reminded_learners(self: Runs, platform: str) -> list[Learner]:
        """Everyone on a platform who opted in to reminders."""
        rows = self._rows(
            """SELECT platform, workspace, "user" FROM learners
               WHERE platform = ? AND remind_at IS NOT NULL ORDER BY workspace, "user" """,
            (platform,),
        )
        return [LearningQueries.learner(self, *r) for r in rows]

    def mark_reminded(self: Runs, platform: str, workspace: str, user: str, day: date) -> bool:
        """Claim today's reminder for a person; False when it was already sent (at most one)."""
        _, count = self._write(
            f"""UPDATE learners SET reminded_day = ?
                WHERE {PERSON} AND remind_at IS NOT NULL
                AND (reminded_day IS NULL OR reminded_day < ?)""",
            (day.isoformat(), user, platform, workspace, day.isoformat()),
        )
        return count == 1

    # -- weekly recaps ----------------------------------------------------------------------

    def set_recap_day(self: Runs, channel_id: int, weekday: int | None) -> None:
        """A channel's recap weekday (Monday = 0), or None for no recap."""
        self._write("DELETE FROM recap_days WHERE channel_id = ?", (channel_id,))
        if weekday is not None:
            self._write(
                "INSERT INTO recap_days (channel_id, weekday) VALUES (?, ?)", (channel_id, weekday)
            )

    def recap_day(self: Runs, channel_id: int) -> int | None:
        rows = self._rows("SELECT weekday FROM recap_days WHERE channel_id = ?", (channel_id,))
        return int(rows[0][0]) if rows else None

    def claim_recap(self: Runs, channel_id: int, day: date, now: datetime) -> bool:
        """One recap per channel per day: False when it was claimed already."""
        _, count = self._write(
            """INSERT INTO recaps (channel_id, day, at) VALUES (?, ?, ?)
               ON CONFLICT (channel_id, day) DO NOTHING""",
            (channel_id, day.isoformat(), now.isoformat()),
        )
        return count == 1

    def week_rows(
        self: Runs, channel_id: int, since: date, until: date
    ) -> list[tuple[date, str, str, str, float]]:
        """Each person's latest readable answer to each drill of the channel in [since, until]:
        (day, question id, user, verdict, score)."""
        rows = self._rows(
            """SELECT d.day, d.question_id, a."user", a.verdict, a.score FROM attempts a
               JOIN drills d ON d.id = a.drill_id
               WHERE d.channel_id = ? AND d.day >= ? AND d.day <= ?
               AND a.verdict <> 'unparseable'
               AND a.id = (SELECT MAX(b.id) FROM attempts b
                           WHERE b.drill_id = a.drill_id AND b."user" = a."user")
               ORDER BY d.day, a."user" """,
            (channel_id, since.isoformat(), until.isoformat()),
        )
        return [(date.fromisoformat(d), q, u, v, float(s or 0.0)) for d, q, u, v, s in rows]

    def person_history(
        self: Runs, platform: str, workspace: str, user: str, since: date
    ) -> list[tuple[date, str, str, float]]:
        """A person's latest answer to each drill since `since`: (day, question id, verdict,
        score), for their progress picture."""
        rows = self._rows(
            """SELECT d.day, d.question_id, a.verdict, a.score FROM attempts a
                JOIN drills d ON d.id = a.drill_id
                WHERE a."user" = ? AND a.platform = ? AND a.workspace = ? AND d.day >= ?
                AND a.id = (SELECT MAX(b.id) FROM attempts b
                            WHERE b.drill_id = a.drill_id AND b."user" = a."user")
                ORDER BY d.day""",
            (user, platform, workspace, since.isoformat()),
        )
        return [(date.fromisoformat(d), q, v, float(s or 0.0)) for d, q, v, s in rows]

    def practice_history(
        self: Runs, platform: str, workspace: str, user: str, since: datetime
    ) -> list[tuple[str, str, float]]:
        """A person's practice and review answers since `since`: (question id, verdict, score)."""
        rows = self._rows(
            """SELECT p.question_id, a.verdict, a.score FROM attempts a
                JOIN practice p ON p.id = a.practice_id
                WHERE a."user" = ? AND a.platform = ? AND a.workspace = ? AND a.at >= ?
                ORDER BY a.id""",
            (user, platform, workspace, since.isoformat()),
        )
        return [(q, v, float(s or 0.0)) for q, v, s in rows]


def _card(r: tuple[Any, ...]) -> CardRow:
    question_id, card, due, reviews, last_rating = r
    return CardRow(question_id, card, datetime.fromisoformat(due), int(reviews), last_rating)
