"""sigmoid_backward(x, grad_output): the gradient of the sigmoid layer, NumPy, no autograd."""

import numpy as np

from content.checkers.code.testlib import array, function, grad_matches, slope, test

X = np.linspace(-6.0, 6.0, 25)


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _backward(answer, x, grad_output):
    result = function(answer, "sigmoid_backward")(x, grad_output)
    return array(result, "sigmoid_backward(x, grad_output)", x.shape)


@test("matches finite differences")
def gradient(answer):
    grad_matches(_backward(answer, X, np.ones_like(X)), slope(_sigmoid, X), "the gradient")


@test("multiplies by grad_output (chain rule)")
def chain_rule(answer):
    upstream = np.random.default_rng(4).normal(size=X.shape)
    grad_matches(_backward(answer, X, upstream), upstream * slope(_sigmoid, X), "the gradient")


@test("keeps the input's shape")
def shape(answer):
    grid = X.reshape(5, 5)
    _backward(answer, grid, np.ones_like(grid))
