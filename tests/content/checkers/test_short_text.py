"""The short-text kind: fill-in blanks, accepted phrasings, typos forgiven, close misses refused."""

import pytest

from content.checkers import check, expected_text, validate
from content.schema import Checker

OVERFITTING = Checker(
    kind="short_text",
    spec={
        "blanks": [
            {"name": "the kind of set", "accept": ["unseen", "test", "held-out", "new"]},
            {
                "name": "the phenomenon",
                "accept": ["overfitting", "over-fitting", "overfit"],
                "refuse": ["underfitting", "under-fitting"],
            },
        ]
    },
)
KERNEL = Checker(
    kind="short_text",
    spec={"blanks": [{"accept": ["3x3", "3 by 3", "three by three"], "refuse": ["1x1", "5x5"]}]},
)
POOLING = Checker(
    kind="short_text",
    spec={
        "blanks": [
            {
                "accept": ["max pooling", "max-pool", "MaxPool2d"],
                "refuse": ["average pooling", "min pooling", "avg pooling"],
            }
        ]
    },
)


@pytest.mark.parametrize(
    "reply",
    [
        "unseen; overfitting",
        "Unseen set. Overfitting!",
        "test set, over-fitting",
        "features not present in an unseen set; this is called overfitting",
        "held out, overfit",
        "unseen, overfiting",  # a typo
        "unsen, overffitting",  # two typos in two words
        "**unseen** / **overfitting**",
    ],
)
def test_accepted_phrasings_in_several_forms(reply: str) -> None:
    assert check(OVERFITTING, reply).verdict == "correct"


@pytest.mark.parametrize(
    ("reply", "score"),
    [
        ("overfitting", 0.5),
        ("unseen, underfitting", 0.5),
        ("training set, overfitting", 0.5),
    ],
)
def test_one_blank_right_is_partial(reply: str, score: float) -> None:
    result = check(OVERFITTING, reply)
    assert (result.verdict, result.score) == ("partial", score)
    assert "the phenomenon" in result.message or "the kind of set" in result.message


@pytest.mark.parametrize(
    "reply",
    [
        "training, underfitting",
        "not overfitting",
        "the training set; underfitting",
        "variance",
        "overfitting or underfitting, unseen",
    ],
)
def test_wrong_and_close_but_wrong(reply: str) -> None:
    result = check(OVERFITTING, reply)
    assert result.verdict != "correct"
    assert result.score < 1


@pytest.mark.parametrize("reply", ["!!!", "?", "—", "🙂"])
def test_replies_without_words_are_unreadable(reply: str) -> None:
    assert check(OVERFITTING, reply).verdict == "unparseable"


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        ("3x3", "correct"),
        ("3 × 3", "correct"),
        ("a 3 by 3 kernel", "correct"),
        ("three by three", "correct"),
        ("5x5", "incorrect"),
        ("3x5", "incorrect"),
        ("33", "incorrect"),
        ("1x1 and 3x3", "incorrect"),
    ],
)
def test_numbers_must_be_exact(reply: str, verdict: str) -> None:
    assert check(KERNEL, reply).verdict == verdict


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        ("max pooling", "correct"),
        ("maxpooling", "correct"),
        ("max-pooling operations", "correct"),
        ("MaxPool2d", "correct"),
        ("max poolling", "correct"),
        ("average pooling", "incorrect"),
        ("min pooling", "incorrect"),
        ("pooling", "incorrect"),
    ],
)
def test_close_names_of_other_things_are_refused(reply: str, verdict: str) -> None:
    assert check(POOLING, reply).verdict == verdict


def test_the_reveal_shows_the_first_phrasing_of_each_blank() -> None:
    assert expected_text(OVERFITTING) == "unseen; overfitting"


@pytest.mark.parametrize(
    "spec",
    [
        {"blanks": []},
        {"blanks": [{"accept": []}]},
        {"blanks": [{"accept": ["!!"]}]},
        {"blanks": [{"accept": ["a"], "refuse": ["a"]}]},
        {"blanks": [{"accept": ["a"], "hint": "x"}]},
        {"accept": ["a"]},
    ],
)
def test_malformed_specs_are_refused(spec: dict) -> None:
    with pytest.raises(ValueError):
        validate(Checker(kind="short_text", spec=spec))
