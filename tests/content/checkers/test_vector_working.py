"""The vector kind reads the answer of a reply that also shows its working."""

import pytest

from content.checkers import check
from content.schema import Checker

LOSSES = Checker(kind="vector", spec={"values": [0.33646, 1.25278], "abs_tol": 0.0005})
MOMENTS = Checker(kind="vector", spec={"values": [0, 1]})
TANH = Checker(kind="vector", spec={"values": [0.35399, 0.18967, 0.51609], "abs_tol": 0.0005})


@pytest.mark.parametrize(
    ("checker", "reply", "verdict"),
    [
        (LOSSES, "γ1: L = −ln 0.714 ≈ 0.336. If it is γ2, L = −ln 0.286 ≈ 1.253.", "correct"),
        (LOSSES, "−ln 0.714 = 0.336 and −ln 0.286 = 1.253", "correct"),
        (LOSSES, "−ln 0.714 = 0.336 and −ln 0.286 = 1.35", "partial"),
        (LOSSES, "0.714 and 0.286", "incorrect"),
        (MOMENTS, "N(0, 1): mean 0 and variance 1", "correct"),
        (MOMENTS, "N(0, 1): mean 1 and variance 0", "incorrect"),
        (MOMENTS, "0, 1, 2", "unparseable"),
        (TANH, "tanh([[0.37, 0.192, 0.571]]) ≈ [[0.3540, 0.1897, 0.5161]]", "correct"),
        (TANH, "tanh([[0.37, 0.192, 0.571]]) ≈ [[0.3540, 0.1897, 0.6161]]", "partial"),
        (TANH, "[[0.37, 0.192, 0.571]] [[0.3540, 0.1897, 0.5161]]", "unparseable"),
    ],
)
def test_results_after_the_working(checker: Checker, reply: str, verdict: str) -> None:
    assert check(checker, reply).verdict == verdict
