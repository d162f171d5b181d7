"""The checker kinds by name, each a spec parser, a reply checker and a reference renderer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from content.checkers import (
    choice,
    choice_set,
    code,
    formula,
    numeric,
    parts,
    ranking,
    series,
    shape,
    short_text,
    truth_table,
    vector,
)
from content.checkers.verdict import Verdict


@dataclass(frozen=True)
class Kind:
    """One checker kind."""

    parse_spec: Callable[[Mapping[str, Any]], Any]
    check: Callable[[Any, str], Verdict]
    expected: Callable[[Any], str]


def _kind(module: Any) -> Kind:
    return Kind(module.parse_spec, module.check, module.expected)


KINDS: dict[str, Kind] = {
    module.KIND: _kind(module)
    for module in (
        numeric,
        vector,
        shape,
        ranking,
        choice_set,
        choice,
        series,
        formula,
        truth_table,
        short_text,
        parts,
        code,
    )
}


def kind_named(name: str) -> Kind:
    """The kind with this name; ValueError for an unknown one."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown checker kind {name!r}; known: {sorted(KINDS)}") from None
