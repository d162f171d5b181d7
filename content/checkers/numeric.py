"""The numeric checker: one number, with tolerances, percent equivalence and an optional unit.

Spec fields:
  value    (required) the reference number.
  abs_tol  absolute tolerance, default 0.
  rel_tol  relative tolerance, default 1e-6.
  min_sig  a reply rounded to the digits it shows counts as right when it shows at least this many
           significant figures (default 2): "0.83" is right for 0.8306, "0.8" is only partly right.
  percent  true when the value is a proportion: "83%", "0.83" and a bare "83" all mean 0.83.
  unit     a unit shown in messages and the reveal ("px", "parameters"); replies may omit it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from content.checkers import verdict as v
from content.checkers.numbers import Number, find_numbers, format_number, pick_answer
from content.checkers.specs import flag, non_negative, only_keys, real, required
from content.checkers.text import normalise

KIND = "numeric"
EXAMPLES = (
    ("12", 12.0),
    ("0.5", 0.5),
    ("25%", 0.25),
    ("2/3", 2 / 3),
    ("3e-4", 3e-4),
    ("-1.5", -1.5),
)


@dataclass(frozen=True)
class NumericSpec:
    value: float
    abs_tol: float = 0.0
    rel_tol: float = 1e-6
    min_sig: int = 2
    percent: bool = False
    unit: str = ""


def parse_spec(spec: Mapping[str, Any]) -> NumericSpec:
    """Validate a numeric spec."""
    only_keys(KIND, spec, {"value", "abs_tol", "rel_tol", "min_sig", "percent", "unit"})
    min_sig = spec.get("min_sig", 2)
    if isinstance(min_sig, bool) or not isinstance(min_sig, int) or min_sig < 1:
        raise ValueError(f"{KIND} checker: 'min_sig' must be a positive integer")
    return NumericSpec(
        value=real(KIND, "value", required(KIND, spec, "value")),
        abs_tol=non_negative(KIND, "abs_tol", spec.get("abs_tol", 0.0)),
        rel_tol=non_negative(KIND, "rel_tol", spec.get("rel_tol", 1e-6)),
        min_sig=min_sig,
        percent=flag(KIND, "percent", spec.get("percent", False)),
        unit=str(spec.get("unit") or ""),
    )


def expected(spec: NumericSpec) -> str:
    """The reference as a short string."""
    text = f"{format_number(spec.value * 100)}%" if spec.percent else format_number(spec.value)
    return f"{text} {spec.unit}".strip()


def _as_percent(number: Number, spec: NumericSpec) -> Number:
    """Read a bare "83" as 83% when the answer is a proportion."""
    if spec.percent and not number.percent and abs(number.value) > 1 and abs(spec.value) <= 1:
        quantum = number.quantum / 100 if number.quantum is not None else None
        return Number(
            number.value / 100, number.start, number.end, quantum, number.significant, True
        )
    return number


def form(spec: NumericSpec) -> str:
    """What a readable reply looks like, with examples that are not the answer."""
    shown = [f'"{text}"' for text, value in EXAMPLES if not math.isclose(value, spec.value)][:4]
    return f"Reply with one number, e.g. {', '.join(shown)}."


def _within(x: float, target: float, tolerance: float) -> bool:
    return abs(x - target) <= tolerance * (1 + 1e-9) + 1e-15


def grade(number: Number, spec: NumericSpec) -> v.Verdict:
    """Compare one read number with the reference."""
    shown = f"{number.shown()} {spec.unit}".strip()
    value = spec.value
    if _within(number.value, value, max(spec.abs_tol, spec.rel_tol * abs(value))):
        return v.correct(shown)
    quantum = number.quantum
    if quantum is not None and _within(number.value, value, quantum / 2):
        if number.significant >= spec.min_sig:
            return v.correct(shown)
        if quantum < abs(value):
            return v.partial(
                shown, 0.5, f"Close: give at least {spec.min_sig} significant figures."
            )
    tolerance = max(spec.abs_tol, spec.rel_tol * abs(value), (quantum or 0.0) / 2)
    if value != 0 and _within(-number.value, value, tolerance):
        return v.incorrect(shown, "Check the sign.")
    return v.incorrect(shown)


def check(spec: NumericSpec, reply: str) -> v.Verdict:
    """Read one number from the reply and grade it."""
    text = normalise(reply)
    picked = pick_answer(text, find_numbers(text))
    if picked is None:
        return v.unparseable("I could not find a number in your reply.", form(spec))
    if isinstance(picked, list):
        return v.unparseable("I found several different numbers in your reply.", form(spec))
    return grade(_as_percent(picked, spec), spec)
