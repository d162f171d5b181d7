"""The shipped rubrics and the lint that keeps them honest."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from content.bank import Bank, load_bank
from content.grading import KeyPoint, load_rubrics
from content.grading.lint import rubric_problems
from content.schema import Question


def test_every_schedulable_question_has_a_rubric_that_passes_the_lint() -> None:
    bank = load_bank()
    rubrics = load_rubrics()
    assert rubric_problems(bank, rubrics) == []
    schedulable = [q for q in bank.questions if q.schedulable and q.reviewed]
    assert len(schedulable) >= 274  # 275 until issue 17 merged the two sum-node questions
    assert all(len(rubrics[q.id]) == len(q.reviewed.key_points) for q in schedulable)  # type: ignore[union-attr]


def _question(prompt: str, answer: str, points: list[str]) -> Question:
    return Question.model_validate(
        {
            "id": "q",
            "topic": "training",
            "prompt": prompt,
            "sources": [{"source": "test", "line": 1, "question": prompt}],
            "reviewed": {"answer": answer, "key_points": points},
        }
    )


def test_lint_fails_a_point_its_answer_does_not_match() -> None:
    q = _question("Why warm up?", "Ramp the rate up from zero.", ["Ramp up"])
    rubric = {"q": [KeyPoint(point="Ramp up", concepts=[["adam"]])]}
    assert rubric_problems(Bank([q]), rubric) == [
        "q: key point 'Ramp up' is not matched by its answer"
    ]


def test_lint_fails_a_point_the_question_alone_matches() -> None:
    q = _question("Why warm up the learning rate?", "Warm up: ramp the learning rate.", ["Ramp"])
    rubric = {"q": [KeyPoint(point="Ramp", concepts=[["learning rate"]])]}
    assert rubric_problems(Bank([q]), rubric) == [
        "q: key point 'Ramp' is matched by the question alone"
    ]


def test_lint_fails_missing_and_unknown_points() -> None:
    q = _question("Why?", "Because ramp.", ["Ramp", "Other"])
    rubric = {"q": [KeyPoint(point="Ramp", concepts=[["ramp"]])], "gone": []}
    found = rubric_problems(Bank([q]), rubric)
    assert "gone: a rubric for a question that is not in the bank" in found
    assert any("missing ['Other']" in line for line in found)


def test_the_schema_refuses_impossible_needs_and_empty_concepts() -> None:
    with pytest.raises(ValidationError):
        KeyPoint(point="p", concepts=[["a"]], needs=2)
    with pytest.raises(ValidationError):
        KeyPoint(point="p", concepts=[[]])
    with pytest.raises(ValidationError):
        KeyPoint(point="p", concepts=[["a"]], typo=1)  # type: ignore[call-arg]


def test_a_question_with_two_rubrics_does_not_load(tmp_path: Path) -> None:
    entry = "q:\n  - point: p\n    concepts: [[a]]\n"
    (tmp_path / "a.yaml").write_text(entry)
    (tmp_path / "b.yaml").write_text(entry)
    with pytest.raises(ValueError, match="two rubrics"):
        load_rubrics(tmp_path)
