"""Key-point feedback on prose answers: the one door to content.grading, and its words.

A grader is pure (question and answer in, per-point coverage with evidence out); this module
decides what a grade means in chat. At answer time a person hears only how many key points the
answer covers so far (never which: that would give the answer away before the reveal); at the
reveal they see each point ✓/✗ with the words of theirs that cover it, and the public reveal
counts, without naming anyone, how many answers mentioned each point.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from content.grading import Grade
from content.schema import Question
from content.verdicts import Verdict
from handlers.text import quote

log = logging.getLogger(__name__)

EVIDENCE_CHARS = 80


class Grader(Protocol):
    name: str

    def grade(self, question: Question, answer: str) -> Grade | None: ...


def grade_answer(grader: Grader | None, question: Question, text: str) -> Grade | None:
    """The grade of a prose answer; None when nothing grades it (no rubric, or the grader
    failed: a grader bug must never lose the answer, which is recorded ungraded)."""
    if grader is None or question.checker is not None:
        return None
    try:
        return grader.grade(question, text)
    except Exception:
        log.exception("grading failed on question %s", question.id)
        return None


def coverage_verdict(grade: Grade) -> Verdict:
    """What is recorded for a graded answer: its coverage as the score, or junk as unreadable
    (junk never counts for the day, the streak or the board)."""
    if grade.junk:
        why = grade.why_nothing or "not an answer"
        return Verdict(
            "unparseable",
            0.0,
            f"Recorded, but that does not read as an answer to this question ({why}), so it "
            "covers no key point and does not count for today. You can answer again until the "
            "reveal.",
        )
    total = len(grade.key_points)
    return Verdict(
        "received",
        grade.coverage,
        f"Recorded: covers {grade.covered} of {total} key point{'s' if total != 1 else ''} so "
        "far; you can improve it until the reveal.",
    )


def grader_label(grade: Grade) -> str:
    if grade.grader.startswith("llm:"):
        return f"graded by the LLM grader {grade.grader[4:]} (its verdicts, with quotes checked)"
    return "graded offline by key-point matching"


def breakdown_text(grade: Grade) -> str:
    """Each key point ✓/✗ with the person's words that cover it, quoted safely."""
    total = len(grade.key_points)
    head = f"**Your key points:** {grade.covered} of {total} covered ({grader_label(grade)})."
    if grade.why_nothing:
        head += f" Nothing counted: {grade.why_nothing}."
    lines = [head]
    for point in grade.key_points:
        if point.covered and point.evidence:
            lines.append(f"✓ {point.point}: “{quote(point.evidence, EVIDENCE_CHARS)}”")
        else:
            lines.append(f"✗ {point.point}")
    if grade.fallback_note:
        lines.append(f"*{grade.fallback_note}*")
    return "\n".join(lines)


def _inline(point: str) -> str:
    """A key point inside a sentence: its first letter lowered unless it starts an acronym."""
    if len(point) > 1 and point[0].isupper() and point[1].islower():
        return point[0].lower() + point[1:]
    return point


def group_view(question: Question, grades: Sequence[Grade]) -> str:
    """How many of the answers mentioned each key point, naming no one; "" with no grades."""
    if not grades or question.reviewed is None:
        return ""
    total = len(grades)
    counts = [
        (sum(g.key_points[i].covered for g in grades if len(g.key_points) > i), point)
        for i, point in enumerate(question.reviewed.key_points)
    ]
    answers = "answer" if total == 1 else "answers"
    parts = [f"{n} of {total} {answers} mentioned {_inline(point)}" for n, point in counts if n]
    missed = [point for n, point in counts if not n]
    nobody = (
        "the one answer covered no key point"
        if total == 1
        else (f"none of the {total} answers covered a key point")
    )
    text = "; ".join(parts) if parts else nobody
    if parts and missed:
        text += f"; none mentioned {_inline(missed[0])}"
        if len(missed) > 1:
            text += f" (or {len(missed) - 1} other point{'s' if len(missed) > 2 else ''})"
    return f"**In your answers:** {text}."
