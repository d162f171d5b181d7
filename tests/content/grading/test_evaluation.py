"""The evaluation set the project keeps, the figures computed from it, and the grade CLI."""

from __future__ import annotations

import json

import pytest

from content.bank import Bank, load_bank
from content.cli import main
from content.grading import Grade, PointGrade
from content.grading.evaluation import TIERS, Labelled, evaluate, load_eval
from content.schema import Question


def test_the_set_is_big_enough_and_its_labels_fit_the_questions() -> None:
    bank = load_bank()
    answers = load_eval()
    assert len(answers) >= 150
    assert len({a.q for a in answers}) >= 25
    assert {a.tier for a in answers} == set(TIERS)
    for a in answers:
        q = bank.get(a.q)
        assert q is not None and q.reviewed is not None, a.q
        assert set(a.covers) <= set(range(1, len(q.reviewed.key_points) + 1)), a
        if a.tier in ("off-topic", "junk", "injection"):
            assert a.covers == [], a


def _q(qid: str) -> Question:
    return Question.model_validate(
        {
            "id": qid,
            "topic": "nlp",
            "prompt": "p?",
            "sources": [{"source": "t", "line": 1, "question": "p?"}],
            "reviewed": {"answer": "a", "key_points": ["one", "two"]},
        }
    )


def test_figures_follow_from_the_grades() -> None:
    """Precision, recall, tier means and ordering, with a grade function fixed by the test."""
    verdicts = {
        "strong": (True, True),
        "partial": (True, False),
        "wrong-but-on-topic": (False, False),
        "junk": (True, False),
    }

    def fake(question: Question, text: str) -> Grade:
        covered = verdicts[text]
        points = tuple(
            PointGrade(p, c, "x" if c else None)
            for p, c in zip(["one", "two"], covered, strict=True)
        )
        return Grade(sum(covered) / 2, False, "fake", points)

    answers = [
        Labelled(q="a", tier="strong", covers=[1, 2], text="strong"),
        Labelled(q="a", tier="partial", covers=[1], text="partial"),
        Labelled(q="a", tier="wrong-but-on-topic", covers=[], text="wrong-but-on-topic"),
        Labelled(q="a", tier="junk", covers=[], text="junk"),
    ]
    report = evaluate(Bank([_q("a")]), fake, answers)
    assert report.precision == pytest.approx(3 / 4)  # the junk answer's point 1 is a false one
    assert report.recall == 1.0
    assert report.mean_coverage == {
        "strong": 1.0,
        "partial": 0.5,
        "wrong-but-on-topic": 0.0,
        "junk": 0.5,
    }
    assert report.ordered_share == 1.0
    assert report.max_nothing_coverage == 0.5
    targets = dict(report.targets())
    assert targets["key-point precision >= 0.85"] is False
    assert targets["key-point recall >= 0.75"] is True
    assert targets["junk, off-topic and injection: none above 0.25"] is False
    assert targets["strong > partial > wrong in mean coverage for >= 90% of questions"] is True


def test_grade_cli_prints_the_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", "dead-neuron", "a relu that always outputs 0", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"coverage", "junk", "grader", "key_points"}
    assert data["grader"] == "offline"
    assert data["key_points"][0]["covered"] is True
    assert "always outputs 0" in data["key_points"][0]["evidence"]


def test_grade_cli_refuses_an_unknown_question(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", "no-such-question", "x"]) == 1
    assert "no question" in capsys.readouterr().out


def test_eval_prints_every_target_with_yes_or_no(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", "--eval"]) == 0
    out = capsys.readouterr().out
    for target in (
        "junk, off-topic and injection: mean coverage <= 0.1",
        "strong > partial > wrong in mean coverage for >= 90% of questions",
        "key-point precision >= 0.85",
        "offline grading p95 < 50 ms per answer",
    ):
        assert any(line.strip().endswith(target) for line in out.splitlines()), target
    assert "held-out part" in out
