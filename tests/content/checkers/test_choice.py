"""The choice kind: one option, picked by number, position word or any of its names."""

import pytest

from content.checkers import check, expected_text, validate
from content.schema import Checker

LAST_LAYER = Checker(
    kind="choice",
    spec={
        "options": ["Conv2d", "MaxPool2d", "ReLU"],
        "answer": "MaxPool2d",
        "aliases": {"MaxPool2d": ["max pool", "max pooling", "max-pool layer"]},
    },
)
NAMED = Checker(
    kind="choice",
    spec={
        "options": ["pixel-wise", "per channel"],
        "answer": "per channel",
        "numbered": False,
        "aliases": {
            "pixel-wise": ["per pixel", "each pixel"],
            "per channel": ["channel-wise", "per colour channel", "each channel"],
        },
    },
)
BN_DESIGN = Checker(
    kind="choice",
    spec={
        "options": ["a", "b", "c"],
        "answer": "c",
        "partial": {"a": {"score": 0.5, "hint": "Valid, but not the placement BN was made for."}},
    },
)


@pytest.mark.parametrize(
    "reply",
    [
        "2",
        "option 2",
        "Option #2",
        "the second one",
        "second",
        "2nd",
        "2)",
        "(2)",
        "MaxPool2d",
        "maxpool2d",
        "max pooling",
        "I think 2",
        "answer: 2",
        "Option 2, MaxPool2d: features ends with the fifth max-pool.",
        "MaxPool2d(2, 2)",
        "not Conv2d but MaxPool2d",
        "MaxPool2d, because the Conv2d and ReLU layers all come before it",
    ],
)
def test_every_way_of_picking_the_right_option(reply: str) -> None:
    assert check(LAST_LAYER, reply).verdict == "correct"


@pytest.mark.parametrize(
    "reply", ["1", "option 3", "the first one", "Conv2d", "ReLU", "3rd", "the last one"]
)
def test_wrong_options(reply: str) -> None:
    result = check(LAST_LAYER, reply)
    assert result.verdict == "incorrect"
    assert "MaxPool2d" not in result.message


@pytest.mark.parametrize(
    "reply",
    [
        "1 or 2",
        "Conv2d or MaxPool2d",
        "option 4",
        "no idea",
        "!!",
        "Linear",
    ],
)
def test_hedged_or_unreadable_picks(reply: str) -> None:
    assert check(LAST_LAYER, reply).verdict == "unparseable"


def test_a_number_inside_a_name_is_not_a_position() -> None:
    assert check(LAST_LAYER, "ReLU(2)").verdict == "incorrect"
    assert check(LAST_LAYER, "a 3x3 kernel").verdict == "unparseable"


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        ("per channel", "correct"),
        ("Per colour channel: one mean and variance per channel.", "correct"),
        ("channel-wise", "correct"),
        ("channel wise", "correct"),
        ("It is not pixel-wise, it is per channel", "correct"),
        ("pixel-wise", "incorrect"),
        ("per pixel", "incorrect"),
        ("2", "unparseable"),
        ("both", "unparseable"),
    ],
)
def test_named_choices_take_no_positions(reply: str, verdict: str) -> None:
    assert check(NAMED, reply).verdict == verdict


def test_partial_credit_for_a_partly_right_option() -> None:
    result = check(BN_DESIGN, "(a)")
    assert (result.verdict, result.score) == ("partial", 0.5)
    assert check(BN_DESIGN, "c)").verdict == "correct"
    assert check(BN_DESIGN, "option 2").verdict == "incorrect"


def test_the_reveal_names_number_and_option() -> None:
    assert expected_text(LAST_LAYER) == "option 2, MaxPool2d"
    assert expected_text(NAMED) == "per channel"


@pytest.mark.parametrize(
    "spec",
    [
        {"options": ["a", "b"], "answer": "c"},
        {"options": ["a", "a"], "answer": "a"},
        {"options": ["a", "b"]},
        {"options": ["a", "b"], "answer": "a", "partial": {"a": {"score": 0.5, "hint": "h"}}},
        {"options": ["a", "b"], "answer": "a", "partial": {"b": {"score": 1.5, "hint": "h"}}},
        {"options": ["a", "b"], "answer": "a", "colour": "red"},
    ],
)
def test_malformed_specs_are_refused(spec: dict) -> None:
    with pytest.raises(ValueError):
        validate(Checker(kind="choice", spec=spec))
