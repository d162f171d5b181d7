"""What the bot says on its own to people who asked for it: opt-in reminders and weekly recaps.

The scheduler asks at every minute tick (`due`); each nudge is claimed in the database before it
is returned (one reminder per person per local day, one recap per channel per day), so a double
tick or a restart never sends one twice. Nobody who did not opt in is ever sent anything.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from handlers.context import Deps
from handlers.progress import credit
from handlers.review import Who, due_today, zone
from handlers.schedule import fire_time, is_drill_day, local_day
from handlers.streaks import current_on, missed_days
from handlers.text import quote
from handlers.types import Post
from storage.records import ChannelConfig, Learner

RECAP_STREAKS = 3
RECAP_CANDIDATES = 200
"""People looked at for the longest streaks (the board's order is by stored streak)."""


def reminder_text(deps: Deps, learner: Learner, now: datetime) -> str | None:
    """Why this person should come back today, or None when nothing is waiting."""
    who = Who(learner.platform, learner.workspace, learner.user)
    reasons = []
    due = len(due_today(deps, who, now))
    if due:
        reasons.append(f"{due} review{'s' if due != 1 else ''} due: `/coach review`")
    at_risk = streak_at_risk(deps, learner, now)
    if at_risk:
        reasons.append(f"your {at_risk}-day streak is at risk: today's drill is still unanswered")
    if not reasons:
        return None
    return (
        "**Interview coach reminder**\n"
        + "\n".join(f"- {r}" for r in reasons)
        + ("\n\n`/coach remind off` stops these reminders.")
    )


def streak_at_risk(deps: Deps, learner: Learner, now: datetime) -> int:
    """The streak today's unanswered drill would break (0 when there is none to lose)."""
    store = deps.store
    person = store.person(learner.platform, learner.workspace, learner.user)
    channel_id = learner.channel_id or (person.last_channel_id if person else None)
    cfg = store.channel_by_id(channel_id) if channel_id else None
    if person is None or cfg is None or cfg.id is None:
        return 0
    drill = store.open_drill(cfg.id)
    if (
        drill is None
        or drill.day != local_day(now, cfg)
        or store.has_answered(drill.id, person.user)
    ):
        return 0
    return current_on(person, missed_days(store, person, cfg.id, drill.day))


def due_reminders(deps: Deps, platform: str, now: datetime) -> list[Post]:
    """Reminders whose local time has come today, claimed so each goes once a day."""
    store = deps.store
    posts = []
    for learner in store.reminded_learners(platform):
        who = Who(learner.platform, learner.workspace, learner.user)
        local = now.astimezone(zone(deps, who, learner))
        if learner.remind_at is None or local.strftime("%H:%M") < learner.remind_at:
            continue
        if learner.reminded_day is not None and learner.reminded_day >= local.date():
            continue
        text = reminder_text(deps, learner, now)
        if text is None or not store.mark_reminded(*_keys(learner), local.date()):
            continue
        posts.append(
            Post("direct", learner.workspace, "", text, title="Reminder", user=learner.user)
        )
    return posts


def _keys(learner: Learner) -> tuple[str, str, str]:
    return learner.platform, learner.workspace, learner.user


# -- weekly recaps ----------------------------------------------------------------------------


def due_recaps(deps: Deps, platform: str, now: datetime) -> list[Post]:
    """Recaps of channels whose recap day's drill time has come, claimed so each goes once."""
    store = deps.store
    posts = []
    for cfg in store.active_channels(platform):
        if cfg.id is None:
            continue
        weekday = store.recap_day(cfg.id)
        day = local_day(now, cfg)
        if weekday is None or day.weekday() != weekday or fire_time(day, cfg) > now:
            continue
        if now - fire_time(day, cfg) > deps.settings.catch_up_grace:
            continue
        if not store.claim_recap(cfg.id, day, now):
            continue
        text = recap_text(deps, cfg, now)
        posts.append(Post("recap", cfg.workspace, cfg.channel, text, title="This week"))
    return posts


def recap_text(deps: Deps, cfg: ChannelConfig, now: datetime) -> str:
    """The week in a channel: answers a day, the hardest question, the longest streaks."""
    assert cfg.id is not None
    store = deps.store
    today = local_day(now, cfg)
    since = today - timedelta(days=6)
    rows = store.week_rows(cfg.id, since, today)
    per_day = Counter(day for day, *_ in rows)
    lines = ["**The week in drills**"]
    held = [since + timedelta(days=i) for i in range(7)]
    held = [d for d in held if d in per_day or (is_drill_day(d, cfg) and store.drill_on(cfg.id, d))]
    if not rows:
        lines.append("Nobody answered this week. Today's a good day to start.")
    for day in held:
        n = per_day.get(day, 0)
        lines.append(f"- {day:%a %d %b}: {n} {'person' if n == 1 else 'people'} answered")
    hardest = hardest_question(deps, rows)
    if hardest:
        lines.append(f"Hardest for the group: {hardest}")
    streaks = longest_streaks(deps, cfg, today)
    if streaks:
        names = ", ".join(f"{quote(name, 40)} ({n})" for name, n in streaks)
        lines.append(f"Longest streaks: {names}")
    return "\n".join(lines)


def longest_streaks(deps: Deps, cfg: ChannelConfig, today: date) -> list[tuple[str, int]]:
    """(name, streak) of the channel's longest current streaks, of people not hidden."""
    assert cfg.id is not None
    store = deps.store
    found = []
    for person in store.leaderboard(cfg.platform, cfg.workspace, RECAP_CANDIDATES):
        if person.last_channel_id != cfg.id:
            continue
        current = current_on(person, missed_days(store, person, cfg.id, today))
        if current > 0:
            found.append((person.name or person.user, current))
    return sorted(found, key=lambda f: (-f[1], f[0]))[:RECAP_STREAKS]


def hardest_question(deps: Deps, rows: list[tuple[date, str, str, str, float]]) -> str | None:
    """The week's question with the lowest mean credit, as "prompt (share right)"."""
    scores: dict[str, list[float]] = defaultdict(list)
    for _, question_id, _, verdict, score in rows:
        scores[question_id].append(credit(verdict, score))
    if not scores:
        return None
    qid, values = min(scores.items(), key=lambda kv: (sum(kv[1]) / len(kv[1]), kv[0]))
    question = deps.bank.get(qid)
    prompt = quote(question.prompt, 90) if question else qid
    return f"{prompt} ({sum(values) / len(values):.0%} average)"
