"""Spaced review: one fsrs card per (person, question), rated by what each attempt showed.

A drill rates its card once, at the reveal, from the answer that counts (a regular of the
channel who did not answer gets Again: a miss). A practice or review answer rates at once. A
checker's or the grader's verdict decides the rating; where neither decides (a question with no
checker and no rubric), the person rates themselves with one tap. `/coach review` gives the next
due card privately as a practice question, at most `cap` a day counted by the person's local day.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fsrs import Card, Rating, Scheduler

from content.grading.rubric import shipped_rubrics
from content.schema import Question
from content.verdicts import Verdict, as_verdict_name
from handlers.context import Deps
from handlers.schedule import ScheduleError, parse_tz
from handlers.types import Button, Incoming
from storage.records import CardRow, Drill, Learner

DEFAULT_CAP = 5
MAX_CAP = 50
PASS, PARTIAL = 0.7, 0.4
"""Key-point coverage from which a prose answer is a pass (Good) or a partial (Hard)."""
REGULAR_DAYS = 14
"""Someone who answered a drill of the channel this recently is expected at each drill: a
drill they let pass is a miss for their review."""
SELF_RATINGS = (("again", "Again"), ("hard", "Hard"), ("good", "Good"), ("easy", "Easy"))

# No learning steps of minutes: a chat drill meets people once a day, so every rating schedules
# whole days. No fuzzing: the same history gives the same schedule (and testable intervals).
SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


@dataclass(frozen=True)
class Who:
    """One person in one workspace, the key of everything review keeps."""

    platform: str
    workspace: str
    user: str

    @classmethod
    def of(cls, incoming: Incoming) -> Who:
        return cls(incoming.platform, incoming.workspace, incoming.user)


def rating_for(verdict: Verdict) -> Rating:
    """A checked or graded answer's rating: a pass is Good, a partial Hard, a miss Again."""
    name = verdict.verdict
    if name == "correct":
        return Rating.Good
    if name == "partial":
        return Rating.Hard
    if name == "received":  # prose: the grader's coverage is the score
        if verdict.score >= PASS:
            return Rating.Good
        return Rating.Hard if verdict.score >= PARTIAL else Rating.Again
    return Rating.Again


def parse_rating(name: str) -> Rating | None:
    return {
        "again": Rating.Again,
        "hard": Rating.Hard,
        "good": Rating.Good,
        "easy": Rating.Easy,
    }.get(name)


def rate(deps: Deps, who: Who, question_id: str, rating: Rating, at: datetime) -> CardRow:
    """Review the person's card for a question (a new card the first time) and store it."""
    store = deps.store
    known = store.card(who.platform, who.workspace, who.user, question_id)
    card = Card.from_json(known.card) if known else Card(card_id=1, due=at)
    card, _ = SCHEDULER.review_card(card, rating, at)
    row = CardRow(
        question_id, card.to_json(), card.due, (known.reviews if known else 0) + 1, int(rating)
    )
    store.save_card(who.platform, who.workspace, who.user, row)
    return row


def self_rating_buttons(practice_id: int) -> tuple[Button, ...]:
    value = f"practice:{practice_id}"
    return tuple(Button(f"rate_{name}", label, value) for name, label in SELF_RATINGS)


# -- the person's day -------------------------------------------------------------------------


def zone(deps: Deps, who: Who, learner: Learner | None = None) -> ZoneInfo:
    """The person's own time zone, else their channel's, else the bot's default."""
    learner = learner or deps.store.learner(who.platform, who.workspace, who.user)
    if learner.tz:
        return ZoneInfo(learner.tz)
    person = deps.store.person(who.platform, who.workspace, who.user)
    channel_id = learner.channel_id or (person.last_channel_id if person else None)
    cfg = deps.store.channel_by_id(channel_id) if channel_id else None
    return ZoneInfo(cfg.tz if cfg else deps.settings.default_tz)


def end_of_day(now: datetime, tz: ZoneInfo) -> datetime:
    """The first instant of the person's next local day (what is due "today" is due before)."""
    tomorrow = now.astimezone(tz).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(0), tz)


def due_today(deps: Deps, who: Who, now: datetime) -> list[CardRow]:
    """Cards due by the end of the person's local day whose question is still in the bank."""
    by = end_of_day(now, zone(deps, who))
    cards = deps.store.due_cards(who.platform, who.workspace, who.user, by)
    return [c for c in cards if deps.bank.get(c.question_id) is not None]


def cap_of(learner: Learner) -> int:
    return learner.review_cap if learner.review_cap is not None else DEFAULT_CAP


def set_cap(deps: Deps, who: Who, text: str) -> str:
    """Set the daily cap from `cap=N`; the confirmation, or a ValueError saying what to type."""
    if not text.isdigit() or not 1 <= int(text) <= MAX_CAP:
        raise ValueError(f"cap takes a whole number from 1 to {MAX_CAP}, like cap=5")
    learner = deps.store.learner(who.platform, who.workspace, who.user)
    deps.store.save_learner(replace(learner, review_cap=int(text)))
    return f"You will get at most {int(text)} reviews a day."


def set_zone(deps: Deps, who: Who, text: str) -> str:
    """Set the person's own time zone from `tz=Area/City`."""
    try:
        tz = parse_tz(text)
    except ScheduleError as err:
        raise ValueError(str(err)) from err
    learner = deps.store.learner(who.platform, who.workspace, who.user)
    deps.store.save_learner(replace(learner, tz=tz))
    return f"Your time zone is {tz}: your reviews and reminders follow your local day."


# -- rating attempts --------------------------------------------------------------------------


def decides(question: Question) -> bool:
    """Whether a checker or the grader judges answers to the question (else people rate
    themselves)."""
    return question.checker is not None or bool(shipped_rubrics().get(question.id))


def away_on(deps: Deps, who: Who, day: date) -> bool:
    spans = deps.store.away_spans(who.platform, who.workspace, who.user)
    return any(span.start <= day <= span.until for span in spans)


def after_practice(
    deps: Deps, who: Who, practice_id: int, question: Question, verdict: Verdict
) -> tuple[Button, ...]:
    """Rate a practice or review answer; the self-rating buttons where nothing judged it."""
    if not decides(question):
        return self_rating_buttons(practice_id)
    rate(deps, who, question.id, rating_for(verdict), deps.clock.now())
    return ()


def settle_drill(deps: Deps, drill: Drill) -> int:
    """Rate every card a drill decides, at its reveal: the counted answers and the misses."""
    store = deps.store
    cfg = store.channel_by_id(drill.channel_id)
    question = deps.bank.get(drill.question_id)
    if cfg is None or question is None:
        return 0
    now = deps.clock.now()
    since = drill.day - timedelta(days=REGULAR_DAYS)
    rated = 0
    for user, outcome in store.drill_outcomes(drill.id, drill.channel_id, since):
        who = Who(cfg.platform, cfg.workspace, user)
        if outcome is None:
            if away_on(deps, who, drill.day):
                continue
            rating = Rating.Again
        elif decides(question):
            rating = rating_for(Verdict(as_verdict_name(outcome[0]), outcome[1]))
        else:
            continue  # nothing judged a prose answer to a question without a rubric
        rate(deps, who, question.id, rating, now)
        rated += 1
    return rated
