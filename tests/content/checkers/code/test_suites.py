"""Each code question's tests: our solution passes, and each kind of mistake fails usefully."""

from __future__ import annotations

import pytest

from bot.sandbox import Sandbox
from content.bank import load_bank
from content.checkers import check
from content.checkers.code import check as check_code
from content.checkers.code import parse_spec
from tests.content.checkers.code.solutions import CORRECT, DROPOUT, SIGMOID_BACKWARD, TWO_LAYER


def _spec(suite: str):  # the bank's spec of the question that uses the suite
    for question in load_bank().questions:
        checker = question.checker
        if checker and checker.kind == "code" and checker.spec["suite"] == suite:
            return parse_spec(checker.spec)
    raise AssertionError(f"no question uses suite {suite}")


@pytest.mark.parametrize("suite", sorted(CORRECT))
def test_our_solution_passes_every_test(sandbox: Sandbox, suite: str) -> None:
    result = check_code(_spec(suite), CORRECT[suite], sandbox)
    assert result.verdict == "correct", result.message
    assert result.message.startswith("All ")


def test_every_code_question_in_the_bank_has_a_tested_solution() -> None:
    suites = {
        q.checker.spec["suite"]
        for q in load_bank().questions
        if q.checker is not None and q.checker.kind == "code"
    }
    assert suites == set(CORRECT)


def test_a_sign_error_in_the_backward_pass_fails_the_gradient_check(sandbox: Sandbox) -> None:
    wrong = TWO_LAYER.replace("dW2 = h.T @ dout", "dW2 = -(h.T @ dout)")
    result = check_code(_spec("two_layer"), wrong, sandbox)
    assert result.verdict == "partial"
    assert "First failure, gradient check dW2 (finite differences): dW2 has the wrong sign" in (
        result.message
    )


def test_a_missing_relu_mask_fails_the_first_layer_gradients(sandbox: Sandbox) -> None:
    wrong = TWO_LAYER.replace("dz1 = dh * (z1 > 0)", "dz1 = dh")
    result = check_code(_spec("two_layer"), wrong, sandbox)
    assert result.verdict == "partial"
    assert "gradient check dW1 (finite differences): dW1 differs from finite differences" in (
        result.message
    )


def test_dropout_without_rescaling_fails_the_scaling_test(sandbox: Sandbox) -> None:
    wrong = DROPOUT.replace(
        "mask = (rng.random(x.shape) < p) / p", "mask = rng.random(x.shape) < p"
    )
    result = check_code(_spec("dropout"), wrong, sandbox)
    assert result.verdict == "partial"
    assert "First failure, kept units are scaled by 1/p (inverted dropout)" in result.message
    assert "inverted dropout divides them by p" in result.message


def test_dropout_that_draws_a_new_mask_in_backward_fails_mask_reuse(sandbox: Sandbox) -> None:
    wrong = DROPOUT.replace(
        "return dout * mask",
        "return dout * (np.random.default_rng(0).random(dout.shape) < 0.7) / 0.7",
    )
    result = check_code(_spec("dropout"), wrong, sandbox)
    assert result.verdict == "partial"
    assert "backward reuses the forward mask" in result.message
    assert "reuse its mask" in result.message


def test_dropout_with_p_as_the_drop_rate_fails_the_keep_rate(sandbox: Sandbox) -> None:
    wrong = DROPOUT.replace("< p) / p", ">= p) / (1 - p)")
    result = check_code(_spec("dropout"), wrong, sandbox)
    assert result.verdict == "partial"
    assert "First failure, keep rate is p: 0.300 of the units were kept with p = 0.7" in (
        result.message
    )


def test_wrong_shapes_are_named(sandbox: Sandbox) -> None:
    wrong = TWO_LAYER.replace("db2 = dout.sum(axis=0)", "db2 = dout.sum(axis=0, keepdims=True)")
    result = check_code(_spec("two_layer"), wrong, sandbox)
    assert result.verdict == "partial"
    assert "backward gradient shapes: db2 has shape (1, 3), expected (3,)" in result.message


def test_a_scalar_instead_of_an_array_fails_with_the_shape(sandbox: Sandbox) -> None:
    wrong = SIGMOID_BACKWARD.replace("return grad_output * s * (1 - s)", "return float(s.sum())")
    result = check_code(_spec("sigmoid_backward"), wrong, sandbox)
    assert result.verdict == "incorrect"
    assert "has shape (), expected (25,)" in result.message


def test_a_missing_function_is_named(sandbox: Sandbox) -> None:
    reply = "```python\ndef my_pdf(x, mu, sigma):\n    return x\n```"
    result = check_code(_spec("normal_pdf"), reply, sandbox)
    assert result.verdict == "incorrect"
    assert "define a function named `normal_pdf`" in result.message


def test_code_that_does_not_load_says_where(sandbox: Sandbox) -> None:
    result = check_code(_spec("normal_pdf"), "```python\ndef normal_pdf(x)\n```", sandbox)
    assert result.verdict == "incorrect"
    assert result.message.startswith("Your code failed before the tests ran: SyntaxError")


def test_a_reply_without_code_is_unparseable_and_runs_nothing() -> None:
    class Refuses:
        def run(self, program):
            raise AssertionError("nothing should run")

    result = check_code(_spec("normal_pdf"), "I would use np.exp.", Refuses())
    assert result.verdict == "unparseable"
    assert "fenced block" in result.message


def test_without_a_runner_nothing_runs_and_the_reply_says_code_is_off() -> None:
    question = next(q for q in load_bank().questions if q.checker and q.checker.kind == "code")
    result = check(question.checker, CORRECT[question.checker.spec["suite"]])
    assert result.verdict == "received"
    assert result.message.startswith("Code answers are off on this host")
