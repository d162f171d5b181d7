"""The parts kind: every part of a multi-part question checked, with partial credit."""

import pytest

from content.checkers import check, expected_text, validate
from content.schema import Checker


def shape(dims: list[int]) -> dict:
    return {"kind": "shape", "spec": {"dims": dims, "batch_optional": True}}


VGG = Checker(
    kind="parts",
    spec={
        "parts": [
            {"name": "224×224", **shape([1, 512, 7, 7])},
            {"name": "512×512", **shape([1, 512, 16, 16])},
            {"name": "704×1024", **shape([1, 512, 22, 32])},
        ]
    },
)
MIXED = Checker(
    kind="parts",
    spec={
        "parts": [
            {"name": "the distance", "kind": "numeric", "spec": {"value": 18}},
            {
                "name": "the norm",
                "kind": "choice",
                "spec": {"options": ["L1", "L2"], "answer": "L1", "numbered": False},
            },
        ]
    },
)


@pytest.mark.parametrize(
    "reply",
    [
        "[1, 512, 7, 7], [1, 512, 16, 16], [1, 512, 22, 32]",
        "torch.Size([1, 512, 7, 7])\ntorch.Size([1, 512, 16, 16])\ntorch.Size([1, 512, 22, 32])",
        "1) 512x7x7 2) 512x16x16 3) 512x22x32",
        "(a) 1×512×7×7 (b) 1×512×16×16 (c) 1×512×22×32",
        "512, 7, 7; 512, 16, 16; 512, 22, 32",
    ],
)
def test_all_parts_right_in_several_forms(reply: str) -> None:
    assert check(VGG, reply).verdict == "correct"


@pytest.mark.parametrize(
    ("reply", "score"),
    [
        ("[1,512,7,7]; [1,512,16,16]; [1,512,22,44]", 2 / 3),
        ("[1,512,7,7]; [1,512,14,14]; [1,512,21,32]", 1 / 3),
        ("[1,512,7,7]; [1,512,16,16]; 32x22x512", (1 + 1 + 0.5) / 3),
    ],
)
def test_partial_credit_per_part(reply: str, score: float) -> None:
    result = check(VGG, reply)
    assert result.verdict == "partial"
    assert result.score == pytest.approx(score)
    assert "704×1024" in result.message


def test_all_parts_wrong() -> None:
    assert check(VGG, "[1,512,8,8]; [1,512,17,17]; [1,512,23,33]").verdict == "incorrect"


@pytest.mark.parametrize("reply", ["[1, 512, 7, 7]", "no idea", "a; b; c", "1) 2) 3)"])
def test_replies_that_do_not_split_or_read(reply: str) -> None:
    assert check(VGG, reply).verdict == "unparseable"


def test_parts_of_different_kinds() -> None:
    assert check(MIXED, "18\nL1").verdict == "correct"
    assert check(MIXED, "1) 18 2) the L1 norm").verdict == "correct"
    result = check(MIXED, "18; L2")
    assert (result.verdict, result.score) == ("partial", 0.5)


def test_the_reveal_names_each_part() -> None:
    assert expected_text(MIXED) == "the distance: 18; the norm: L1"


@pytest.mark.parametrize(
    "spec",
    [
        {"parts": [shape([1, 2])]},
        {"parts": [shape([1, 2]), {"kind": "parts", "spec": {}}]},
        {"parts": [shape([1, 2]), {"kind": "nope", "spec": {}}]},
        {"parts": [shape([1, 2]), {"kind": "shape"}]},
        {"parts": [shape([1, 2]), shape([0])]},
    ],
)
def test_malformed_specs_are_refused(spec: dict) -> None:
    with pytest.raises(ValueError):
        validate(Checker(kind="parts", spec=spec))
