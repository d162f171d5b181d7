"""normal_pdf(x, mu, sigma): the normal density, elementwise over a NumPy array, without SciPy."""

import math

import numpy as np

from content.checkers.code.testlib import array, close, function, test

X = np.linspace(-4.0, 6.0, 41)


def _pdf(answer, x, mu, sigma):
    return array(function(answer, "normal_pdf")(x, mu, sigma), "normal_pdf(x, mu, sigma)", x.shape)


@test("standard normal values")
def standard(answer):
    reference = np.exp(-(X**2) / 2) / math.sqrt(2 * math.pi)
    close(_pdf(answer, X, 0.0, 1.0), reference, "normal_pdf(x, 0, 1)")


@test("shifted and scaled values")
def shifted(answer):
    mu, sigma = 1.5, 0.8
    reference = np.exp(-(((X - mu) / sigma) ** 2) / 2) / (sigma * math.sqrt(2 * math.pi))
    close(_pdf(answer, X, mu, sigma), reference, "normal_pdf(x, 1.5, 0.8)")


@test("keeps the input's shape")
def shape(answer):
    grid = X.reshape(1, 41)
    _pdf(answer, grid, 0.0, 2.0)


@test("integrates to 1")
def integrates(answer):
    grid = np.linspace(-12.0, 14.0, 20001)
    values = _pdf(answer, grid, 1.0, 2.0)
    area = float(np.sum((values[1:] + values[:-1]) / 2) * (grid[1] - grid[0]))
    assert abs(area - 1.0) < 1e-6, f"the density integrates to {area:.6f}, not 1"
