"""The set checker: which options apply, order does not matter ("1 and 3", "b) MaxPool2d", "c, a").

Spec fields:
  items    (required) the right options.
  options  (required) every option a reply may name, right and wrong; a shotgun list naming
           wrong ones loses what the right ones gained.
  aliases  {option: [other names]}: letters, numbers or text ("b": ["MaxPool2d", "max pooling"]).
Score: (right named − wrong named) / number of right options, at least 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from content.checkers import verdict as v
from content.checkers.labels import Labels, parse_labels
from content.checkers.specs import only_keys, required, text_list

KIND = "set"
FORM = "Reply with the options you choose (by number, letter or name), separated by commas."


@dataclass(frozen=True)
class SetSpec:
    items: frozenset[str]
    labels: Labels


def parse_spec(spec: Mapping[str, Any]) -> SetSpec:
    """Validate a set spec."""
    only_keys(KIND, spec, {"items", "options", "aliases"})
    labels = parse_labels(KIND, required(KIND, spec, "options"), spec.get("aliases"))
    items = text_list(KIND, "items", required(KIND, spec, "items"))
    missing = sorted(set(items) - set(labels.options))
    if missing:
        raise ValueError(f"{KIND} checker: items {missing} are not among the options")
    return SetSpec(frozenset(items), labels)


def expected(spec: SetSpec) -> str:
    """The reference as a short string."""
    return ", ".join(o for o in spec.labels.options if o in spec.items)


def check(spec: SetSpec, reply: str) -> v.Verdict:
    """Read the options named in the reply and compare them with the right ones."""
    named = set(spec.labels.find(reply))
    if not named:
        return v.unparseable("I could not find any of the options in your reply.", FORM)
    shown = ", ".join(o for o in spec.labels.options if o in named)
    right, wrong = len(named & spec.items), len(named - spec.items)
    if named == spec.items:
        return v.correct(shown)
    score = (right - wrong) / len(spec.items)
    if score > 0:
        return v.partial(shown, score, "Some of your choices are right, not all.")
    return v.incorrect(shown)
