"""The series checker: one answer per statement, in order ("True, False", "T F T", "yes, no").

Spec fields:
  answers  (required) the right answer for each statement, in order (true/false by default).
  options  the answers a reply may give (default ["true", "false"]).
  aliases  {option: [other names]}; true/false already accept T/F,
           right/wrong, correct/incorrect.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from content.checkers import verdict as v
from content.checkers.labels import Labels, parse_labels
from content.checkers.specs import only_keys, required, text_list

KIND = "series"
TRUE_FALSE_ALIASES = {
    "true": ["t", "right", "correct"],
    "false": ["f", "wrong", "incorrect"],
}


@dataclass(frozen=True)
class SeriesSpec:
    answers: tuple[str, ...]
    labels: Labels


def parse_spec(spec: Mapping[str, Any]) -> SeriesSpec:
    """Validate a series spec."""
    only_keys(KIND, spec, {"answers", "options", "aliases"})
    answers = text_list(KIND, "answers", required(KIND, spec, "answers"))
    options = spec.get("options", ["true", "false"])
    alias_map = spec.get("aliases", TRUE_FALSE_ALIASES if "options" not in spec else None)
    labels = parse_labels(KIND, options, alias_map)
    missing = sorted(set(answers) - set(labels.options))
    if missing:
        raise ValueError(f"{KIND} checker: answers {missing} are not among the options")
    return SeriesSpec(answers, labels)


def expected(spec: SeriesSpec) -> str:
    """The reference as a short string."""
    return ", ".join(a.capitalize() for a in spec.answers)


def check(spec: SeriesSpec, reply: str) -> v.Verdict:
    """Read one answer per statement, in order, and count the right ones."""
    n = len(spec.answers)
    choices = " or ".join(o.capitalize() for o in spec.labels.options)
    form = f"Reply with {n} answer{'s' if n > 1 else ''} in order, each {choices}."
    got = spec.labels.find(reply)
    if n == 1 and len(set(got)) == 1:
        got = got[:1]
    if not got:
        return v.unparseable("I could not find an answer in your reply.", form)
    if len(got) != n:
        return v.unparseable(f"I read {len(got)} answers.", form)
    shown = ", ".join(a.capitalize() for a in got)
    right = sum(a == b for a, b in zip(got, spec.answers, strict=True))
    if right == n:
        return v.correct(shown)
    if right:
        return v.partial(shown, right / n, f"{right} of {n} are right.")
    return v.incorrect(shown)
