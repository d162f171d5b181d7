"""The offline grader: which key points an answer covers, with the words that cover each."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from content.bank import Bank
from content.grading.rubric import KeyPoint, Rubrics, shipped_rubrics
from content.grading.screening import Screen, aimed_at_grader
from content.grading.words import STOPWORDS, Text
from content.schema import Question

EVIDENCE_LIMIT = 240
"""Evidence longer than this is cut (it stays a verbatim piece of the person's text)."""
CLOSE_TOGETHER = 120
"""Matched concepts within this many characters are quoted together, as one piece."""


@dataclass(frozen=True)
class PointGrade:
    point: str
    covered: bool
    evidence: str | None
    """The span of the person's text that covers the point, verbatim; None when not covered."""


@dataclass(frozen=True)
class Grade:
    """One answer's key-point coverage, as the grader saw it."""

    coverage: float
    junk: bool
    grader: str
    key_points: tuple[PointGrade, ...]
    why_nothing: str | None = None
    """Why nothing was covered regardless of the words: junk, off-topic, aimed at a grader."""
    fallback_note: str | None = None
    """Said with the grade when the grader asked for could not answer and this one did."""

    @property
    def covered(self) -> int:
        return sum(p.covered for p in self.key_points)

    def as_json(self) -> dict[str, Any]:
        """The documented JSON shape of `python -m content grade --json`."""
        return {
            "coverage": self.coverage,
            "junk": self.junk,
            "grader": self.grader,
            "key_points": [
                {"point": p.point, "covered": p.covered, "evidence": p.evidence}
                for p in self.key_points
            ],
        }


def _material(q: Question) -> str:
    reviewed = q.reviewed
    parts = [q.prompt] + ([reviewed.answer, *reviewed.key_points] if reviewed else [])
    return "\n".join(parts)


def _evidence(text: Text, ranges: list[tuple[int, int]], required: int) -> str:
    """The words that cover the point: all matched concepts when they sit close together,
    else the shortest piece of the text holding `required` of them."""
    ranges = sorted(ranges)
    start, end = text.span(min(r[0] for r in ranges), max(r[1] for r in ranges))
    if end - start > CLOSE_TOGETHER:
        best = ranges[0][0], ranges[required - 1][1]
        for i in range(len(ranges) - required + 1):
            group = ranges[i : i + required]
            low, high = min(r[0] for r in group), max(r[1] for r in group)
            if high - low < best[1] - best[0]:
                best = low, high
        start, end = text.span(*best)
    return text.raw[start:end][:EVIDENCE_LIMIT]


def grade_point(key: KeyPoint, text: Text) -> PointGrade:
    """Whether the text covers one key point: enough concepts, and no misconception said."""
    ranges = []
    for alternatives in key.stemmed:
        found = next((r for p in alternatives if (r := text.find(p)) is not None), None)
        if found is not None:
            ranges.append(found)
    contradicted = any(text.find(p) for p in key.stemmed_contradictions)
    if len(ranges) < key.required or contradicted:
        return PointGrade(key.point, False, None)
    return PointGrade(key.point, True, _evidence(text, ranges, key.required))


class OfflineGrader:
    """Grades answers against the rubrics with stems and fuzzy matching; no network, no model."""

    name = "offline"

    def __init__(self, bank: Bank, rubrics: Rubrics) -> None:
        self.bank = bank
        self.rubrics = rubrics

    @cached_property
    def screen(self) -> Screen:
        """Built at the first grade: a bot or test that never grades never pays for it."""
        schedulable = [q for q in self.bank.questions if q.schedulable]
        return Screen(
            {q.id: _material(q) for q in schedulable}, {q.id: q.prompt for q in schedulable}
        )

    def gradable(self, question: Question) -> bool:
        return bool(self.rubrics.get(question.id))

    def grade(self, question: Question, answer: str) -> Grade | None:
        """The grade of an answer to the question; None when the question has no rubric."""
        keys = self.rubrics.get(question.id)
        if not keys:
            return None
        text = Text(answer)
        content = [t.stem for t in text.tokens if t.stem not in STOPWORDS]
        # Text aimed at the grader is named as such even when it is also junk of another kind.
        why = "aimed at the grader" if content and aimed_at_grader(text) else None
        why = why or self.screen.junk(content, question.id)
        if why is not None:
            return self._nothing(keys, why, junk=True)
        points = tuple(grade_point(key, text) for key in keys)
        covered = sum(p.covered for p in points)
        if self.screen.off_topic(content, question.id, covered > 0):
            return self._nothing(keys, "off-topic", junk=True)
        return Grade(covered / len(points), False, self.name, points)

    def _nothing(self, keys: list[KeyPoint], why: str, junk: bool) -> Grade:
        points = tuple(PointGrade(k.point, False, None) for k in keys)
        return Grade(0.0, junk, self.name, points, why_nothing=why)


def shipped_grader(bank: Bank) -> OfflineGrader:
    """The offline grader over the rubrics that ship in content/reviewed/grading/."""
    return OfflineGrader(bank, shipped_rubrics())
