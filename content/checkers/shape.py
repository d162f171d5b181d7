"""The tensor shape checker: "[1, 512, 7, 7]", "torch.Size([1, 512, 7, 7])", "512x7x7".

Spec fields:
  dims           (required) the full reference shape, a list of positive integers.
  batch_optional the leading dimension is a batch dimension: a reply may leave it out or write it
                 as N, B, None, -1, ? or "batch" (default false).
A reply with the right sizes in another order (channels last) is partly right.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from content.checkers import verdict as v
from content.checkers.specs import flag, only_keys, required
from content.checkers.text import normalise

KIND = "shape"
FORM = 'Reply with the shape as a list of sizes, e.g. "[N, C, H, W]" with numbers, or "C x H x W".'
_PLACEHOLDER = r"(?:n|b|none|batch|bs|\?|-1|\*)"
_SEPARATOR = r"\s*(?:,|x|\*|by)\s*"
_GROUP = re.compile(
    r"(?<![\w.])(?:(?P<batch>" + _PLACEHOLDER + r")" + _SEPARATOR + r")?"
    r"(?P<dims>\d{1,9}(?:" + _SEPARATOR + r"\d{1,9})+)(?![\w.])"
)
_INTEGER = re.compile(r"\d+")


@dataclass(frozen=True)
class ShapeSpec:
    dims: tuple[int, ...]
    batch_optional: bool = False


def parse_spec(spec: Mapping[str, Any]) -> ShapeSpec:
    """Validate a shape spec."""
    only_keys(KIND, spec, {"dims", "batch_optional"})
    dims = required(KIND, spec, "dims")
    if (
        not isinstance(dims, list | tuple)
        or not dims
        or not all(isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in dims)
    ):
        raise ValueError(f"{KIND} checker: 'dims' must be a non-empty list of positive integers")
    batch_optional = flag(KIND, "batch_optional", spec.get("batch_optional", False))
    if batch_optional and len(dims) < 2:
        raise ValueError(f"{KIND} checker: 'batch_optional' needs at least two dims")
    return ShapeSpec(tuple(dims), batch_optional)


def expected(spec: ShapeSpec) -> str:
    """The reference as a short string."""
    return "[" + ", ".join(map(str, spec.dims)) + "]"


def _read(text: str) -> list[tuple[int | None, ...]]:
    """Every shape-like group in the text; a batch placeholder becomes None."""
    shapes = []
    for match in _GROUP.finditer(text):
        dims: tuple[int | None, ...] = tuple(int(d) for d in _INTEGER.findall(match["dims"]))
        if match["batch"] is not None:
            dims = (None, *dims)
        shapes.append(dims)
    return shapes


def shape_texts(text: str) -> list[str]:
    """The text of every shape-like group in the reply, in order."""
    return [match.group() for match in _GROUP.finditer(normalise(text).lower())]


def _accepted(spec: ShapeSpec) -> list[tuple[int, ...]]:
    return [spec.dims, spec.dims[1:]] if spec.batch_optional else [spec.dims]


def check(spec: ShapeSpec, reply: str) -> v.Verdict:
    """Read one shape from the reply and compare it with the reference."""
    shapes = set(_read(normalise(reply).lower()))
    if not shapes:
        return v.unparseable("I could not find a shape in your reply.", FORM)
    if len(shapes) > 1:
        return v.unparseable("I found several different shapes in your reply.", FORM)
    (raw,) = shapes
    if raw[0] is None and not spec.batch_optional:
        return v.incorrect(
            "a shape with a batch placeholder", "This tensor has no batch dimension."
        )
    read: tuple[int, ...] = tuple(spec.dims[0] if d is None else d for d in raw)
    shown = "×".join(str(d) for d in read)
    accepted = _accepted(spec)
    if read in accepted:
        return v.correct(shown)
    if any(sorted(read) == sorted(dims) for dims in accepted):
        return v.partial(shown, 0.5, "The sizes are right but their order is not.")
    return v.incorrect(shown)
