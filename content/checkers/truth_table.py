"""The truth-table checker: the person's weights for a step-activation network, run on every input.

Spec fields:
  targets  (required) the wanted output for each binary input in counting order
           (for two inputs: 00, 01, 10, 11), e.g. AND [0, 0, 0, 1], XOR [0, 1, 1, 0].
  hidden   number of hidden step units (default 0: a single perceptron).
A unit fires when w·x + b > 0. The reply gives, for each hidden unit and then the output unit,
its weights and then its bias: "w1=1, w2=1, b=-1.5". A reply that says "threshold" gives
thresholds instead of biases (fires when w·x > threshold). An input that lands exactly on a
boundary (w·x + b = 0) counts as wrong: the answer must not depend on the tie convention.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from content.checkers import verdict as v
from content.checkers.numbers import find_numbers, format_number
from content.checkers.specs import only_keys, required
from content.checkers.text import normalise

KIND = "truth_table"
_THRESHOLD = re.compile(r"threshold|θ|theta", re.IGNORECASE)


@dataclass(frozen=True)
class TruthTableSpec:
    targets: tuple[int, ...]
    inputs: int
    hidden: int

    @property
    def weight_count(self) -> int:
        if self.hidden == 0:
            return self.inputs + 1
        return self.hidden * (self.inputs + 1) + self.hidden + 1


def parse_spec(spec: Mapping[str, Any]) -> TruthTableSpec:
    """Validate a truth-table spec."""
    only_keys(KIND, spec, {"targets", "hidden"})
    targets = required(KIND, spec, "targets")
    if not isinstance(targets, list | tuple) or any(
        t not in (0, 1) or isinstance(t, bool) for t in targets
    ):
        raise ValueError(f"{KIND} checker: 'targets' must be a list of 0/1")
    inputs = int(math.log2(len(targets))) if targets else 0
    if not 1 <= inputs <= 4 or 2**inputs != len(targets):
        raise ValueError(f"{KIND} checker: 'targets' needs 2, 4, 8 or 16 entries")
    hidden = spec.get("hidden", 0)
    if isinstance(hidden, bool) or not isinstance(hidden, int) or not 0 <= hidden <= 4:
        raise ValueError(f"{KIND} checker: 'hidden' must be an integer from 0 to 4")
    return TruthTableSpec(tuple(targets), inputs, hidden)


def expected(spec: TruthTableSpec) -> str:
    """The reference: the table the weights must produce."""
    rows = itertools.product((0, 1), repeat=spec.inputs)
    return "; ".join(
        f"{''.join(map(str, row))} → {t}" for row, t in zip(rows, spec.targets, strict=True)
    )


def _layer(inputs: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Step outputs of units given rows of [w..., b]; also whether any input sits on a boundary."""
    z = inputs @ weights[:, :-1].T + weights[:, -1]
    return (z > 0).astype(float), np.isclose(z, 0.0, atol=1e-9)


def run(spec: TruthTableSpec, numbers: list[float], thresholds: bool) -> np.ndarray:
    """Outputs of the described network on every input; -1 where an input is on a boundary."""
    inputs = np.array(list(itertools.product((0, 1), repeat=spec.inputs)), dtype=float)
    width = spec.inputs + 1
    params = np.array(numbers, dtype=float)
    units = params.reshape(-1, width) if spec.hidden == 0 else None
    if spec.hidden:
        units = params[: spec.hidden * width].reshape(spec.hidden, width)
    assert units is not None
    if thresholds:
        units[:, -1] *= -1
    layer, tie = _layer(inputs, units)
    if spec.hidden:
        output = params[spec.hidden * width :].reshape(1, spec.hidden + 1).copy()
        if thresholds:
            output[:, -1] *= -1
        layer, tie_out = _layer(layer, output)
        tie = tie.any(axis=1, keepdims=True) | tie_out
    result = layer[:, 0]
    result[tie.any(axis=1)] = -1
    return result


def check(spec: TruthTableSpec, reply: str) -> v.Verdict:
    """Read the weights, run the network on every input and compare with the targets."""
    text = normalise(reply)
    numbers = [n.value for n in find_numbers(text, grouping=False) if not n.in_note]
    layout = "weights then bias for each unit" + (
        " (hidden units first, then the output unit)" if spec.hidden else ""
    )
    form = f'Reply with {spec.weight_count} numbers: {layout}, e.g. "w1=…, w2=…, b=…".'
    if len(numbers) != spec.weight_count:
        return v.unparseable(f"I found {len(numbers)} numbers, not {spec.weight_count}.", form)
    outputs = run(spec, numbers, bool(_THRESHOLD.search(text)))
    shown = "weights " + ", ".join(format_number(n) for n in numbers)
    right = int(np.sum(outputs == np.array(spec.targets)))
    ties = int(np.sum(outputs == -1))
    total = len(spec.targets)
    if right == total:
        return v.correct(shown)
    note = f"Your network gets {right} of {total} inputs right."
    if ties:
        note += f" {ties} input(s) land exactly on a decision boundary."
    baseline = max(sum(spec.targets), total - sum(spec.targets))
    if right > baseline:
        return v.partial(shown, right / total, note)
    return v.incorrect(shown, note)
