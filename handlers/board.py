"""`/coach leaderboard [week|month|all]`: a fair board of one channel.

People are ranked by their share of the drills they *received* that they got right, so someone
who joined last week is measured over last week's drills, not over the channel's whole history.
A drill counts as received from the day of the person's first answer in the channel on; today's
open drill counts only once they have answered it. Ties go to the longer streak. People with
fewer than three answers in the period are listed apart, unranked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from handlers.answering import refusal
from handlers.commands import Command
from handlers.context import Deps
from handlers.personal import HIDDEN, is_hidden
from handlers.schedule import local_day
from handlers.streaks import current_on, missed_days
from handlers.text import quote
from handlers.types import Incoming, Reply
from storage.records import BoardEntry, ChannelConfig

PERIODS = {"week": 7, "month": 30, "all": None}
"""Days back from today (the channel's today) each period covers; None is everything."""
PERIOD_NAMES = {"week": "last 7 days", "month": "last 30 days", "all": "all time"}
MIN_ANSWERS = 3
UNCHECKED = "received"
"""The verdict of an answer no checker reads (prose): its score is its key-point coverage."""


@dataclass(frozen=True)
class Standing:
    """One person's record on a channel's board over a period."""

    user: str
    name: str
    answers: int
    right: int
    coverage: float
    """Sum of the key-point coverage (0..1) of prose answers; 0 until a grader scores them."""
    received: int
    streak: int

    @property
    def share(self) -> float:
        """Right answers plus prose coverage, per drill received."""
        return (self.right + self.coverage) / self.received if self.received else 0.0


def period_start(today: date, period: str) -> date:
    days = PERIODS[period]
    return date(1970, 1, 1) if days is None else today - timedelta(days=days - 1)


def standings(deps: Deps, cfg: ChannelConfig, period: str) -> list[Standing]:
    """Everyone visible who answered in the period, best first."""
    assert cfg.id is not None
    store = deps.store
    today = local_day(deps.clock.now(), cfg)
    since = period_start(today, period)
    by_user: dict[str, list[BoardEntry]] = defaultdict(list)
    for entry in store.board_entries(cfg.id, since):
        by_user[entry.user].append(entry)
    drills = store.posted_drills(cfg.id, since)
    found = []
    for user, entries in by_user.items():
        person = store.person(cfg.platform, cfg.workspace, user)
        if person is None or person.hidden:
            continue
        answered = {e.day for e in entries}
        start = store.first_answer_day(cfg.id, cfg.platform, cfg.workspace, user) or since
        received = sum(1 for d, open_ in drills if d >= start and (not open_ or d in answered))
        streak = current_on(person, missed_days(store, person, cfg.id, today))
        found.append(
            Standing(
                user=user,
                name=person.name or user,
                answers=len(entries),
                right=sum(e.verdict == "correct" for e in entries),
                coverage=sum(e.score for e in entries if e.verdict == UNCHECKED),
                received=max(received, len(entries)),
                streak=streak if person.last_channel_id == cfg.id else 0,
            )
        )
    return sorted(found, key=lambda s: (-s.share, -s.streak, -s.answers, s.name, s.user))


def board_text(ranked: list[Standing], apart: list[Standing], period: str) -> str:
    lines = [f"**Leaderboard** ({PERIOD_NAMES[period]})"]
    for i, s in enumerate(ranked, start=1):
        points = f"{s.right}" if not s.coverage else f"{s.right + s.coverage:.1f}"
        lines.append(
            f"{i}. {quote(s.name, 40)}: {points} right of {s.received} drill"
            f"{'s' if s.received != 1 else ''} ({s.share:.0%}), streak {s.streak}"
        )
    if apart:
        names = ", ".join(f"{quote(s.name, 40)} ({s.answers})" for s in apart)
        lines.append(f"*Fewer than {MIN_ANSWERS} answers, not ranked yet:* {names}")
    return "\n".join(lines)


def leaderboard(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    period = command.words[0].lower() if command.words else "month"
    if period not in PERIODS:
        return refusal("Use `/coach leaderboard week`, `month` (the default) or `all`.")
    cfg = deps.store.channel(incoming.platform, incoming.workspace, incoming.channel)
    if cfg is None or cfg.id is None:
        return refusal("This channel has no drill yet, so it has no leaderboard.")
    everyone = standings(deps, cfg, period)
    ranked = [s for s in everyone if s.answers >= MIN_ANSWERS][: deps.settings.leaderboard_size]
    apart = [s for s in everyone if s.answers < MIN_ANSWERS][: deps.settings.leaderboard_size]
    hidden = is_hidden(deps, incoming)
    if not ranked and not apart:
        if hidden:
            # Said privately: "empty" would read as if the asker's answers were lost.
            return refusal(f"You are hidden, and nobody else is on the board yet. {HIDDEN}")
        return [Reply(f"The leaderboard is empty ({PERIOD_NAMES[period]}): answer a drill.")]
    board = [Reply(board_text(ranked, apart, period))]
    return board + (refusal(f"You are not on it: {HIDDEN}") if hidden else [])
