"""The short-text checker: fill-in blanks answered in words ("overfitting", "one input layer").

Spec fields:
  blanks   (required) one entry per blank, in the order the question asks them:
           {name, accept: [phrasings], refuse: [close but wrong phrasings], alone: [phrasings]}.
           `alone` phrasings ("one", "batch") count only as the blank's own piece of a reply that
           gives one piece per blank, split by commas, semicolons or lines ("one, one, feedback").
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
_PIECES = re.compile(r"[,;\n]|\s/\s")
_NO_ANSWER = {"no", "idea", "sorry", "i", "dont", "do", "not", "know", "idk", "sure", "unsure"}
_NO_ANSWER |= {
    "pass",
    "skip",
    "clue",
    "have",
    "the",
    "a",
    "im",
    "am",
    "what",
    "huh",
    "hmm",
    "dunno",
}
"""Words of a reply that gives no answer ("no idea, sorry"): nothing to check, not wrong."""
_NEGATION = {"not", "no", "never", "isn't", "isnt", "without", "nor"}


@dataclass(frozen=True)
class Blank:
    name: str
    accept: tuple[tuple[str, ...], ...]
    refuse: tuple[tuple[str, ...], ...]
    alone: tuple[tuple[str, ...], ...] = ()


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
        only_keys(KIND, entry, {"name", "accept", "refuse", "alone"})
        accept = tuple(words(t) for t in text_list(KIND, "accept", required(KIND, entry, "accept")))
        refuse, alone = (
            tuple(words(t) for t in text_list(KIND, key, entry.get(key, []), allow_empty=True))
            for key in ("refuse", "alone")
        )
        if any(not phrase for phrase in (*accept, *refuse, *alone)):
            raise ValueError(f"{KIND} checker: blank {index} has a phrasing with no words")
        clash = set(accept) & set(refuse)
        if clash:
            raise ValueError(f"{KIND} checker: blank {index} accepts and refuses {sorted(clash)}")
        blanks.append(Blank(str(entry.get("name") or f"blank {index}"), accept, refuse, alone))
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


def _spans(reply: tuple[str, ...], phrase: tuple[str, ...]) -> list[tuple[int, int, float]]:
    """Word spans of the reply that read as the phrase (one word more or less: "max pooling"),
    each with its similarity to the phrase."""
    found = []
    wanted = "".join(phrase)
    for width in sorted({max(1, len(phrase) - 1), len(phrase), len(phrase) + 1}):
        for start in range(len(reply) - width + 1):
            if start and reply[start - 1] in _NEGATION:
                continue
            candidate = reply[start : start + width]
            if _similar(candidate, phrase):
                similarity = Indel.normalized_similarity("".join(candidate), wanted)
                found.append((start, start + width, similarity))
    return found


def blank_filled(blank: Blank, reply: tuple[str, ...], own_piece: bool = False) -> bool:
    """Whether the reply fills this blank with an accepted phrasing and no refused one.

    A refused phrasing does not count where an accepted one covers it at least as closely:
    "leaky relu" inside "leaky relu" is refused, "gradient descent" is not "gradient ascent".
    """
    phrases = (*blank.accept, *blank.alone) if own_piece else blank.accept
    accepted = [span for phrase in phrases for span in _spans(reply, phrase)]
    if not accepted:
        return False
    refused = [span for phrase in blank.refuse for span in _spans(reply, phrase)]
    return all(any(_covers(a, r) for a in accepted) for r in refused)


def _covers(accepted: tuple[int, int, float], refused: tuple[int, int, float]) -> bool:
    """Whether an accepted span takes a refused one's place: it contains it and is either longer
    or closer to its own phrasing; a tie is refused."""
    start, end, similarity = accepted
    inside = start <= refused[0] and refused[1] <= end
    return inside and ((start, end) != refused[:2] or similarity > refused[2])


def check(spec: ShortTextSpec, reply: str) -> v.Verdict:
    """Look for each blank's phrasings in the reply."""
    said = words(reply)
    if not set(said) - _NO_ANSWER:
        return v.unparseable(
            "I could not find an answer in your reply.", "Reply with the missing words."
        )
    pieces = [words(piece) for piece in _PIECES.split(reply) if words(piece)]
    aligned = len(spec.blanks) > 1 and len(pieces) == len(spec.blanks)
    filled = [
        blank_filled(blank, said, own_piece=len(spec.blanks) == 1)
        or (aligned and blank_filled(blank, pieces[index], own_piece=True))
        for index, blank in enumerate(spec.blanks)
    ]
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
