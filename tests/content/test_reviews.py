"""Reviewed answers: they agree with the checkers, and errata sit on real source answers."""

from __future__ import annotations

import pytest

from content.bank import load_bank
from content.build import build
from content.checkers import check
from content.curation import Curation
from content.importers.base import RawItem
from content.reviews import Review, load_reviews

BANK = load_bank()
# A code question's reviewed answer is prose; our solutions to those pass in the sandbox instead
# (tests/content/checkers/code/test_suites.py).
CHECKED_AND_REVIEWED = [
    q for q in BANK.questions if q.checker and q.checker.kind != "code" and q.reviewed
]


def first_paragraph(text: str) -> str:
    return text.strip().split("\n\n")[0]


@pytest.mark.parametrize("question", CHECKED_AND_REVIEWED, ids=lambda q: q.id)
def test_a_reviewed_answer_states_what_the_checker_expects(question) -> None:  # type: ignore[no-untyped-def]
    verdict = check(question.checker, first_paragraph(question.reviewed.answer))
    assert verdict.verdict == "correct", verdict.message


def test_every_checkable_schedulable_question_is_covered_by_that_test() -> None:
    missing = [q.id for q in BANK.questions if q.checker and q.schedulable and not q.reviewed]
    assert missing == []


def test_every_review_file_entry_names_a_question_of_the_bank() -> None:
    unknown = sorted(set(load_reviews()) - {q.id for q in BANK.questions})
    assert unknown == []


ITEM = RawItem(
    source="blog-8-3",
    section=("Training neural networks",),
    question="Why L2?",
    prompt="Why is squared L2 preferred?",
    answer="Because it is linear.",
    line=3,
)


def test_an_erratum_on_a_source_that_gave_no_answer_fails_the_build() -> None:
    review = Review(
        answer="Smooth gradient.", key_points=["differentiable"], errata={"author-answers": "wrong"}
    )
    qid = build(items=[ITEM], curation=Curation(), attachments=[], reviews={}).questions[0].id
    with pytest.raises(ValueError, match="without an answer"):
        build(items=[ITEM], curation=Curation(), attachments=[], reviews={qid: review})


def test_a_review_of_an_unknown_question_fails_the_build() -> None:
    review = Review(answer="x", key_points=["y"])
    with pytest.raises(ValueError, match="unknown question"):
        build(items=[ITEM], curation=Curation(), attachments=[], reviews={"no-such-id": review})


def test_lint_fails_on_a_schedulable_question_without_a_reviewed_answer() -> None:
    from content.bank import Bank
    from content.lint import problems

    question = build(items=[ITEM], curation=Curation(), attachments=[], reviews={}).questions[0]
    assert problems(Bank([question])) == [f"{question.id}: schedulable but has no reviewed answer"]
    flagged = question.model_copy(update={"needs_figure": True})
    assert problems(Bank([flagged])) == []


def test_show_puts_each_erratum_next_to_its_source_answer() -> None:
    from content.cli import describe

    q = next(q for q in BANK.questions if any(a.erratum for a in q.answers))
    shown = describe(q)
    assert q.reviewed is not None and q.reviewed.answer.splitlines()[0] in shown
    for answer in q.answers:
        if answer.erratum:
            head = shown.index(f"## Answer from {answer.source}")
            assert shown.index(f"> Erratum: {answer.erratum}") > head
