"""sigmoid2_forward(x) = 1 / (1 + 2**(-1.5 x)) and sigmoid2_backward(x, grad_output), NumPy."""

import numpy as np

from content.checkers.code.testlib import array, close, function, grad_matches, slope, test

X = np.linspace(-5.0, 5.0, 21)


def _approx(x):
    return 1.0 / (1.0 + 2.0 ** (-1.5 * x))


def _forward(answer, x):
    return array(function(answer, "sigmoid2_forward")(x), "sigmoid2_forward(x)", x.shape)


@test("forward values")
def forward(answer):
    close(_forward(answer, X), _approx(X), "sigmoid2_forward(x)")


@test("backward matches finite differences")
def backward(answer):
    result = function(answer, "sigmoid2_backward")(X, np.ones_like(X))
    analytic = array(result, "sigmoid2_backward(x, grad_output)", X.shape)
    grad_matches(analytic, slope(_approx, X), "sigmoid2_backward")


@test("backward multiplies by grad_output")
def chain_rule(answer):
    upstream = np.random.default_rng(8).normal(size=X.shape)
    result = function(answer, "sigmoid2_backward")(X, upstream)
    analytic = array(result, "sigmoid2_backward(x, grad_output)", X.shape)
    grad_matches(analytic, upstream * slope(_approx, X), "sigmoid2_backward")
