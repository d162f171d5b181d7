"""The vector checker: an ordered list of numbers, each with the numeric checker's tolerances.

Spec fields:
  values   (required) the reference numbers, in order.
  abs_tol, rel_tol, min_sig, percent: as for numeric, applied to every element.
  names    optional labels shown in the reveal ("Euclidean", "Manhattan").
Any separators work: "[10.1, 18]", "10.1 and 18", "H1 = 0, H2 = 0, H3 = 0.664".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from content.checkers import numeric
from content.checkers import verdict as v
from content.checkers.numbers import Number, find_numbers, format_number
from content.checkers.specs import only_keys, real, required, text_list
from content.checkers.text import normalise

KIND = "vector"


@dataclass(frozen=True)
class VectorSpec:
    values: tuple[float, ...]
    element: numeric.NumericSpec
    names: tuple[str, ...] = ()


def parse_spec(spec: Mapping[str, Any]) -> VectorSpec:
    """Validate a vector spec."""
    only_keys(KIND, spec, {"values", "abs_tol", "rel_tol", "min_sig", "percent", "names"})
    values = required(KIND, spec, "values")
    if not isinstance(values, list | tuple) or not values:
        raise ValueError(f"{KIND} checker: 'values' must be a non-empty list of numbers")
    numbers = tuple(real(KIND, "values", value) for value in values)
    shared = {key: spec[key] for key in ("abs_tol", "rel_tol", "min_sig", "percent") if key in spec}
    element = numeric.parse_spec({"value": numbers[0], **shared})
    names = text_list(KIND, "names", spec["names"]) if "names" in spec else ()
    if names and len(names) != len(numbers):
        raise ValueError(f"{KIND} checker: 'names' must have one entry per value")
    return VectorSpec(numbers, element, names)


def expected(spec: VectorSpec) -> str:
    """The reference as a short string."""
    shown = [numeric.expected(replace(spec.element, value=value)) for value in spec.values]
    if spec.names:
        shown = [f"{name} {value}" for name, value in zip(spec.names, shown, strict=True)]
    return ", ".join(shown) if spec.names else "[" + ", ".join(shown) + "]"


_CLAUSE = re.compile(r"[.;\n](?:\s|$)|,\s|\band\b|\bif\b", re.IGNORECASE)
_RESULT = re.compile(r"=|≈|~|→|->|:|\b(?:is|are|gives?|equals?)\b", re.IGNORECASE)


def _stated(text: str, numbers: list[Number], wanted: int) -> list[Number]:
    """The numbers that are the reply's answer when it also shows its working.

    Tried in turn, each only when it yields exactly `wanted` numbers: what follows the last "="
    or "≈" ("tanh([[0.37, …]]) ≈ [[0.354, …]]"); the result of each clause, the number after its
    last "=" ("L = −ln 0.714 ≈ 0.336. If γ2, L = −ln 0.286 ≈ 1.253"); the answer said twice
    ("N(0, 1): mean 0 and variance 1").
    """
    markers = [m.end() for m in _RESULT.finditer(text)]
    if markers:
        after = [n for n in numbers if n.start >= markers[-1]]
        if len(after) == wanted:
            return after
    bounds = [0, *(m.end() for m in _CLAUSE.finditer(text)), len(text)]
    results = []
    for start, end in itertools.pairwise(bounds):
        last = [m for m in markers if start <= m <= end]
        inside = [n for n in numbers if last and last[-1] <= n.start < end]
        if inside:
            results.append(inside[-1])
    if len(results) == wanted:
        return results
    values = [n.value for n in numbers]
    if wanted and len(values) % wanted == 0 and values == values[:wanted] * (len(values) // wanted):
        return numbers[:wanted]
    return numbers


def check(spec: VectorSpec, reply: str) -> v.Verdict:
    """Read as many numbers as the reference has and grade each one."""
    text = normalise(reply)
    numbers = find_numbers(text, grouping=False)
    if len(numbers) != len(spec.values):
        numbers = [n for n in numbers if not n.in_note]
    if len(numbers) != len(spec.values):
        numbers = _stated(text, numbers, len(spec.values))
    form = f"Reply with {len(spec.values)} numbers in the order asked, separated by commas."
    if not numbers:
        return v.unparseable("I could not find numbers in your reply.", form)
    if len(numbers) != len(spec.values):
        return v.unparseable(f"I found {len(numbers)} numbers.", form)
    grades = [
        numeric.grade(number, replace(spec.element, value=value))
        for number, value in zip(numbers, spec.values, strict=True)
    ]
    shown = "[" + ", ".join(format_number(n.value) for n in numbers) + "]"
    right = sum(g.verdict == "correct" for g in grades)
    if right == len(grades):
        return v.correct(shown)
    if right:
        return v.partial(shown, right / len(grades), f"{right} of {len(grades)} values are right.")
    return v.incorrect(shown)
