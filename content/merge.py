"""Finding the same question across sources: auditable merge groups and near misses."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from content.importers.base import RawItem

MERGE_AT = 88.0
"""Similarity (0-100) at or above which two questions from different sources are merged."""
NEAR_AT = 70.0
"""Similarity at or above which an unmerged pair is reported as a near miss."""

_MARKUP = re.compile(r"[`*_>#\[\]()\\]|\$+")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def comparable(text: str) -> str:
    """Lowercased words only: what two wordings of one question share."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "").replace("'", "")
    text = _MARKUP.sub(" ", text)
    return _NON_WORD.sub(" ", text).strip()


def merge_text(item: RawItem) -> str:
    """The text a question is compared on: its own words, or its prompt when those are few."""
    own = comparable(item.question)
    return own if len(own.split()) >= 5 else comparable(item.prompt)


@dataclass(frozen=True)
class Pair:
    a: int
    b: int
    score: float


@dataclass(frozen=True)
class MergeResult:
    groups: list[list[int]]
    """Indices of items merged into one question; each group at most one item per source."""
    near_misses: list[Pair]
    """Pairs from different sources that were close but not merged, most similar first."""


_FILLER = set(
    "a an the of to in on for and or is are was be do does did you your we our it its this that "
    "what whats why how when which who would should could can with as by at from into".split()
)


def _substitutes(a: str, b: str) -> bool:
    """Whether each text has a content word with no look-alike in the other ("rnn" vs "lstm")."""
    words_a, words_b = set(a.split()) - _FILLER, set(b.split()) - _FILLER

    def unmatched(mine: set[str], theirs: set[str]) -> bool:
        return any(all(fuzz.ratio(word, other) < 75 for other in theirs) for word in mine - theirs)

    return unmatched(words_a, words_b) and unmatched(words_b, words_a)


SUBSTITUTION_PENALTY = 15.0
"""Taken off the similarity of two texts that differ by a swapped content word."""


def _similarities(texts: list[str]) -> np.ndarray:
    """Pairwise similarity: the better of plain and word-order-free edit similarity."""
    plain = process.cdist(texts, texts, scorer=fuzz.ratio, dtype=np.float32, workers=1)
    unordered = process.cdist(
        texts, texts, scorer=fuzz.token_sort_ratio, dtype=np.float32, workers=1
    )
    return np.maximum(plain, unordered)


def find_groups(
    items: list[RawItem],
    forced: set[frozenset[int]] = frozenset(),  # type: ignore[assignment]
    apart: set[frozenset[int]] = frozenset(),  # type: ignore[assignment]
) -> MergeResult:
    """Group items that are the same question; `forced` pairs merge, `apart` pairs never do."""
    texts = [merge_text(item) for item in items]
    scores = _similarities(texts)
    candidates = [
        Pair(i, j, float(scores[i, j]) - SUBSTITUTION_PENALTY * _substitutes(texts[i], texts[j]))
        for i in range(len(items))
        for j in range(i + 1, len(items))
        if items[i].source != items[j].source and scores[i, j] >= NEAR_AT
    ]
    candidates += [Pair(min(p), max(p), 100.0) for p in forced]
    candidates.sort(key=lambda p: (-p.score, p.a, p.b))

    group_of = list(range(len(items)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(items))}

    def sources(group: int) -> set[str]:
        return {items[m].source for m in members[group]}

    for pair in candidates:
        ga, gb = group_of[pair.a], group_of[pair.b]
        key = frozenset((pair.a, pair.b))
        if ga == gb or key in apart or (pair.score < MERGE_AT and key not in forced):
            continue
        if sources(ga) & sources(gb) and key not in forced:  # a hand merge may join one
            continue  # source's repeat of its own question
        keep, gone = min(ga, gb), max(ga, gb)
        for m in members.pop(gone):
            group_of[m] = keep
            members[keep].append(m)

    groups = [sorted(ms) for _, ms in sorted(members.items())]
    best: dict[frozenset[int], Pair] = {}
    for p in candidates:  # most similar first, so the first pair seen between two groups is kept
        key = frozenset((group_of[p.a], group_of[p.b]))
        if len(key) == 2 and p.score >= NEAR_AT and frozenset((p.a, p.b)) not in forced:
            best.setdefault(key, p)
    near = sorted(best.values(), key=lambda p: (-p.score, p.a, p.b))
    return MergeResult(groups=groups, near_misses=near)
