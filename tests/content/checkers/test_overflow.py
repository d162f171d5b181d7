"""The audit's defects: numbers beyond float range, ln2, arrows and restated thresholds."""

import pytest

from content.checkers import check
from content.checkers.bench import CASES
from content.schema import Checker
from tests.content.checkers.attached import entry

FOUR = Checker(kind="numeric", spec={"value": 4})
HUGE = [
    "1e999",
    "-1e999",
    "9" * 309,
    "9" * 400 + " / 3",
    "1/" + "9" * 400,
    "sqrt(" + "9" * 400 + ")",
    "√" + "9" * 400,
    "4e10000",
    "4e99999",
    "4e" + "9" * 5000,
    "4 x 10^" + "9" * 5000,
    "2^" + "9" * 5000,
    "0^-" + "9" * 400,
    "x**" + "9" * 400,
    "x + 1e999",
    "x**1e999",
]


@pytest.mark.parametrize("reply", HUGE)
@pytest.mark.parametrize("checker", [c for c, _ in CASES], ids=lambda c: c.kind)
def test_numbers_past_float_range_never_raise(checker: Checker, reply: str) -> None:
    result = check(checker, reply)
    assert result.verdict in {"incorrect", "unparseable", "partial"}


@pytest.mark.parametrize("reply", ["4e10000", "4e99999", "4 x 10^10000", "4**9999"])
def test_a_huge_exponent_is_not_dropped(reply: str) -> None:
    result = check(FOUR, reply)
    assert result.verdict == "incorrect"
    assert "∞" in result.message


@pytest.mark.parametrize("reply", ["4e-10000", "4e0", "40e-1", "0.4e1"])
def test_exponents_are_applied(reply: str) -> None:
    expected = "correct" if reply != "4e-10000" else "incorrect"
    assert check(FOUR, reply).verdict == expected


EQ_8_27 = Checker(kind="formula", spec=entry("Manually derive the derivative of eq. 8.27")["spec"])


@pytest.mark.parametrize(
    "reply",
    [
        "1.5 ln2 s(1-s)",
        "ds/dx = 1.5·ln2·s(x)(1 − s(x))",
        "1.5 * ln 2 * s * (1 - s)",
        "1.5 ln(2) 2^(-1.5x) / (1 + 2^(-1.5x))^2",
        "1.5*log(2)*s*(1-s)",
    ],
)
def test_our_recommended_form_of_eq_8_27_is_read(reply: str) -> None:
    assert check(EQ_8_27, reply).verdict == "correct"


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        ("s(1-s)", "incorrect"),
        ("1.5 ln2 s", "incorrect"),
        ("-1.5 ln2 s(1-s)", "incorrect"),
        ("1.5 ln2 q(1-q)", "unparseable"),
    ],
)
def test_near_misses_of_eq_8_27(reply: str, verdict: str) -> None:
    assert check(EQ_8_27, reply).verdict == verdict


def test_function_names_glued_to_numbers_and_bare_arguments() -> None:
    sin_checker = Checker(kind="formula", spec={"expr": "sin(x) + log(2)", "variables": ["x"]})
    assert check(sin_checker, "sin x + ln2").verdict == "correct"
    assert check(sin_checker, "sin(x) + ln 2").verdict == "correct"
    assert check(sin_checker, "sin x + ln3").verdict == "incorrect"


D5_RANK = Checker(kind="numeric", spec={"value": 4, "unit": "(rank)"})


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        # a change described is working: the person has not said which number is the answer
        ("cosine 0.54 → 0.55", "unparseable"),
        ("0.54 -> 0.55", "unparseable"),
        # a number stated outside the change is the answer
        ("cosine 0.54 → 0.55, so D5 stays 4th", "correct"),
        ("4 (its cosine goes 0.544 → 0.551)", "correct"),
        ("cosine 0.54 → 0.55; rank 3", "incorrect"),
        # an arrow after a word still marks the answer
        ("rank → 4", "correct"),
        ("rank -> 5", "incorrect"),
    ],
)
def test_an_arrow_between_numbers_is_a_change_not_an_answer(reply: str, verdict: str) -> None:
    assert check(D5_RANK, reply).verdict == verdict


AND = Checker(kind="truth_table", spec={"targets": [0, 0, 0, 1]})


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        ("w1 = 1, w2 = 1, b = -1.5", "correct"),
        ("w1=1, w2=1, threshold=1.5", "correct"),
        ("w1=1, w2=1, b=-1.5, i.e. a threshold of 1.5", "correct"),
        ("weights 1 and 1, bias -1.5 so the threshold is 1.5", "correct"),
        ("w1=1, w2=1, threshold 1.5 (b = -1.5)", "correct"),
        # the threshold read as a bias would fire on every input: the restatement must not count
        ("w1=1, w2=1, b=1.5, threshold 1.5", "incorrect"),
        ("w1=1, w2=1, b=-1.5, threshold", "correct"),
    ],
)
def test_a_threshold_restating_the_bias_is_not_read_as_one(reply: str, verdict: str) -> None:
    assert check(AND, reply).verdict == verdict
