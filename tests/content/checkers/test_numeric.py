"""The numeric checker on replies written the many ways people write numbers in chat."""

import pytest

from content.checkers import check, expected_text, validate
from content.schema import Checker


def numeric(**spec) -> Checker:
    return Checker(kind="numeric", spec=spec)


FOUR = numeric(value=4)
PROPORTION = numeric(value=0.8306, percent=True)


@pytest.mark.parametrize(
    "reply",
    [
        "4",
        "the distance is 4",
        "**4**",
        "4.0",
        "= 4",
        "Answer: 4",
        "4 (2 insertions, 2 deletions)",
        "~~3~~ 4",
        "4 is the answer, not 3",
        "I got 3+1 = 4",
        "sqrt(16) = 4",
        "2^2",
        "8/2",
        "4e0",
    ],
)
def test_four_written_many_ways_is_correct(reply: str) -> None:
    assert check(FOUR, reply).verdict == "correct"


@pytest.mark.parametrize(
    "reply", ["0.83", "≈ 0.83", "83%", "83 %", "83", "0,83", "83.1%", "0.8306"]
)
def test_proportion_forms_are_correct(reply: str) -> None:
    assert check(PROPORTION, reply).verdict == "correct"


@pytest.mark.parametrize(
    "reply", ["3", "5", "-4", "4.3", "40", "D4", "3, 4, 5", "4 or 5", "is it 3 or 4"]
)
def test_wrong_or_shotgun_replies_are_not_correct(reply: str) -> None:
    assert check(FOUR, reply).verdict != "correct"


def test_shotgun_list_is_unparseable_and_does_not_echo_numbers() -> None:
    result = check(FOUR, "3, 4, 5")
    assert result.verdict == "unparseable"
    assert "4" not in result.message


@pytest.mark.parametrize(
    ("reply", "value"),
    [
        ("−0.25", -0.25),
        ("1,024", 1024),
        ("3e-4", 3e-4),
        ("3 × 10⁻⁴", 3e-4),
        ("1/3", 1 / 3),
        ("√102", 102**0.5),
        ("sqrt(102)", 102**0.5),
        ("≈ 0.333", 1 / 3),
        ("1 000", None),
    ],
)
def test_written_forms_are_read(reply: str, value: float | None) -> None:
    if value is None:
        assert check(numeric(value=1000), reply).verdict != "correct"
        return
    assert check(numeric(value=value), reply).verdict == "correct"


def test_coarse_rounding_is_partial_not_correct() -> None:
    result = check(PROPORTION, "0.8")
    assert (result.verdict, result.score) == ("partial", 0.5)


def test_sign_error_gets_a_hint() -> None:
    result = check(numeric(value=-0.25), "0.25")
    assert result.verdict == "incorrect" and "sign" in result.message


@pytest.mark.parametrize("reply", ["", "   ", "no idea", "D4", "x" * 30_000])
def test_unreadable_replies_say_what_form_is_expected(reply: str) -> None:
    result = check(FOUR, reply)
    assert result.verdict == "unparseable" and result.score == 0
    assert "4" not in result.message


def test_message_states_what_was_read() -> None:
    assert "0.9" in check(PROPORTION, "0.9").message


def test_tolerances() -> None:
    assert check(numeric(value=10, abs_tol=0.5), "10.4").verdict == "correct"
    assert check(numeric(value=10, abs_tol=0.5), "10.6").verdict == "incorrect"
    assert check(numeric(value=100, rel_tol=0.01), "100.9").verdict == "correct"


def test_expected_text_with_unit_and_percent() -> None:
    assert expected_text(numeric(value=4, unit="px")) == "4 px"
    assert expected_text(PROPORTION) == "83.06%"


@pytest.mark.parametrize(
    "spec",
    [
        {},
        {"value": "four"},
        {"value": 4, "tolerance": 1},
        {"value": 4, "abs_tol": -1},
        {"value": True},
        {"value": 4, "min_sig": 0},
        {"value": float("nan")},
    ],
)
def test_malformed_specs_are_rejected(spec: dict) -> None:
    with pytest.raises(ValueError):
        validate(numeric(**spec))


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown checker kind"):
        validate(Checker(kind="telepathy", spec={}))
