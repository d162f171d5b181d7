"""Words of a text as Snowball stems with their character spans, and fuzzy phrase finding."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz, process

# A word is a run of letters/digits; any other visible symbol (σ, ′, =, ⊙) stands alone, so a
# formula is a sequence of tokens like any sentence.
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]")
_STEMMER = snowballstemmer.stemmer("english")

_STOPWORDS = """a an the and or but if then so of to in on at by for with from as is are was were
    be been being it its this that these those there here which who whom what when where why how
    than into onto over under about above below up down out off also just very can could would
    should may might must will shall do does did done have has had having only own same such
    too more most other some any each few all both either neither one i you he she we they me him
    her us them my your his our their mine yours ours theirs itself themselves
    let lets get gets got make makes made use uses used using"""

FUZZY_MIN_LENGTH = 5
"""Shorter words must match exactly: "lr" is not "l1", "max" is not "mse"."""
FUZZY_CUTOFF = 86.0
"""rapidfuzz ratio from which two long stems are the same word mistyped ("gradeint")."""


@dataclass(frozen=True)
class Token:
    stem: str
    start: int
    end: int


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of one lower-cased word."""
    return str(_STEMMER.stemWord(word))


def tokens(text: str) -> list[Token]:
    """Every word and symbol of the text but punctuation, lower-cased and stemmed, with its span."""
    found = (Token(stem(m.group().lower()), m.start(), m.end()) for m in _TOKEN.finditer(text))
    return [t for t in found if t.stem not in _PUNCTUATION]


def content_stems(text: str) -> list[str]:
    """The stems of the words that carry meaning (no stopwords, no lone punctuation)."""
    return [t.stem for t in tokens(text) if t.stem not in STOPWORDS]


STOPWORDS = frozenset(stem(w) for w in _STOPWORDS.split())
"""Stems that carry no concept: a phrasing never needs them and they never count as content."""

ARTICLES = frozenset(("a", "an", "the"))

_PUNCTUATION = frozenset(".,;:!?'\"()[]{}-–—/\\*`~|<>#&%$^+=…•−·×←→′’‘“”@")


def phrase_stems(phrase: str) -> tuple[str, ...]:
    """A rubric phrasing as the stems a text must contain (stopwords dropped, order kept)."""
    found = [t.stem for t in tokens(phrase)]
    if len(found) == 1:
        return tuple(found)
    # Function words are kept ("not per pixel", "over the features": without them the first
    # would say the opposite and the second mean "features" alone); articles are not.
    kept = [s for s in found if s not in ARTICLES]
    return tuple(kept) or tuple(found)


def same_word(a: str, b: str) -> bool:
    """Whether two stems are one word, allowing a typo in words of five letters or more."""
    if a == b:
        return True
    if min(len(a), len(b)) < FUZZY_MIN_LENGTH or not (a.isalpha() and b.isalpha()):
        return False
    return fuzz.ratio(a, b, score_cutoff=FUZZY_CUTOFF) > 0


class Text:
    """A person's text, tokenised once, that phrasings are looked up in."""

    WINDOW_SLACK = 3
    """A phrasing's words may be this many tokens apart ("gradient is almost zero")."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.tokens = tokens(raw)
        self._positions: dict[str, list[int]] = {}
        for i, token in enumerate(self.tokens):
            self._positions.setdefault(token.stem, []).append(i)
        self._found: dict[str, list[int]] = {}
        self._long_words = [
            w for w in self._positions if len(w) >= FUZZY_MIN_LENGTH and w.isalpha()
        ]

    def positions(self, word: str) -> list[int]:
        """Token indices where this stem (or a mistyped form of it) occurs."""
        known = self._found.get(word)
        if known is None:
            known = list(self._positions.get(word, ()))
            if len(word) >= FUZZY_MIN_LENGTH and word.isalpha():
                near = process.extract(
                    word, self._long_words, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
                )
                known = sorted({*known, *(i for seen, _, _ in near for i in self._positions[seen])})
            self._found[word] = known
        return known

    def find(self, phrase: tuple[str, ...]) -> tuple[int, int] | None:
        """The token range (first, last) holding every stem of the phrase close together."""
        if not phrase:
            return None
        lists = [self.positions(word) for word in phrase]
        if any(not found for found in lists):
            return None
        span = len(phrase) + self.WINDOW_SLACK
        best: tuple[int, int] | None = None
        best_rank: tuple[bool, int] = (True, span)
        for anchor in lists[0]:
            picked = [anchor]
            for found in lists[1:]:
                near = [i for i in found if abs(i - anchor) < span and i not in picked]
                if not near:
                    break
                # In the phrasing's order when the text has it ("over the features" is not
                # "feature over"), else the nearest ("zero gradient" is "gradient is zero").
                after = [i for i in near if i > picked[-1]]
                picked.append(min(after or near, key=lambda i: abs(i - picked[-1])))
            else:
                low, high = min(picked), max(picked)
                rank = (picked != sorted(picked), high - low)  # in order first, then tightest
                if high - low < span and (best is None or rank < best_rank):
                    best, best_rank = (low, high), rank
        return best

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets of a token range."""
        return self.tokens[first].start, self.tokens[last].end
