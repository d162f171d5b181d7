"""The multi-part checker: a question with several answers, each checked by its own kind.

Spec fields:
  parts  (required) [{name, kind, spec}], in the order the question asks them; any kind but
         parts itself. The VGG shapes for three inputs, for instance, are three shape parts.
The reply gives the parts in order, one per line, or separated by ";", or numbered ("1) … 2) …",
"(a) … (b) …"). When it is one run of shapes ("[1, 512, 7, 7], [1, 512, 16, 16], …") each shape
is one part. Score: the mean of the parts' scores; every part right is correct.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from content.checkers import verdict as v
from content.checkers.shape import shape_texts
from content.checkers.specs import only_keys, required
from content.checkers.text import normalise

KIND = "parts"
_ENUMERATOR = re.compile(r"(?:^|\s)(?:\(?[1-9a-h]\)|[1-9]\.(?!\d)|\([1-9a-h]\))\s", re.IGNORECASE)
_SEPARATOR = re.compile(r"\n+|;")


@dataclass(frozen=True)
class Part:
    name: str
    kind: str
    spec: Any


@dataclass(frozen=True)
class PartsSpec:
    parts: tuple[Part, ...]


def _kind(name: str) -> Any:
    from content.checkers.registry import kind_named  # the registry lists this module too

    return kind_named(name)


def parse_spec(spec: Mapping[str, Any]) -> PartsSpec:
    """Validate a parts spec and every part's own spec."""
    only_keys(KIND, spec, {"parts"})
    raw = required(KIND, spec, "parts")
    if not isinstance(raw, list) or len(raw) < 2:
        raise ValueError(f"{KIND} checker: 'parts' must list at least two parts")
    parts = []
    for index, entry in enumerate(raw, start=1):
        if not isinstance(entry, Mapping) or "kind" not in entry or "spec" not in entry:
            raise ValueError(f"{KIND} checker: part {index} needs kind and spec")
        only_keys(KIND, entry, {"name", "kind", "spec"})
        if entry["kind"] == KIND:
            raise ValueError(f"{KIND} checker: parts do not nest")
        parsed = _kind(str(entry["kind"])).parse_spec(entry["spec"])
        parts.append(Part(str(entry.get("name") or f"part {index}"), str(entry["kind"]), parsed))
    return PartsSpec(tuple(parts))


def expected(spec: PartsSpec) -> str:
    """Each part's reference, named."""
    return "; ".join(f"{p.name}: {_kind(p.kind).expected(p.spec)}" for p in spec.parts)


def segments(spec: PartsSpec, reply: str) -> list[str] | None:
    """The reply cut into one piece per part, or None when it cannot be cut that way."""
    count = len(spec.parts)
    text = normalise(reply).strip()
    padded = " " + text
    numbered = list(_ENUMERATOR.finditer(padded))
    if len(numbered) == count:
        ends = [m.start() for m in numbered[1:]] + [len(padded)]
        pieces = [padded[m.end() : end] for m, end in zip(numbered, ends, strict=True)]
        return [p.strip(" ,;\n") for p in pieces]
    pieces = [p.strip() for p in _SEPARATOR.split(text) if p.strip()]
    if len(pieces) == count:
        return pieces
    if all(p.kind == "shape" for p in spec.parts):
        shapes = shape_texts(text)
        if len(shapes) == count:
            return shapes
    return None


def check(spec: PartsSpec, reply: str) -> v.Verdict:
    """Check each part of the reply with its part's kind and average the scores."""
    names = ", ".join(p.name for p in spec.parts)
    form = f"Reply with {len(spec.parts)} answers in this order, one per line: {names}."
    pieces = segments(spec, reply)
    if pieces is None:
        return v.unparseable(f"I could not split your reply into {len(spec.parts)} answers.", form)
    verdicts = [
        _kind(p.kind).check(p.spec, piece) for p, piece in zip(spec.parts, pieces, strict=True)
    ]
    if all(result.verdict == "unparseable" for result in verdicts):
        return v.unparseable("I could not read any of your answers.", form)
    score = sum(result.score for result in verdicts) / len(verdicts)
    marks = "; ".join(
        f"{p.name}: {result.verdict}" for p, result in zip(spec.parts, verdicts, strict=True)
    )
    if all(result.verdict == "correct" for result in verdicts):
        return v.correct(f"{len(verdicts)} answers, all right")
    if score > 0:
        return v.partial(f"{len(verdicts)} answers", score, marks + ".")
    return v.incorrect(f"{len(verdicts)} answers", marks + ".")
