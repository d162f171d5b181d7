"""Recording answers: one attempt per platform message, the latest answer per person counts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from content.grading import Grade
from content.schema import Question
from content.verdicts import Verdict, as_verdict_name
from handlers import review
from handlers.attempts import discussion_reason
from handlers.checking import check_reply, expected_answer
from handlers.context import Deps
from handlers.grading import breakdown_text, coverage_verdict, grade_answer
from handlers.messages import VERDICT_LINES, answers_text, marked
from handlers.streaks import after_answer, missed_days
from handlers.text import clean, quote
from handlers.types import Incoming, Reply
from storage.records import Attempt, Drill, Person, Practice


def refusal(text: str) -> list[Reply]:
    return [Reply(text, ephemeral=True)]


def usable(deps: Deps, text: str) -> str | list[Reply]:
    """The cleaned answer text, or the private reply explaining why it cannot be used."""
    cleaned = clean(text)
    if not cleaned:
        return [
            Reply(
                marked("unparseable", "That answer is empty: type your answer as text."),
                True,
                reaction="unparseable",
            )
        ]
    limit = deps.settings.max_answer_chars
    if len(cleaned) > limit:
        return [
            Reply(
                marked(
                    "unparseable",
                    f"That answer is {len(cleaned):,} characters; the limit is {limit:,}. "
                    "Nothing was recorded: send a shorter one.",
                ),
                True,
                reaction="unparseable",
            )
        ]
    return cleaned


def verdict_text(outcome: Verdict) -> str:
    """What a verdict says, which never shows the expected answer."""
    text = VERDICT_LINES[outcome.verdict]
    if outcome.message:
        # Checkers promise their message never contains the expected value; the grader's
        # says how many key points, never which, and already says the answer can change.
        text = outcome.message
        if outcome.verdict not in ("correct", "received") and "again" not in text:
            text += " You can answer again until the reveal; the latest counts."
    return marked(outcome.verdict, text)


def verdict_reply(outcome: Verdict) -> list[Reply]:
    """The private verdict, as the reply that carries it."""
    return [Reply(verdict_text(outcome), ephemeral=True, reaction=outcome.verdict)]


@dataclass(frozen=True)
class Checked:
    """An answer checked against its question, and the attempt that records it."""

    question: Question
    verdict: Verdict
    attempt: Attempt
    grade: Grade | None = None
    """The key-point grade of a prose answer (its coverage is the verdict's score)."""


def check_answer(
    deps: Deps,
    incoming: Incoming,
    question_id: str,
    gone: str,
    talk: Callable[[str], bool] | None = None,
    **target: int,
) -> Checked | list[Reply]:
    """Check an answer to a question (a drill's, drill_id=, or a practice's, practice_id=).

    The replies instead when it cannot be used: unreadable text, `talk` (given the question's
    prompt) saying it is discussion ([]), or the question gone from the bank (`gone`)."""
    text = usable(deps, incoming.text)
    if isinstance(text, list):
        return text
    question = deps.bank.get(question_id)
    if talk is not None and talk(question.prompt if question else ""):
        return []
    if question is None:
        return refusal(gone)
    verdict = check_reply(question, text, deps.code_runner)
    grade = grade_answer(deps.grader, question, text) if verdict.verdict == "received" else None
    if grade is not None:
        verdict = coverage_verdict(grade)
    attempt = _attempt(deps, incoming, text, verdict, **target)
    return Checked(question, verdict, attempt, grade)


def _attempt(deps: Deps, incoming: Incoming, text: str, outcome: Verdict, **target: int) -> Attempt:
    """The attempt to store for this message: a drill's (drill_id) or a practice's."""
    return Attempt(
        platform=incoming.platform,
        workspace=incoming.workspace,
        message_id=incoming.message_id,
        user=incoming.user,
        text=text,
        verdict=outcome.verdict,
        score=outcome.score,
        at=deps.clock.now(),
        **target,  # type: ignore[arg-type]
    )


def answer_drill(
    deps: Deps, incoming: Incoming, drill: Drill, explicit: bool = False
) -> list[Reply]:
    """Record an answer to a drill (new, repeated, or edited) and give its verdict.

    A thread message (`explicit` False) must read as an answer (handlers/attempts.py) or it is
    discussion and changes nothing; `/coach answer` and the Answer button (`explicit`) replace
    the person's answer and say so.
    """
    store = deps.store
    known = store.find_attempt(incoming.platform, incoming.workspace, incoming.message_id)
    if known is not None and not incoming.edited:
        return verdict_reply(Verdict(as_verdict_name(known.verdict), known.score))
    if drill.revealed_at is not None:
        if not explicit:
            return []  # talk after the reveal is discussion
        return refusal("This drill is closed: its answers were revealed. Wait for the next one.")
    if store.saw_answers(drill.id, incoming.platform, incoming.workspace, incoming.user):
        return closed_reply(deps, incoming, drill, explicit)
    checked = check_answer(
        deps,
        incoming,
        drill.question_id,
        "This drill's question is no longer in the bank, so it cannot be answered.",
        talk=None if explicit else lambda prompt: bool(discussion_reason(incoming, prompt)),
        drill_id=drill.id,
    )
    if isinstance(checked, list):
        return checked
    outcome, attempt = checked.verdict, checked.attempt
    with store.transaction():
        earlier = store.latest_attempt(drill.id, incoming.user)
        was = earlier.verdict if earlier else None
        if not explicit and outcome.verdict == "unparseable" and was not in (None, "unparseable"):
            return []  # the checker read an earlier answer of theirs: this one is talk about it
        if known is not None:
            if known.drill_id != drill.id:
                return refusal("That message was recorded for another question.")
            store.replace_attempt(attempt)
        else:
            store.add_attempt(attempt)
        _update_person(deps, incoming, drill, was=was, now=outcome.verdict)
    replies = verdict_reply(outcome)
    if explicit and earlier is not None and known is None:
        note = f"This replaces your earlier answer ({quote(earlier.text, 60)})."
        replies = [replace(replies[0], text=f"{replies[0].text}\n{note}")]
    return replies


def closed_reply(deps: Deps, incoming: Incoming, drill: Drill, explicit: bool) -> list[Reply]:
    """The person saw the model answers: later messages are discussion, said once, privately."""
    store = deps.store
    first_time = store.tell_closed_once(
        drill.id, incoming.platform, incoming.workspace, incoming.user
    )
    if not (explicit or first_time):
        return []
    counted = store.latest_attempt(drill.id, incoming.user)
    kept = f" Your answer stays: {your_answer(counted)}" if counted else ""
    return refusal(
        "You have seen the model answers, so your attempt at this drill is closed and what you"
        f" write now is discussion.{kept}"
    )


def your_answer(attempt: Attempt) -> str:
    """The answer that counts, quoted safely, with its verdict."""
    name = as_verdict_name(attempt.verdict)
    verdict = marked(name, VERDICT_LINES[name]).split(".")[0]
    return f"{quote(attempt.text, 200)} ({verdict})."


def _update_person(deps: Deps, incoming: Incoming, drill: Drill, was: str | None, now: str) -> None:
    """Totals and streak; only the first readable answer to a drill counts as answering it."""
    store = deps.store
    person = store.person(incoming.platform, incoming.workspace, incoming.user) or Person(
        incoming.platform, incoming.workspace, incoming.user
    )
    correct = person.correct + (now == "correct") - (was == "correct")
    person = replace(person, correct=correct, name=clean(incoming.user_name)[:80] or person.name)
    if was in (None, "unparseable") and now != "unparseable":
        missed = missed_days(store, person, drill.channel_id, drill.day)
        person = after_answer(person, drill.day, missed, drill.channel_id)
        person = replace(person, answered=person.answered + 1)
    store.save_person(person)


def answer_practice(deps: Deps, incoming: Incoming, practice: Practice) -> list[Reply]:
    """Check a practice answer privately and show the model answers (it is a private drill)."""
    checked = check_answer(
        deps,
        incoming,
        practice.question_id,
        "That practice question is no longer in the bank.",
        practice_id=practice.id,
    )
    if isinstance(checked, list):
        return checked
    outcome, question = checked.verdict, checked.question
    who = review.Who.of(incoming)
    with deps.store.transaction():
        deps.store.add_attempt(checked.attempt)
        deps.store.mark_practice_answered(practice.id)
        buttons = review.after_practice(deps, who, practice.id, question, outcome)
    verdict = verdict_text(outcome)
    if question.checker is None or question.checker.kind != "code":
        verdict = verdict.split(".")[0] + "."  # a code verdict's failing test is the feedback
    if (outcome.verdict == "received" and not outcome.message) or checked.grade is not None:
        verdict = marked("received", "Recorded.")
    feedback = f"{breakdown_text(checked.grade)}\n\n" if checked.grade is not None else ""
    answers = answers_text(question, expected_answer(question))
    ask = (
        "\n\n*Nothing checks this one: how did it go? Rate it with the buttons or"
        " `/coach review rate again|hard|good|easy` to schedule its next review.*"
        if buttons
        else ""
    )
    return [Reply(f"{verdict}\n\n{feedback}{answers}{ask}", True, buttons=buttons)]
