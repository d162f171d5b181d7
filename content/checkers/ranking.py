"""The ranking checker: items in order ("D4 > D3", "D4, D3", "D3 < D4"); order matters.

Spec fields:
  order    (required) the items, best first; also the options a reply may name.
  top      only the first `top` places are asked for (default: all of them).
  options  extra items a reply may name that are not in the order (distractors).
  aliases  {item: [other names]}; "D4" also matches "d4", "doc 4", "document 4" by itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from content.checkers import verdict as v
from content.checkers.labels import Labels, first_mentions, parse_labels
from content.checkers.specs import only_keys, required, text_list
from content.checkers.text import normalise

KIND = "ranking"


@dataclass(frozen=True)
class RankingSpec:
    order: tuple[str, ...]
    top: int
    labels: Labels


def parse_spec(spec: Mapping[str, Any]) -> RankingSpec:
    """Validate a ranking spec."""
    only_keys(KIND, spec, {"order", "top", "options", "aliases"})
    order = text_list(KIND, "order", required(KIND, spec, "order"))
    others = text_list(KIND, "options", spec.get("options", []), allow_empty=True)
    labels = parse_labels(
        KIND, [*order, *[o for o in others if o not in order]], spec.get("aliases")
    )
    top = spec.get("top", len(order))
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= len(order):
        raise ValueError(f"{KIND} checker: 'top' must be an integer from 1 to {len(order)}")
    return RankingSpec(order, top, labels)


def expected(spec: RankingSpec) -> str:
    """The reference as a short string."""
    return " > ".join(spec.order[: spec.top])


def _consistent(mentions: list[str]) -> bool:
    """Whether every repeated mention keeps the order of the first mentions."""
    place = {item: i for i, item in enumerate(first_mentions(mentions))}
    run: list[str] = []
    for item in mentions:
        if item in run:
            run = []
        if run and place[run[-1]] > place[item]:
            return False
        run.append(item)
    return True


def check(spec: RankingSpec, reply: str) -> v.Verdict:
    """Read the order of the items named in the reply and compare the top places."""
    form = f'Reply with the top {spec.top} in order, best first, e.g. "A > B".'
    mentions = spec.labels.find(reply)
    text = normalise(reply)
    if "<" in text and ">" not in text:
        mentions.reverse()
    if not mentions:
        return v.unparseable("I could not find any of the items in your reply.", form)
    if not _consistent(mentions):
        return v.unparseable("Your reply gives the items in contradictory orders.", form)
    got = first_mentions(mentions)[: spec.top]
    shown = " > ".join(got)
    want = spec.order[: spec.top]
    right = sum(a == b for a, b in zip(got, want, strict=False))
    if tuple(got) == want:
        return v.correct(shown)
    if len(got) < spec.top and tuple(got) == want[: len(got)]:
        return v.partial(shown, len(got) / spec.top, f"Name the top {spec.top}, in order.")
    if right:
        return v.partial(shown, right / spec.top, "Some places are right, not all.")
    if set(got) == set(want):
        return v.partial(shown, 0.25, "The right items, in the wrong order.")
    return v.incorrect(shown)
