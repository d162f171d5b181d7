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

from content.checkers import verdict as v
from content.checkers.numbers import find_numbers, format_number
from content.checkers.specs import only_keys, required
from content.checkers.text import normalise

KIND = "truth_table"
_THRESHOLD = re.compile(r"threshold|θ|theta", re.IGNORECASE)
_BIAS = re.compile(r"\b(?:b\d*\s*(?:=|:)|bias(?:es)?\b)", re.IGNORECASE)
_THRESHOLD_VALUE = re.compile(r"(?:threshold|θ|theta)\s*(?:=|:|is|of)?\s*$", re.IGNORECASE)


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


Unit = tuple[tuple[float, ...], float]


def _units(numbers: list[float], fan_in: int, count: int, thresholds: bool) -> list[Unit]:
    """Split numbers into (weights, bias) per unit; a threshold is a negated bias."""
    width = fan_in + 1
    units = []
    for i in range(count):
        chunk = numbers[i * width : (i + 1) * width]
        units.append((tuple(chunk[:-1]), -chunk[-1] if thresholds else chunk[-1]))
    return units


def _fire(units: list[Unit], inputs: tuple[float, ...]) -> tuple[tuple[float, ...], bool]:
    """Step outputs of a layer, and whether any unit sits exactly on its boundary."""
    sums = [sum(w * x for w, x in zip(weights, inputs, strict=True)) + b for weights, b in units]
    return tuple(1.0 if z > 0 else 0.0 for z in sums), any(abs(z) <= 1e-9 for z in sums)


def run(spec: TruthTableSpec, numbers: list[float], thresholds: bool) -> list[int]:
    """Outputs of the described network on every input; -1 where an input is on a boundary."""
    first = _units(numbers, spec.inputs, spec.hidden or 1, thresholds)
    rest = numbers[spec.hidden * (spec.inputs + 1) :] if spec.hidden else []
    output = _units(rest, spec.hidden, 1, thresholds) if spec.hidden else []
    results = []
    for row in itertools.product((0.0, 1.0), repeat=spec.inputs):
        layer, tie = _fire(first, row)
        if output:
            layer, tie_out = _fire(output, layer)
            tie = tie or tie_out
        results.append(-1 if tie else int(layer[0]))
    return results


def _weights(text: str) -> tuple[list[float], bool]:
    """The numbers the reply gives, and whether its last numbers of each unit are thresholds.

    A reply that names its biases ("b = -1.5") gives biases, even when it also says what the
    threshold is ("i.e. threshold 1.5"): that restatement is dropped, not read as a bias.
    """
    found = [n for n in find_numbers(text, grouping=False) if not n.in_note]
    if not _BIAS.search(text):
        return [n.value for n in found], bool(_THRESHOLD.search(text))
    restated = [n for n in found if _THRESHOLD_VALUE.search(text, 0, n.start)]
    return [n.value for n in found if n not in restated], False


def check(spec: TruthTableSpec, reply: str) -> v.Verdict:
    """Read the weights, run the network on every input and compare with the targets."""
    text = normalise(reply)
    numbers, thresholds = _weights(text)
    layout = "weights then bias for each unit" + (
        " (hidden units first, then the output unit)" if spec.hidden else ""
    )
    form = f'Reply with {spec.weight_count} numbers: {layout}, e.g. "w1=…, w2=…, b=…".'
    if len(numbers) != spec.weight_count:
        return v.unparseable(f"I found {len(numbers)} numbers, not {spec.weight_count}.", form)
    outputs = run(spec, numbers, thresholds)
    shown = "weights " + ", ".join(format_number(n) for n in numbers)
    right = sum(o == t for o, t in zip(outputs, spec.targets, strict=True))
    ties = outputs.count(-1)
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
