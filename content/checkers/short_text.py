"""The short-text checker: fill-in blanks answered in words ("overfitting", "one input layer").

Spec fields:
  blanks   (required) one entry per blank, in the order the question asks them:
           {name, accept: [phrasings], refuse: [close but wrong phrasings]}.
An accepted phrasing counts wherever it appears in the reply, with small typos forgiven
("overfiting", "back propogation", "maxpooling") by rapidfuzz's edit-distance ratio; numbers and
words of four letters or fewer must be exact, so "3x3" is never "5x5" and "one" never "none".
A refused phrasing ("underfitting" beside "overfitting", "halves" beside "doubles") wins over an
accepted one it does not sit inside, and phrasings after "not" or "no" do not count. Each blank
found scores its share; all blanks found is correct.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import Indel

from content.checkers import verdict as v
from content.checkers.specs import only_keys, required, text_list
from content.checkers.text import normalise

KIND = "short_text"
TYPO_RATIO = 0.86
"""Normalised similarity (1 − Indel distance / total length) a phrasing needs to count:
forgives a wrong or missing letter in eight, refuses "underfitting" for "overfitting" (0.78)."""
EXACT_BELOW = 5
_WORD = re.compile(r"[a-z0-9]+")
_TIMES = re.compile(r"(\d)\s*(?:x|\*|by)\s*(?=\d)")
_NEGATION = {"not", "no", "never", "isn't", "isnt", "without", "nor"}


@dataclass(frozen=True)
class Blank:
    name: str
    accept: tuple[tuple[str, ...], ...]
    refuse: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ShortTextSpec:
    blanks: tuple[Blank, ...]


def words(text: str) -> tuple[str, ...]:
    """The words of a reply or phrasing, lower case; "3 x 3" and "3×3" are the one word "3x3"."""
    text = _TIMES.sub(r"\1x", normalise(text).lower().replace("'", ""))
    return tuple(_WORD.findall(text))


def parse_spec(spec: Mapping[str, Any]) -> ShortTextSpec:
    """Validate a short-text spec."""
    only_keys(KIND, spec, {"blanks"})
    raw = required(KIND, spec, "blanks")
    if not isinstance(raw, list) or not raw:
        raise ValueError(f"{KIND} checker: 'blanks' must be a non-empty list")
    blanks = []
    for index, entry in enumerate(raw, start=1):
        if not isinstance(entry, Mapping):
            raise ValueError(f"{KIND} checker: blank {index} must be a mapping")
        only_keys(KIND, entry, {"name", "accept", "refuse"})
        accept = tuple(words(t) for t in text_list(KIND, "accept", required(KIND, entry, "accept")))
        refuse = tuple(
            words(t) for t in text_list(KIND, "refuse", entry.get("refuse", []), allow_empty=True)
        )
        if any(not phrase for phrase in (*accept, *refuse)):
            raise ValueError(f"{KIND} checker: blank {index} has a phrasing with no words")
        clash = set(accept) & set(refuse)
        if clash:
            raise ValueError(f"{KIND} checker: blank {index} accepts and refuses {sorted(clash)}")
        blanks.append(Blank(str(entry.get("name") or f"blank {index}"), accept, refuse))
    return ShortTextSpec(tuple(blanks))


def expected(spec: ShortTextSpec) -> str:
    """The reference: the first accepted phrasing of each blank."""
    return "; ".join(" ".join(blank.accept[0]) for blank in spec.blanks)


def _similar(candidate: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    joined, wanted = "".join(candidate), "".join(phrase)
    if joined == wanted:
        return True
    exact_only = [w for w in phrase if any(c.isdigit() for c in w) or len(w) < EXACT_BELOW]
    if exact_only != [w for w in candidate if any(c.isdigit() for c in w) or len(w) < EXACT_BELOW]:
        return False
    return len(wanted) >= EXACT_BELOW and Indel.normalized_similarity(joined, wanted) >= TYPO_RATIO


def _spans(reply: tuple[str, ...], phrase: tuple[str, ...]) -> list[tuple[int, int]]:
    """Word spans of the reply that read as the phrase (one word more or less: "max pooling")."""
    found = []
    for width in sorted({max(1, len(phrase) - 1), len(phrase), len(phrase) + 1}):
        for start in range(len(reply) - width + 1):
            if start and reply[start - 1] in _NEGATION:
                continue
            if _similar(reply[start : start + width], phrase):
                found.append((start, start + width))
    return found


def blank_filled(blank: Blank, reply: tuple[str, ...]) -> bool:
    """Whether the reply fills this blank with an accepted phrasing and no refused one."""
    accepted = [span for phrase in blank.accept for span in _spans(reply, phrase)]
    if not accepted:
        return False
    refused = [span for phrase in blank.refuse for span in _spans(reply, phrase)]
    inside = [r for r in refused if any(a[0] <= r[0] and r[1] <= a[1] and a != r for a in accepted)]
    return len(refused) == len(inside)


def check(spec: ShortTextSpec, reply: str) -> v.Verdict:
    """Look for each blank's phrasings in the reply."""
    said = words(reply)
    if not said:
        return v.unparseable(
            "I could not find any words in your reply.", "Reply with the missing words."
        )
    filled = [blank_filled(blank, said) for blank in spec.blanks]
    shown = " ".join(said[:12]) + (" …" if len(said) > 12 else "")
    right = sum(filled)
    total = len(filled)
    if right == total:
        return v.correct(f'"{shown}"')
    if right:
        missing = ", ".join(b.name for b, ok in zip(spec.blanks, filled, strict=True) if not ok)
        return v.partial(
            f'"{shown}"', right / total, f"{right} of {total} blanks are right; not: {missing}."
        )
    return v.incorrect(f'"{shown}"')
