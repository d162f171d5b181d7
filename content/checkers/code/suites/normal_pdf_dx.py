"""normal_pdf_dx(x, mu, sigma): d/dx of the normal density, elementwise, NumPy only."""

import math

import numpy as np

from content.checkers.code.testlib import array, close, function, grad_matches, slope, test

X = np.linspace(-3.0, 5.0, 33)


def _density(mu, sigma):
    return lambda x: np.exp(-(((x - mu) / sigma) ** 2) / 2) / (sigma * math.sqrt(2 * math.pi))


def _dx(answer, x, mu, sigma):
    derivative = function(answer, "normal_pdf_dx")
    return array(derivative(x, mu, sigma), "normal_pdf_dx(x, mu, sigma)", x.shape)


@test("matches finite differences of the density (mu = 0, sigma = 1)")
def standard(answer):
    grad_matches(_dx(answer, X, 0.0, 1.0), slope(_density(0.0, 1.0), X), "normal_pdf_dx")


@test("matches finite differences (mu = 1, sigma = 0.5)")
def shifted(answer):
    grad_matches(_dx(answer, X, 1.0, 0.5), slope(_density(1.0, 0.5), X), "normal_pdf_dx")


@test("zero at the mean")
def at_mean(answer):
    value = _dx(answer, np.array([2.0]), 2.0, 1.3)
    close(value, np.zeros(1), "the derivative at x = mu")


@test("keeps the input's shape")
def shape(answer):
    _dx(answer, X.reshape(3, 11), 0.0, 1.0)
