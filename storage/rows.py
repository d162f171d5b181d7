"""Rows of the bot's tables as records, and records' values as stored (both dialects alike).

Times are ISO-8601 UTC text, days YYYY-MM-DD; columns added by later migrations come after the
initial ones, so a decoder reads them by position past those.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Protocol

from storage.records import Attempt, ChannelConfig, Drill, Person, Practice

Row = tuple[Any, ...]


class Runs(Protocol):
    """What a query mixin of `Store` uses of it: reads and writes of one statement."""

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def _write(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[Row], int]: ...


def stored_time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def read_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def read_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def channel_from(r: Row) -> ChannelConfig:
    (id_, platform, workspace, channel, time, tz, days, topics, diff, reveal, paused, _u, packs) = r
    return ChannelConfig(
        platform=platform,
        workspace=workspace,
        channel=channel,
        time=time,
        tz=tz,
        days=tuple(int(d) for d in days.split(",") if d),
        topics=tuple(t for t in topics.split(",") if t),
        difficulty=diff,
        reveal_minutes=reveal,
        paused=bool(paused),
        id=id_,
        packs=tuple(p for p in packs.split(",") if p),
    )


def drill_from(r: Row) -> Drill:
    (id_, channel_id, day, qid, topic, reveal_at, _created, msg, thread, posted, revealed) = r[:11]
    sending = r[11]  # added by migration 2, after the initial columns
    return Drill(
        id=id_,
        channel_id=channel_id,
        day=date.fromisoformat(day),
        question_id=qid,
        topic=topic,
        reveal_at=datetime.fromisoformat(reveal_at),
        message_id=msg,
        thread_id=thread,
        posted_at=read_time(posted),
        revealed_at=read_time(revealed),
        sending_at=read_time(sending),
    )


def attempt_from(r: Row) -> Attempt:
    (
        _id,
        platform,
        workspace,
        message_id,
        user,
        drill_id,
        practice_id,
        text,
        verdict,
        score,
        at,
    ) = r
    return Attempt(
        platform=platform,
        workspace=workspace,
        message_id=message_id,
        user=user,
        text=text,
        verdict=verdict,
        score=score or 0.0,
        at=datetime.fromisoformat(at),
        drill_id=drill_id,
        practice_id=practice_id,
    )


def person_from(r: Row) -> Person:
    (platform, workspace, user, name, current, best, last_day, last_ch, answered, correct, hid) = r[
        :11
    ]
    freezes, freezes_used = r[11:13]  # added by migration 6
    return Person(
        platform=platform,
        workspace=workspace,
        user=user,
        name=name or "",
        current=current,
        best=best,
        last_day=read_day(last_day),
        last_channel_id=last_ch,
        answered=answered,
        correct=correct,
        hidden=bool(hid),
        freezes=freezes,
        freezes_used=freezes_used,
    )


def practice_from(r: Row) -> Practice:
    (id_, platform, workspace, user, qid, at, answered) = r
    return Practice(
        id=id_,
        platform=platform,
        workspace=workspace,
        user=user,
        question_id=qid,
        at=datetime.fromisoformat(at),
        answered=bool(answered),
    )
