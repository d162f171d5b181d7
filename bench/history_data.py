"""Synthetic history for bench.history: 100,000 people, 500 channels, two years of daily drills.

The layout is arithmetic, so a benchmark can name any drill, thread, person or message without
reading it back: drill ids are `day * CHANNELS + channel + 1`, channel `c` lives in workspace
`c % WORKSPACES` and has the 200 people `p` with `p % 5 == c % 5` and `(p // 5) % 100 == c // 5`.

`History.grow_to(n)` adds the days whose attempts bring the total to `n`: at 10 million attempts
over 730 days that is about 13,700 attempts a day (27 per drill, 10% of them practice answers,
one in ten a second try). Rows go in through executemany (SQLite, large transactions) or COPY
(PostgreSQL): hand-written SQL, since generating is not what is measured.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from storage.postgres import PostgresStore
from storage.records import ChannelConfig
from storage.sqlite import SqliteStore
from storage.store import Store

PLATFORM = "slack"
WORKSPACES = 5
CHANNELS = 500
PEOPLE = 100_000
PER_CHANNEL = PEOPLE // CHANNELS
DAYS = 730
FULL_HISTORY = 10_000_000
PER_DAY = FULL_HISTORY / DAYS
FIRST_DAY = date(2024, 3, 1)
QUESTIONS = 300
VERDICTS = ("correct", "incorrect", "received")
TEXTS = ("I think it is 0.5", "roughly 0.7", "the gradient vanishes because tanh saturates")

ATTEMPT_COLUMNS = (
    "platform",
    "workspace",
    "message_id",
    '"user"',
    "drill_id",
    "practice_id",
    "text",
    "verdict",
    "score",
    "at",
)
DRILL_COLUMNS = (
    "id",
    "channel_id",
    "day",
    "question_id",
    "topic",
    "reveal_at",
    "created_at",
    "message_id",
    "thread_id",
    "posted_at",
    "revealed_at",
)
PRACTICE_COLUMNS = ("id", "platform", "workspace", '"user"', "question_id", "at", "answered")
PEOPLE_COLUMNS = (
    "platform",
    "workspace",
    '"user"',
    "name",
    "current",
    "best",
    "last_day",
    "last_channel_id",
    "answered",
    "correct",
    "hidden",
)


def workspace_of(channel: int) -> str:
    return f"T{channel % WORKSPACES}"


def user_id(person: int) -> str:
    return f"U{person:06d}"


def member(channel: int, j: int) -> int:
    """The j-th of a channel's 200 people (0 <= j < 200)."""
    return channel % 5 + 5 * (channel // 5 + 100 * j)


def channel_of(person: int) -> int:
    return person % 5 + 5 * ((person // 5) % 100)


def practice_person(practice_id: int) -> int:
    """Who asked for a practice question (spread over everyone)."""
    return practice_id * 7919 % PEOPLE


def drill_id(day_index: int, channel: int) -> int:
    return day_index * CHANNELS + channel + 1


def message_id(seq: int) -> str:
    return f"m{seq:09d}"


def day_of(day_index: int) -> date:
    return FIRST_DAY + timedelta(days=day_index)


def _at(day: date, seconds: int) -> str:
    return (
        datetime(day.year, day.month, day.day, 9, tzinfo=UTC) + timedelta(seconds=seconds)
    ).isoformat()


def bulk_insert(
    store: Store, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert many rows fast: executemany in 500,000-row transactions, or one COPY."""
    names = ", ".join(columns)
    if isinstance(store, PostgresStore):
        with store.conn.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    assert isinstance(store, SqliteStore)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
    # Index inserts in random order need a cache that holds the indexes; the bot's default
    # cache is back before anything is measured.
    default_cache = store.db.conn.execute("PRAGMA cache_size").fetchone()[0]
    store.db.conn.execute("PRAGMA cache_size = -1000000")
    batch: list[Sequence[Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == 500_000:
            with store.transaction():
                store.db.conn.executemany(sql, batch)
            batch.clear()
    with store.transaction():
        store.db.conn.executemany(sql, batch)
    store.db.conn.execute(f"PRAGMA cache_size = {default_cache}")
    store.checkpoint()


@dataclass
class History:
    """The generated state of one database: how many days and attempts it holds so far."""

    store: Store
    days: int = 0
    attempts: int = 0
    practice: int = 0

    def setup(self) -> None:
        """Channels and people (with their stored streak summaries)."""
        far = datetime(2024, 1, 1, tzinfo=UTC)
        with self.store.transaction():
            for c in range(CHANNELS):
                cfg = ChannelConfig(
                    PLATFORM, workspace_of(c), f"C{c}", tz="UTC", days=(0, 1, 2, 3, 4, 5, 6)
                )
                saved = self.store.save_channel(cfg, far)
                assert saved.id == c + 1, "channel ids must follow the layout"
        rng = random.Random(9)

        def people() -> Iterator[tuple[Any, ...]]:
            for p in range(PEOPLE):
                current = int(rng.expovariate(0.2))
                answered = current + rng.randrange(100)
                yield (
                    PLATFORM,
                    workspace_of(channel_of(p)),
                    user_id(p),
                    f"person {p}",
                    current,
                    current + rng.randrange(5),
                    FIRST_DAY.isoformat(),
                    channel_of(p) + 1,
                    answered,
                    rng.randrange(answered + 1),
                    int(rng.random() < 0.02),
                )

        bulk_insert(self.store, "people", PEOPLE_COLUMNS, people())

    def days_for(self, attempts: int) -> int:
        return min(DAYS, max(self.days + 1, math.ceil(attempts / PER_DAY)))

    def grow_to(self, attempts: int) -> None:
        """Add drill days and their attempts until the database holds `attempts` attempts."""
        first, last = self.days, self.days_for(attempts)
        new = attempts - self.attempts
        rng = random.Random(attempts)
        if first > 0:
            # Yesterday's drills are revealed now; half of today's are (an earlier reveal time).
            with self.store.transaction():
                self.store.execute(
                    "UPDATE drills SET revealed_at = reveal_at WHERE revealed_at IS NULL"
                )
        bulk_insert(self.store, "drills", DRILL_COLUMNS, self._drills(first, last))
        practice = new // 10
        bulk_insert(self.store, "practice", PRACTICE_COLUMNS, self._practice(practice, last, rng))
        bulk_insert(
            self.store, "attempts", ATTEMPT_COLUMNS, self._attempts(new, practice, first, last, rng)
        )
        self.days, self.attempts, self.practice = last, attempts, self.practice + practice
        if isinstance(self.store, PostgresStore):
            for table in ("drills", "practice"):
                self.store.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table}"
                )
            self.store.execute("VACUUM ANALYZE")

    def _drills(self, first: int, last: int) -> Iterator[tuple[Any, ...]]:
        for d in range(first, last):
            day = day_of(d)
            for c in range(CHANNELS):
                i = drill_id(d, c)
                posted = _at(day, 0)
                reveal = _at(day, 20 * 3600)
                today = d == last - 1
                revealed = None if today and c % 2 else reveal
                q = (d * 7 + c) % QUESTIONS
                yield (
                    i,
                    c + 1,
                    day.isoformat(),
                    f"q-{q}",
                    f"topic-{q % 9}",
                    reveal,
                    posted,
                    f"msg-{i}",
                    f"th-{i}",
                    posted,
                    revealed,
                )

    def _practice(self, count: int, last: int, rng: random.Random) -> Iterator[tuple[Any, ...]]:
        at = _at(day_of(last - 1), 7000)
        for k in range(count):
            p = practice_person(self.practice + k + 1)
            yield (
                self.practice + k + 1,
                PLATFORM,
                workspace_of(channel_of(p)),
                user_id(p),
                f"q-{rng.randrange(QUESTIONS)}",
                at,
                1,
            )

    def _attempts(
        self, count: int, practice: int, first: int, last: int, rng: random.Random
    ) -> Iterator[tuple[Any, ...]]:
        # Tight loop: 10 million rows; strings that repeat are made once.
        seq = self.attempts
        drills = (last - first) * CHANNELS
        answers = count - practice
        users = [user_id(p) for p in range(PEOPLE)]
        spaces = [workspace_of(c) for c in range(WORKSPACES)]
        random_, randrange = rng.random, rng.randrange
        person = -1
        for d in range(first, last):
            at = _at(day_of(d), 3600)
            for c in range(CHANNELS):
                slot = (d - first) * CHANNELS + c
                end = (slot + 1) * answers // drills
                space, drill, person = spaces[c % WORKSPACES], drill_id(d, c), -1
                for _ in range(slot * answers // drills, end):
                    if random_() >= 0.1 or person < 0:  # else a second try by the last one
                        person = member(c, randrange(PER_CHANNEL))
                    verdict = VERDICTS[seq % 3]
                    yield (
                        PLATFORM,
                        space,
                        message_id(seq),
                        users[person],
                        drill,
                        None,
                        TEXTS[seq % 3],
                        verdict,
                        1.0 if verdict == "correct" else 0.0,
                        at,
                    )
                    seq += 1
        at = _at(day_of(last - 1), 7200)
        for k in range(practice):
            p = practice_person(self.practice + k + 1)
            yield (
                PLATFORM,
                spaces[p % WORKSPACES],
                message_id(seq),
                users[p],
                None,
                self.practice + k + 1,
                TEXTS[seq % 3],
                "received",
                0.0,
                at,
            )
            seq += 1
