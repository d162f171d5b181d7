"""The grader's evaluation set (content/grading/eval.yaml) and the figures it is judged by."""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from content.bank import Bank
from content.grading.grader import Grade, OfflineGrader
from content.schema import Question

EVAL_FILE = Path(__file__).resolve().parent / "eval.yaml"
Tier = Literal["strong", "partial", "wrong-but-on-topic", "off-topic", "junk", "injection"]
TIERS: tuple[Tier, ...] = (
    "strong",
    "partial",
    "wrong-but-on-topic",
    "off-topic",
    "junk",
    "injection",
)
NOTHING_TIERS = ("off-topic", "junk", "injection")


class Labelled(BaseModel):
    """One answer of the set with the key points (1-based) a human marker counts as covered."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    q: str
    tier: Tier
    covers: list[int]
    text: str
    held_out: bool = False
    """Its question's rubric was never edited after seeing the grader's results on the set."""


def load_eval(path: Path = EVAL_FILE) -> list[Labelled]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or []
    return [Labelled.model_validate(item) for item in data]


@dataclass(frozen=True)
class Report:
    answers: int
    questions: int
    precision: float
    recall: float
    mean_coverage: dict[str, float]
    max_nothing_coverage: float
    ordered_share: float
    """Share of questions where mean coverage is strong > partial > wrong-but-on-topic."""
    p50_ms: float
    p95_ms: float

    def targets(self) -> list[tuple[str, bool]]:
        nothing = max(self.mean_coverage.get(t, 0.0) for t in NOTHING_TIERS)
        return [
            (
                "junk, off-topic and injection: mean coverage <= 0.1",
                nothing <= 0.1,
            ),
            ("junk, off-topic and injection: none above 0.25", self.max_nothing_coverage <= 0.25),
            (
                "strong > partial > wrong in mean coverage for >= 90% of questions",
                self.ordered_share >= 0.9,
            ),
            ("key-point precision >= 0.85", self.precision >= 0.85),
            ("key-point recall >= 0.75", self.recall >= 0.75),
            ("offline grading p95 < 50 ms per answer", self.p95_ms < 50),
        ]

    def lines(self) -> list[str]:
        out = [
            f"{self.answers} answers over {self.questions} questions",
            f"key-point precision {self.precision:.3f}, recall {self.recall:.3f}",
            "mean coverage per tier:",
        ]
        out += [f"  {tier:20} {self.mean_coverage.get(tier, 0.0):.3f}" for tier in TIERS]
        out += [
            f"highest coverage of a junk/off-topic/injection answer: "
            f"{self.max_nothing_coverage:.3f}",
            f"questions with strong > partial > wrong: {self.ordered_share:.0%}",
            f"grading time per answer: p50 {self.p50_ms:.2f} ms, p95 {self.p95_ms:.2f} ms",
            "targets:",
        ]
        out += [f"  {'yes' if met else 'no ':3}  {name}" for name, met in self.targets()]
        return out


def evaluate(
    bank: Bank, grade: Callable[[Question, str], Grade | None], answers: list[Labelled]
) -> Report:
    """Grade every labelled answer and compare with its labels."""
    tp = fp = fn = 0
    by_tier: defaultdict[str, list[float]] = defaultdict(list)
    by_question: defaultdict[str, defaultdict[str, list[float]]] = defaultdict(
        lambda: defaultdict(list)
    )
    timings: list[float] = []
    for item in answers:
        question = bank.get(item.q)
        if question is None:
            raise ValueError(f"eval answer for unknown question {item.q!r}")
        start = time.perf_counter()
        result = grade(question, item.text)
        timings.append((time.perf_counter() - start) * 1000)
        if result is None:
            raise ValueError(f"{item.q}: no rubric to grade with")
        for number, point in enumerate(result.key_points, 1):
            labelled = number in item.covers
            tp += point.covered and labelled
            fp += point.covered and not labelled
            fn += labelled and not point.covered
        by_tier[item.tier].append(result.coverage)
        by_question[item.q][item.tier].append(result.coverage)
    ordered = 0
    for tiers in by_question.values():
        means = [statistics.fmean(tiers.get(t, [0.0])) for t in TIERS[:3]]
        ordered += means[0] > means[1] > means[2]
    nothing = [c for t in NOTHING_TIERS for c in by_tier.get(t, [])]
    quantiles = statistics.quantiles(timings, n=20) if len(timings) > 1 else timings * 19
    return Report(
        answers=len(answers),
        questions=len(by_question),
        precision=tp / (tp + fp) if tp + fp else 1.0,
        recall=tp / (tp + fn) if tp + fn else 1.0,
        mean_coverage={t: statistics.fmean(v) for t, v in by_tier.items()},
        max_nothing_coverage=max(nothing, default=0.0),
        ordered_share=ordered / len(by_question) if by_question else 0.0,
        p50_ms=statistics.median(timings) if timings else 0.0,
        p95_ms=quantiles[18],
    )


def report_lines(bank: Bank, grader: OfflineGrader, answers: list[Labelled]) -> list[str]:
    """The eval's printout: the whole set with every target, then the held-out part alone."""
    lines = [f"grader: {grader.name}", "", "whole set:"]
    lines += ["  " + line for line in evaluate(bank, grader.grade, answers).lines()]
    held_out = [a for a in answers if a.held_out]
    if held_out:
        lines += ["", "held-out part (draft rubrics, never tuned on these answers):"]
        lines += ["  " + line for line in evaluate(bank, grader.grade, held_out).lines()]
    return lines
