"""The personal learning loop's commands: review, me, remind, stats (see handlers/review.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from fsrs import Card

from handlers.answering import refusal
from handlers.commands import Command
from handlers.context import Deps
from handlers.messages import label
from handlers.progress import stats_picture
from handlers.review import (
    Who,
    cap_of,
    due_today,
    parse_rating,
    rate,
    set_cap,
    set_zone,
    zone,
)
from handlers.schedule import ScheduleError, parse_time
from handlers.types import Button, Incoming, Reply
from storage.records import Practice


def review(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    """`/coach review`: the next due question, privately; `cap=N` sets the daily cap."""
    who = Who.of(incoming)
    if command.words and command.words[0].lower() == "rate":
        practice = deps.store.latest_practice(*_keys(who))
        if practice is None:
            return refusal("Nothing to rate: answer a review or practice question first.")
        return self_rate(deps, incoming, practice, command.words[-1].lower())
    if "cap" in command.options:
        try:
            return refusal(set_cap(deps, who, command.options["cap"]))
        except ValueError as err:
            return refusal(f"Not changed: {err}.")
    return next_review(deps, incoming)


def next_review(deps: Deps, incoming: Incoming) -> list[Reply]:
    """Give the person's next due card as a practice question, within today's cap."""
    store = deps.store
    who = Who.of(incoming)
    learner = store.learner(who.platform, who.workspace, who.user)
    now = deps.clock.now()
    today = now.astimezone(zone(deps, who, learner)).date()
    waiting = _unanswered_review(deps, incoming)
    if waiting is not None:
        return _review_reply(deps, waiting, store.reviews_on(*_keys(who), today), cap_of(learner))
    done, cap = store.reviews_on(*_keys(who), today), cap_of(learner)
    due = due_today(deps, who, now)
    if done >= cap:
        more = f" {len(due)} more are due." if due else ""
        return refusal(
            f"That's your {cap} review{'s' if cap != 1 else ''} for today.{more} Come back"
            " tomorrow, or raise your cap with `/coach review cap=N`."
        )
    if not due:
        return refusal(nothing_due(deps, who, now))
    card = due[0]
    with store.transaction():
        practice = store.add_practice(*_keys(who), card.question_id, now)
        store.add_review(practice.id, *_keys(who), today)
    return _review_reply(deps, practice, done + 1, cap)


def nothing_due(deps: Deps, who: Who, now: datetime) -> str:
    upcoming = deps.store.due_cards(*_keys(who), datetime.max.replace(tzinfo=now.tzinfo), 1)
    if not upcoming:
        return (
            "Nothing to review yet. Every drill or practice answer schedules a review of its"
            " question: the ones you miss come back soonest."
        )
    when = upcoming[0].due.astimezone(zone(deps, who))
    return f"Nothing due today. Your next review is due {when:%a %d %b}."


def _unanswered_review(deps: Deps, incoming: Incoming) -> Practice | None:
    store = deps.store
    latest = store.latest_practice(incoming.platform, incoming.workspace, incoming.user)
    if latest is None or latest.answered or not store.is_review(latest.id):
        return None
    return latest


def _review_reply(deps: Deps, practice: Practice, number: int, cap: int) -> list[Reply]:
    question = deps.bank.get(practice.question_id)
    if question is None:
        return refusal("That review's question is no longer in the bank.")
    text = (
        f"**Review {number} of {cap} today** ({label(question)})\n\n{question.prompt}\n\n"
        "Answer with `/coach drill answer <text>` (or the Answer button); it is graded like a"
        " drill and scheduled again by how it went."
    )
    buttons = (Button("answer", "Answer", f"practice:{practice.id}"),)
    return [Reply(text, ephemeral=True, buttons=buttons)]


def self_rate(deps: Deps, incoming: Incoming, practice: Practice, name: str) -> list[Reply]:
    """A one-tap rating of a practice question: after an answer nothing judged, or instead of
    typing one (recalled in your head, as with a flash card)."""
    rating = parse_rating(name)
    if rating is None:
        return refusal("Unknown rating.")
    who = Who.of(incoming)
    known = deps.store.card(*_keys(who), practice.question_id)
    if known is not None:
        last = Card.from_json(known.card).last_review
        if last is not None and last >= practice.at:
            return refusal("You already rated this one.")
    with deps.store.transaction():
        # Rating without typing is recalling in your head, as with a flash card: it answers it.
        deps.store.mark_practice_answered(practice.id)
        row = rate(deps, who, practice.question_id, rating, deps.clock.now())
    when = row.due.astimezone(zone(deps, who))
    return refusal(f"Rated {name.title()}: it comes back for review {when:%a %d %b}.")


def me(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    """`/coach me tz=Area/City`: the person's own time zone; without it, their settings."""
    who = Who.of(incoming)
    if "tz" in command.options:
        try:
            return refusal(set_zone(deps, who, command.options["tz"]))
        except ValueError as err:
            return refusal(f"Not changed: {err}.")
    learner = deps.store.learner(*_keys(who))
    tz = learner.tz or f"{zone(deps, who, learner).key} (your channel's)"
    remind = f"at {learner.remind_at}" if learner.remind_at else "off"
    return refusal(
        f"Your time zone: {tz}. Reviews a day: {cap_of(learner)}. Reminders: {remind}.\n"
        "`/coach me tz=Area/City`, `/coach review cap=N`, `/coach remind at=HH:MM` change them."
    )


def remind(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    """`/coach remind at=18:00` or `/coach remind off`: an opt-in daily private reminder."""
    store = deps.store
    who = Who.of(incoming)
    learner = store.learner(*_keys(who))
    if command.words and command.words[0].lower() in ("off", "stop", "none"):
        store.save_learner(replace(learner, remind_at=None))
        return refusal("Reminders are off. `/coach remind at=HH:MM` turns them on again.")
    if "at" not in command.options:
        state = f"on, at {learner.remind_at}" if learner.remind_at else "off"
        return refusal(
            f"Reminders are {state}. `/coach remind at=18:00` sends you a private message that"
            " day when reviews are due or your streak is at risk; `/coach remind off` stops it."
        )
    try:
        at = parse_time(command.options["at"])
    except ScheduleError as err:
        return refusal(f"Not changed: {err}.")
    channel = store.channel(incoming.platform, incoming.workspace, incoming.channel)
    channel_id = channel.id if channel and channel.id else learner.channel_id
    store.save_learner(replace(learner, remind_at=at, channel_id=channel_id))
    tz = zone(deps, who).key
    return refusal(
        f"Reminders on: at {at} ({tz}), at most one a day, only when reviews are due or today's"
        " drill is unanswered with a streak at stake. `/coach remind off` stops them."
    )


def stats(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    """`/coach stats`: the person's progress picture, privately, with a one-line summary."""
    picture, summary = stats_picture(deps, Who.of(incoming))
    return [Reply(f"**Your progress**\n{summary}", ephemeral=True, picture=picture)]


def _keys(who: Who) -> tuple[str, str, str]:
    return who.platform, who.workspace, who.user
