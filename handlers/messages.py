"""The words the coach says, in neutral markdown: posts, reveals, verdicts, status (the help text
comes from the command table, handlers/command_table.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from content.importers.text import find_links
from content.schema import TOPICS, Question
from content.verdicts import MARKS, VerdictName
from handlers.schedule import format_days, format_duration, zone
from storage.records import ChannelConfig, Figures, Person

VERDICT_LINES: dict[VerdictName, str] = {
    "correct": "Correct. Answers come out at the reveal.",
    "partial": "Partly right. You can answer again until the reveal; the latest counts.",
    "incorrect": "Not quite. You can answer again until the reveal; the latest counts.",
    "unparseable": "I could not read an answer in that.",
    "received": "Answer recorded. You can edit it until the reveal; the latest counts.",
}


def marked(verdict: VerdictName, text: str) -> str:
    """A verdict's text, beginning with its mark (every Reply with a reaction is made so)."""
    return f"{MARKS[verdict]} {text}"


def local(when: datetime, cfg: ChannelConfig) -> str:
    """A moment written in the channel's timezone."""
    return when.astimezone(zone(cfg)).strftime("%a %d %b %H:%M ") + cfg.tz


def label(question: Question) -> str:
    topic = TOPICS.get(question.topic, question.topic)
    return f"{topic} · {question.difficulty}" if question.difficulty else topic


def drill_text(question: Question, reveal_at: datetime, cfg: ChannelConfig) -> str:
    return (
        f"*{label(question)}*\n\n{question.prompt}\n\n"
        f"Reply in this thread to answer. Answers revealed {local(reveal_at, cfg)}."
    )


def practice_text(question: Question) -> str:
    return (
        f"**Practice question** ({label(question)})\n\n{question.prompt}\n\n"
        "Answer with `/coach drill answer <text>`; it does not touch the channel's drill."
    )


def answers_text(question: Question, expected: str | None) -> str:
    """The model answers of a question, with their sources and any checker value."""
    parts: list[str] = []
    if expected:
        parts.append(f"**Expected:** {expected}")
    if question.reviewed is not None:
        points = "\n".join(f"- {p}" for p in question.reviewed.key_points)
        parts.append(
            f"**Model answer**\n{question.reviewed.answer}"
            + (f"\n\n**Key points**\n{points}" if points else "")
        )
    links = list(question.links)
    for answer in question.answers:
        # an answer that is only a picture we do not have, or only a link, says nothing in chat:
        # its links join the question's, the rest is left out
        if answer.omit or answer.kind == "image-only":
            continue
        if answer.kind == "link-only":
            links += [link for link in find_links(answer.text) if link not in links]
            continue
        note = f"\n*Erratum:* {answer.erratum}" if answer.erratum else ""
        parts.append(f"**From {answer.source}**\n{answer.text}{note}")
    if links:
        parts.append("**Links**\n" + "\n".join(f"- {link}" for link in links))
    return "\n\n".join(parts) or "No model answer is stored for this question."


def reveal_text(question: Question, expected: str | None, figures: Figures) -> str:
    people = "person" if figures.answered == 1 else "people"
    tally = f"{figures.answered} {people} answered"
    if question.checker is not None:
        tally += f", {figures.correct} right"
    return f"**Reveal:** {question.prompt}\n\n{answers_text(question, expected)}\n\n*{tally}.*"


def status_text(
    cfg: ChannelConfig,
    next_drill: datetime | None,
    open_drill: str | None,
    skipped: Sequence[date] = (),
) -> str:
    topics = ", ".join(TOPICS.get(t, t) for t in cfg.topics) or "all topics"
    lines = [
        f"**Drill setup** ({'paused' if cfg.paused else 'active'})",
        f"- {cfg.time} {cfg.tz}, {format_days(cfg.days)}",
        f"- {topics}; difficulty {cfg.difficulty or 'any'}",
        f"- reveal {format_duration(cfg.reveal_minutes)}",
    ]
    if cfg.packs != ("builtin",):
        lines.append(f"- questions from: {', '.join(cfg.packs)}")
    if next_drill is not None and not cfg.paused:
        lines.append(f"- next drill {local(next_drill, cfg)}")
    if open_drill:
        lines.append(f"- open now: {open_drill}")
    if skipped:
        days = ", ".join(f"{d:%a %d %b %Y}" for d in skipped[:10])
        more = f" and {len(skipped) - 10} more" if len(skipped) > 10 else ""
        lines.append(f"- no drill (holidays): {days}{more}")
    return "\n".join(lines)


def streak_text(person: Person | None, current: int, freezes: tuple[int, int]) -> str:
    if person is None or person.answered == 0:
        return "No streak yet: answer today's drill to start one."
    held, used = freezes
    return (
        f"Your streak: **{current}** drill day{'s' if current != 1 else ''} "
        f"(best {person.best}); {person.answered} answered, {person.correct} right. "
        f"Streak freezes: {held} held, {used} used (one earned every 5 answered drill days,"
        " at most 2; a missed drill day spends one)."
    )
