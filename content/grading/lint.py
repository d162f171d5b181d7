"""Checks on the rubrics: each matches its reviewed answer, none is matched by the question."""

from __future__ import annotations

from content.bank import Bank
from content.grading.grader import grade_point
from content.grading.rubric import Rubrics
from content.grading.words import Text
from content.schema import Question


def _code_checked(question: Question) -> bool:
    return question.checker is not None and question.checker.kind == "code"


def rubric_problems(bank: Bank, rubrics: Rubrics) -> list[str]:
    """Every rubric problem, one line each, prefixed with the question id."""
    found: list[str] = []
    for qid in sorted(set(rubrics) - {q.id for q in bank.questions}):
        found.append(f"{qid}: a rubric for a question that is not in the bank")
    for q in bank.questions:
        if not q.schedulable or q.reviewed is None:
            continue
        keys = rubrics.get(q.id, [])
        written = [k.point for k in keys]
        if written != q.reviewed.key_points:
            missing = [p for p in q.reviewed.key_points if p not in written]
            extra = [p for p in written if p not in q.reviewed.key_points]
            found.append(
                f"{q.id}: rubric points differ from the key points "
                f"(missing {missing}, unknown {extra}); "
                "`python -m content.grading.draft` drafts the missing ones"
            )
        answer, prompt = Text(q.reviewed.answer), Text(q.prompt)
        for key in keys:
            if not grade_point(key, answer).covered:
                found.append(f"{q.id}: key point {key.point!r} is not matched by its answer")
            # A code question's prompt must name what the tests check (a cache, a mask, a
            # gradient check), and its verdict comes from those tests, not from key points.
            if grade_point(key, prompt).covered and not _code_checked(q):
                found.append(f"{q.id}: key point {key.point!r} is matched by the question alone")
    return found
