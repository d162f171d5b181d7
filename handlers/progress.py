"""`/coach stats`: a person's progress as figures (a year of drill days, accuracy per topic)
for the adapters to draw, with a short summary and the picture's text alternative."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from content.schema import TOPICS
from handlers.context import Deps
from handlers.review import Who, zone
from handlers.streaks import FREEZE_EVERY, MAX_FREEZES
from handlers.types import DayMark, Picture
from storage.records import Away

YEAR = timedelta(days=364)
"""The heat map's span: 52 whole weeks and today."""


def credit(verdict: str, score: float) -> float:
    """What one answer shows of a topic: right 1, partly right its score, prose its coverage."""
    if verdict == "correct":
        return 1.0
    if verdict in ("partial", "received"):
        return score
    return 0.0


def day_marks(
    drill_days: list[date], answered: dict[date, bool], away: list[Away]
) -> dict[date, DayMark]:
    """Each drill day's mark, replaying the streak's freezes (earned every 5 answered drill
    days, at most 2 held, spent on missed days the person later answered after)."""
    marks: dict[date, DayMark] = {}
    freezes = answered_count = 0
    gap: list[date] = []
    for day in sorted(drill_days):
        if day not in answered:
            if not any(span.start <= day <= span.until for span in away):
                gap.append(day)
            continue
        if gap and len(gap) <= freezes and answered_count:
            freezes -= len(gap)
            marks.update((d, "freeze") for d in gap)
        else:
            marks.update((d, "missed") for d in gap)
        gap = []
        marks[day] = "right" if answered[day] else "answered"
        answered_count += 1
        if answered_count % FREEZE_EVERY == 0 and freezes < MAX_FREEZES:
            freezes += 1
    marks.update((d, "missed") for d in gap)
    return marks


def topic_shares(deps: Deps, answers: list[tuple[str, str, float]]) -> list[tuple[str, float, int]]:
    """(topic label, mean credit, answers) for each topic answered, best first."""
    totals: dict[str, list[float]] = defaultdict(list)
    for question_id, verdict, score in answers:
        question = deps.bank.get(question_id)
        if question is not None and verdict != "unparseable":
            totals[question.topic].append(credit(verdict, score))
    shares = [(TOPICS.get(t, t), sum(v) / len(v), len(v)) for t, v in totals.items()]
    return sorted(shares, key=lambda s: (-s[1], s[0]))


def weakest_topic(deps: Deps, who: Who, now: datetime) -> str | None:
    """The bank topic (its key) where the person's answers show least, None with no answers."""
    answers = _answers(deps, who, now)
    shares = topic_shares(deps, answers)
    if not shares:
        return None
    label = shares[-1][0]
    return next((key for key, name in TOPICS.items() if name == label), label)


def _answers(deps: Deps, who: Who, now: datetime) -> list[tuple[str, str, float]]:
    store = deps.store
    since = (now - YEAR).date()
    drills = store.person_history(who.platform, who.workspace, who.user, since)
    practice = store.practice_history(who.platform, who.workspace, who.user, now - YEAR)
    return [(q, v, s) for _, q, v, s in drills] + practice


def stats_picture(deps: Deps, who: Who) -> tuple[Picture, str]:
    """The person's progress picture and its one-line summary."""
    store = deps.store
    now = deps.clock.now()
    last = now.astimezone(zone(deps, who)).date()
    first = last - YEAR
    history = store.person_history(who.platform, who.workspace, who.user, first)
    answered: dict[date, bool] = {}
    for day, _, verdict, _ in history:
        if verdict != "unparseable":
            answered[day] = answered.get(day, False) or verdict == "correct"
    person = store.person(who.platform, who.workspace, who.user)
    channel = person.last_channel_id if person else None
    # Up to yesterday: today's drill may still be answered, so it is not missed yet.
    held = store.drill_days_between(channel, first - timedelta(days=1), last) if channel else []
    drill_days = sorted(set(held) | set(answered))
    away = store.away_spans(who.platform, who.workspace, who.user)
    marks = day_marks(drill_days, answered, away)
    shares = topic_shares(deps, _answers(deps, who, now))
    summary = summary_line(marks, shares)
    alt = (
        f"Progress from {first:%d %b %Y} to {last:%d %b %Y}: {summary} "
        + "; ".join(f"{name} {share:.0%} of {n}" for name, share, n in shares)
    ).strip()
    picture = Picture(
        title="Your drill days and topics",
        first=first,
        last=last,
        days=tuple(sorted(marks.items())),
        topics=tuple(shares),
        alt=alt,
    )
    return picture, summary


def summary_line(marks: dict[date, DayMark], shares: list[tuple[str, float, int]]) -> str:
    counts = {m: sum(1 for v in marks.values() if v == m) for m in ("right", "answered")}
    freezes = sum(1 for v in marks.values() if v == "freeze")
    days = counts["right"] + counts["answered"]
    line = f"{days} drill day{'s' if days != 1 else ''} answered, {counts['right']} right"
    line += f", {freezes} saved by a freeze." if freezes else "."
    if shares:
        best, worst = shares[0], shares[-1]
        line += f" Best: {best[0]} {best[1]:.0%}"
        if len(shares) > 1:
            line += f", weakest: {worst[0]} {worst[1]:.0%}"
        line += "."
    return line
