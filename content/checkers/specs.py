"""Small helpers for reading a checker spec and failing with a clear ValueError."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any


def only_keys(kind: str, spec: Mapping[str, Any], allowed: set[str]) -> None:
    """Reject keys a kind does not know, so a typo in the bank is caught by the lint."""
    unknown = sorted(set(spec) - allowed)
    if unknown:
        raise ValueError(
            f"{kind} checker: unknown spec field(s) {unknown}; allowed {sorted(allowed)}"
        )


def required(kind: str, spec: Mapping[str, Any], key: str) -> Any:
    """The value of a required field."""
    if key not in spec or spec[key] is None:
        raise ValueError(f"{kind} checker: spec field {key!r} is required")
    return spec[key]


def real(kind: str, key: str, value: Any) -> float:
    """A finite real number (bools are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{kind} checker: {key!r} must be a finite number, got {value!r}")
    return float(value)


def non_negative(kind: str, key: str, value: Any) -> float:
    """A finite number that is zero or more."""
    number = real(kind, key, value)
    if number < 0:
        raise ValueError(f"{kind} checker: {key!r} must be >= 0, got {value!r}")
    return number


def flag(kind: str, key: str, value: Any) -> bool:
    """A boolean."""
    if not isinstance(value, bool):
        raise ValueError(f"{kind} checker: {key!r} must be true or false, got {value!r}")
    return value


def text_list(kind: str, key: str, value: Any, allow_empty: bool = False) -> tuple[str, ...]:
    """A list of non-empty strings (numbers are accepted and turned into strings)."""
    if not isinstance(value, list | tuple) or (not value and not allow_empty):
        raise ValueError(f"{kind} checker: {key!r} must be a non-empty list")
    items = tuple(str(item).strip() for item in value)
    if any(not item for item in items):
        raise ValueError(f"{kind} checker: {key!r} has an empty entry")
    return items


def aliases(kind: str, value: Any, known: set[str]) -> dict[str, tuple[str, ...]]:
    """A mapping from a known item to other ways of writing it."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"{kind} checker: 'aliases' must be a mapping of item -> list of names")
    result = {}
    for item, names in value.items():
        if str(item) not in known:
            raise ValueError(f"{kind} checker: alias for unknown item {item!r}")
        result[str(item)] = text_list(kind, f"aliases[{item}]", names)
    return result
