"""The structured kinds on the reply forms the issue lists, and the CLI rendering."""

import json

import pytest

from content.checkers import check, validate
from content.checkers.cli import run_check
from content.schema import Checker

SHAPE = Checker(kind="shape", spec={"dims": [1, 512, 7, 7], "batch_optional": True})
RANKING = Checker(kind="ranking", spec={"order": ["D4", "D3", "D2", "D5", "D1"], "top": 2})
SET = Checker(kind="set", spec={"items": ["1", "3"], "options": ["1", "2", "3", "4"]})
CHOICE = Checker(
    kind="set",
    spec={
        "items": ["b"],
        "options": ["a", "b", "c"],
        "aliases": {"a": ["Conv2d"], "b": ["MaxPool2d"], "c": ["ReLU"]},
    },
)
SERIES = Checker(kind="series", spec={"answers": ["true", "false"]})
SIGMOID_PRIME = Checker(
    kind="formula", spec={"expr": "sigmoid(x)*(1-sigmoid(x))", "variables": ["x"]}
)
XOR = Checker(kind="truth_table", spec={"targets": [0, 1, 1, 0], "hidden": 2})
VECTOR = Checker(kind="vector", spec={"values": [10.0995, 18], "abs_tol": 0.005})


@pytest.mark.parametrize(
    ("checker", "reply", "verdict"),
    [
        (SHAPE, "[1, 512, 7, 7]", "correct"),
        (SHAPE, "(1,512,7,7)", "correct"),
        (SHAPE, "torch.Size([1, 512, 7, 7])", "correct"),
        (SHAPE, "512x7x7", "correct"),
        (SHAPE, "512 × 7 × 7", "correct"),
        (SHAPE, "N x 512 x 7 x 7", "correct"),
        (SHAPE, "7x7x512", "partial"),
        (SHAPE, "[1, 512, 14, 14]", "incorrect"),
        (SHAPE, "512x7x7 or 512x14x14", "unparseable"),
        (SHAPE, "512", "unparseable"),
        (RANKING, "D4, D3", "correct"),
        (RANKING, "D4 > D3", "correct"),
        (RANKING, "D3 < D4", "correct"),
        (RANKING, "D4 ≈ 0.83, D3 ≈ 0.74", "correct"),
        (RANKING, "D3, D2", "incorrect"),
        (RANKING, "D3 > D4", "partial"),
        (RANKING, "D4 > D3 and D3 > D4", "unparseable"),
        (RANKING, "no documents", "unparseable"),
        (SET, "1 and 3", "correct"),
        (SET, "3, 1", "correct"),
        (SET, "1", "partial"),
        (SET, "1, 2, 3, 4", "incorrect"),
        (SET, "1, 2, 3", "partial"),
        (CHOICE, "b) MaxPool2d", "correct"),
        (CHOICE, "(b)", "correct"),
        (CHOICE, "MaxPool2d", "correct"),
        (CHOICE, "a, b, c", "incorrect"),
        (CHOICE, "c) ReLU", "incorrect"),
        (SERIES, "True, False", "correct"),
        (SERIES, "T F", "correct"),
        (SERIES, "1. true 2. false", "correct"),
        (SERIES, "False, False", "partial"),
        (SERIES, "True, False, True, False", "unparseable"),
        (SIGMOID_PRIME, "σ(x)(1−σ(x))", "correct"),
        (SIGMOID_PRIME, "e^-x/(1+e^-x)^2", "correct"),
        (SIGMOID_PRIME, r"\frac{e^{-x}}{(1+e^{-x})^2}", "correct"),
        (SIGMOID_PRIME, "The derivative is sigmoid(x)*(1-sigmoid(x)).", "correct"),
        (SIGMOID_PRIME, "sigmoid(x)", "incorrect"),
        (SIGMOID_PRIME, "9**9**9", "incorrect"),
        (XOR, "h1: 1, 1, -0.5; h2: -1, -1, 1.5; out: 1, 1, -1.5", "correct"),
        (XOR, "h1: 1, 1, -0.5; h2: 1, 1, -1.5; out: 1, -2, -0.5", "correct"),
        (XOR, "1, 1, 0, 1, 1, 0, 1, 1, 0", "incorrect"),
        (XOR, "OR and NAND then AND", "unparseable"),
        (VECTOR, "√102 and 18", "correct"),
        (VECTOR, "[10.1, 18]", "correct"),
        (VECTOR, "[10.1, 17]", "partial"),
        (VECTOR, "18, 10.1", "incorrect"),
    ],
)
def test_reply_forms(checker: Checker, reply: str, verdict: str) -> None:
    assert check(checker, reply).verdict == verdict


@pytest.mark.parametrize(
    "reply",
    [
        '__import__("os").system("true")',
        "x.__class__.__bases__",
        "lambda x: x",
        "open('/etc/passwd')",
        "[x for x in ()]",
        "exp(x, 1)",
        "x if x else 1",
        "(" * 500 + "x" + ")" * 500,
        "x**1e9",
        "exp(exp(exp(exp(x))))**2**2**2**2",
    ],
)
def test_formula_refuses_anything_but_arithmetic(reply: str) -> None:
    result = check(SIGMOID_PRIME, reply)
    assert result.verdict in {"unparseable", "incorrect"}


def test_truth_table_counts_boundary_inputs_as_wrong() -> None:
    and_gate = Checker(kind="truth_table", spec={"targets": [0, 0, 0, 1]})
    result = check(and_gate, "w1=1, w2=1, b=-1")
    assert result.verdict == "incorrect" and "boundary" in result.message


@pytest.mark.parametrize(
    ("kind", "spec"),
    [
        ("shape", {"dims": [1, 0]}),
        ("shape", {"dims": [7], "batch_optional": True}),
        ("ranking", {"order": ["a", "a"]}),
        ("ranking", {"order": ["a", "b"], "top": 3}),
        ("set", {"items": ["5"], "options": ["1", "2"]}),
        ("set", {"items": ["1"]}),
        ("series", {"answers": ["maybe"]}),
        ("formula", {"expr": "import os", "variables": ["x"]}),
        ("formula", {"expr": "y", "variables": ["x"]}),
        ("formula", {"expr": "x", "variables": ["x"], "domain": [1, 1]}),
        ("truth_table", {"targets": [0, 1, 1]}),
        ("vector", {"values": []}),
    ],
)
def test_malformed_specs_raise(kind: str, spec: dict) -> None:
    with pytest.raises(ValueError):
        validate(Checker(kind=kind, spec=spec))


def test_messages_do_not_echo_mentions() -> None:
    for checker in (SHAPE, RANKING, SET, SERIES, SIGMOID_PRIME, XOR, VECTOR):
        message = check(checker, "@everyone <!channel> 512x7x7 D4 1 true x").message
        assert "@everyone" not in message and "<!channel>" not in message


def test_cli_renders_json_and_a_human_line() -> None:
    payload = json.loads(run_check(SHAPE, "512x7x7", as_json=True))
    assert payload == {
        "verdict": "correct",
        "score": 1.0,
        "message": "Correct. I read your answer as 512×7×7.",
    }
    assert run_check(SHAPE, "7x7x512", as_json=False).startswith("partial (0.50): ")
