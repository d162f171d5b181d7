"""Helpers the code suites use inside the sandbox: registration, lookups and numeric checks.

Messages never show the expected numbers, only how far off a reply is, so a failing test does not
hand out the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np

TESTS: list[tuple[str, Callable[[ModuleType], None]]] = []


def test(name: str) -> Callable[[Callable[[ModuleType], None]], Callable[[ModuleType], None]]:
    """Register a test under a name the verdict shows."""

    def register(function: Callable[[ModuleType], None]) -> Callable[[ModuleType], None]:
        TESTS.append((name, function))
        return function

    return register


def function(answer: ModuleType, name: str) -> Callable[..., Any]:
    """The person's function `name`, or a failure saying it is missing."""
    found = getattr(answer, name, None)
    assert callable(found), f"define a function named `{name}`"
    return found  # type: ignore[no-any-return]


def array(value: Any, what: str, shape: tuple[int, ...]) -> np.ndarray:
    """The value as a float array of the given shape, or a failure naming what is wrong."""
    assert value is not None, f"{what} is None: return the array"
    result = np.asarray(value)
    assert result.shape == shape, f"{what} has shape {result.shape}, expected {shape}"
    assert np.issubdtype(result.dtype, np.floating), f"{what} has dtype {result.dtype}, not float"
    assert np.all(np.isfinite(result)), f"{what} has NaN or infinite entries"
    return result


def close(actual: np.ndarray, expected: np.ndarray, what: str, rtol: float = 1e-6) -> None:
    """Fail with the size of the error (never the expected values) when they differ."""
    error = (
        float(np.max(np.abs(actual - expected) / (np.abs(expected) + 1e-8))) if actual.size else 0
    )
    assert np.allclose(actual, expected, rtol=rtol, atol=1e-9), (
        f"{what} is off by a relative {error:.3g} at worst"
    )


def numeric_gradient(f: Callable[[], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central finite differences of the scalar f() with respect to x, changed in place."""
    grad = np.zeros_like(x, dtype=float)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + eps
        up = f()
        x[index] = saved - eps
        down = f()
        x[index] = saved
        grad[index] = (up - down) / (2 * eps)
    return grad


def grad_matches(analytic: np.ndarray, numeric: np.ndarray, what: str, tol: float = 1e-5) -> None:
    """The relative error a gradient check reports, with a hint about a sign mistake."""
    denominator = np.linalg.norm(analytic) + np.linalg.norm(numeric) + 1e-12
    relative = float(np.linalg.norm(analytic - numeric) / denominator)
    if relative > tol and np.linalg.norm(analytic + numeric) / denominator < tol:
        raise AssertionError(f"{what} has the wrong sign (it matches finite differences negated)")
    assert relative <= tol, f"{what} differs from finite differences: relative error {relative:.2g}"


def slope(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """The derivative of an elementwise function at every point, by central differences."""
    return (np.asarray(f(x + eps), dtype=float) - np.asarray(f(x - eps), dtype=float)) / (2 * eps)
