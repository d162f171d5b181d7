"""The choice checker: one option picked from a list or named ("option 2", "2", "MaxPool2d",
"the second one" all pick the second option).

Spec fields:
  options   (required) the options, in the order the question lists them.
  answer    (required) the right option.
  numbered  the question shows the options as a numbered list (default true), so a position
            ("2", "option 2", "the second one", "#2", "2)") picks an option; false for named
            choices ("pixel-wise or per channel?") where a bare number means nothing.
  aliases   {option: [other names]}: several names for one option ("Euclidean": ["L2"]).
  partial   {option: {score, hint}}: an option that is partly right earns `score` (0..1).
A reply naming several different options is read by its opening clause ("MaxPool2d, because
Conv2d layers…"); an option after "not" does not count ("not Conv2d but MaxPool2d").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from content.checkers import verdict as v
from content.checkers.labels import Labels, parse_labels, prepared
from content.checkers.specs import flag, only_keys, real, required

KIND = "choice"
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
_SUFFIXED = re.compile(r"^(\d)(?:st|nd|rd|th)$")
_POSITION = re.compile(
    r"(?:\b(?:option|number|choice|answer|no\.?|item)\s*:?\s*#?|#|(?:^|(?<=\n))\s*\(?)"
    r"(?P<n>\d{1,2})(?:st|nd|rd|th)?\)?(?=\s|$|[.,:;!?](?!\d))(?!\s*[x×*/^,]\s*\d)",
    re.IGNORECASE,
)
_ORDINAL = re.compile(
    r"\b(?:(?P<word>" + "|".join(ORDINALS) + r"|last)|(?P<n>\d)(?:st|nd|rd|th))"
    r"(?:\s+(?:one|option|choice|answer|item|design|approach))?\b",
    re.IGNORECASE,
)
_ONLY_NUMBERS = re.compile(
    r"^\W*(?:(?:i\s+(?:think|choose|pick|say)|it'?s|my answer is|answer)\W*)?"
    r"\d{1,2}(?:\s*(?:,|/|&|\bor\b|\band\b)\s*\d{1,2})*\W*$",
    re.IGNORECASE,
)
_BARE = re.compile(r"(?<![\w.])(?P<n>\d{1,2})(?![\w.])")
_NOT = re.compile(
    r"(?:\bnot|n't|\bnor|\binstead of|\brather than|\bunlike|\bexcept)\s+(?:the\s+|a\s+)?$",
    re.IGNORECASE,
)
_OPENING_LETTER = re.compile(r"^\W*(?P<letter>[a-h])(?=\s*$|\s*[,.;:)!]|\s+[-–—]\s)")
"""A lettered option at the very start of a reply ("B, because…"), not the article "a"."""
_CLAUSE_END = re.compile(r"[.:;!?\n(]|\s[-–—]\s|,?\s+(?:because|since|as|so|while|whereas)\b")


@dataclass(frozen=True)
class ChoiceSpec:
    labels: Labels
    answer: str
    numbered: bool
    partial: tuple[tuple[str, float, str], ...]


def parse_spec(spec: Mapping[str, Any]) -> ChoiceSpec:
    """Validate a choice spec."""
    only_keys(KIND, spec, {"options", "answer", "numbered", "aliases", "partial"})
    labels = parse_labels(KIND, required(KIND, spec, "options"), spec.get("aliases"))
    answer = str(required(KIND, spec, "answer")).strip()
    if answer not in labels.options:
        raise ValueError(f"{KIND} checker: answer {answer!r} is not among the options")
    if len(labels.options) > len(ORDINALS):
        raise ValueError(f"{KIND} checker: at most {len(ORDINALS)} options")
    partial = []
    raw_partial = spec.get("partial") or {}
    if not isinstance(raw_partial, Mapping):
        raise ValueError(f"{KIND} checker: 'partial' must map an option to {{score, hint}}")
    for option, entry in raw_partial.items():
        if str(option) not in labels.options or str(option) == answer:
            raise ValueError(f"{KIND} checker: partial credit for {option!r}, not a wrong option")
        if not isinstance(entry, Mapping) or not {"score", "hint"} <= set(entry):
            raise ValueError(f"{KIND} checker: partial[{option}] needs score and hint")
        score = real(KIND, "partial score", entry["score"])
        if not 0 < score < 1:
            raise ValueError(f"{KIND} checker: a partial score must be between 0 and 1")
        partial.append((str(option), score, str(entry["hint"])))
    numbered = flag(KIND, "numbered", spec.get("numbered", True))
    return ChoiceSpec(labels, answer, numbered, tuple(partial))


def expected(spec: ChoiceSpec) -> str:
    """The reference as a short string."""
    if spec.numbered:
        return f"option {spec.labels.options.index(spec.answer) + 1}, {spec.answer}"
    return spec.answer


def _position(spec: ChoiceSpec, number: int) -> str | None:
    options = spec.labels.options
    return options[number - 1] if 1 <= number <= len(options) else None


def _mentions(spec: ChoiceSpec, text: str) -> list[tuple[int, str]]:
    """(place, option) for every option the prepared text picks, negated ones left out."""
    found = set(spec.labels.places(text))
    opening = _OPENING_LETTER.match(text)
    if opening and opening["letter"] in {o.lower() for o in spec.labels.options}:
        found.add((opening.start("letter"), _letter_option(spec, opening["letter"])))
    if spec.numbered:
        bare = _BARE.finditer(text) if _ONLY_NUMBERS.match(text) else iter(())
        numbers = [*bare, *_POSITION.finditer(text)]
        for match in numbers:
            option = _position(spec, int(match["n"]))
            if option is not None:
                found.add((match.start("n"), option))
        for match in _ORDINAL.finditer(text):
            word = match["word"]
            if word == "last":
                number = len(spec.labels.options)
            else:
                number = ORDINALS.index(word) + 1 if word else int(match["n"])
            option = _position(spec, number)
            if option is not None:
                found.add((match.start(), option))
    return sorted(
        (place, option)
        for place, option in found
        if not _NOT.search(text, max(0, place - 24), place)
    )


def _letter_option(spec: ChoiceSpec, letter: str) -> str:
    return next(o for o in spec.labels.options if o.lower() == letter)


def picked(spec: ChoiceSpec, reply: str) -> list[str]:
    """The options the reply picks: one when it is clear, several when it hedges, none."""
    text = prepared(reply)
    mentions = _mentions(spec, text)
    distinct = list(dict.fromkeys(option for _, option in mentions))
    if len(distinct) <= 1:
        return distinct
    clause = _CLAUSE_END.search(text, mentions[0][0])
    end = clause.start() if clause else len(text)
    opening = list(dict.fromkeys(option for place, option in mentions if place < end))
    return opening if len(opening) == 1 else distinct


def form(spec: ChoiceSpec) -> str:
    """What a readable reply looks like."""
    if spec.numbered:
        return 'Reply with the one option you choose, by number ("option 2") or by name.'
    return f"Reply with the one you choose: {', '.join(spec.labels.options)}."


def check(spec: ChoiceSpec, reply: str) -> v.Verdict:
    """Read the one option the reply picks and grade it."""
    options = picked(spec, reply)
    if not options:
        return v.unparseable("I could not find any of the options in your reply.", form(spec))
    if len(options) > 1:
        return v.unparseable("Your reply names several options.", form(spec))
    (option,) = options
    shown = expected(ChoiceSpec(spec.labels, option, spec.numbered, ()))
    if option == spec.answer:
        return v.correct(shown)
    for wrong, score, hint in spec.partial:
        if option == wrong:
            return v.partial(shown, score, hint)
    return v.incorrect(shown)
