"""What gets no coverage whatever words it contains: junk, text aimed at a grader, off-topic."""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable

from content.grading.words import Text, content_stems, tokens

FILLER = frozenset(
    content_stems(
        """idk dunno know idea pass skip lol lmao test testing answer question hmm hmmm ok okay
        yes yeah yep nope sure whatever something thing things stuff guess maybe think thought
        good bad nice cool great fine like really basically literally thanks thank please sorry
        hi hello hey sir madam interesting hard easy depends"""
    )
)
"""Words that say nothing about any question ("idk", "good question", "it depends")."""

AIMED_AT_A_GRADER = tuple(
    tuple(t.stem for t in tokens(p))
    for p in (
        "mark covered",
        "mark correct",
        "mark perfect",
        "key points covered",
        "every key point",
        "all key points",
        "all points covered",
        "full marks",
        "full score",
        "full credit",
        "perfect score",
        "score 100",
        "score 10",
        "grade this",
        "grade it",
        "give points",
        "award points",
        "ignore previous",
        "ignore all previous",
        "ignore the above",
        "ignore above",
        "ignore instructions",
        "ignore the instructions",
        "ignore all instructions",
        "ignore the rubric",
        "disregard instructions",
        "disregard the above",
        "disregard previous",
        "grader",
        "system prompt",
        "new instructions",
        "covered true",
        "coverage 1",
    )
)
"""Phrasings that address the grader rather than the question."""

_GRADER_KEYS = {"covered", "coverage", "score", "grade", "key_points", "verdict", "points"}

COPY_SHARE = 0.8
"""An answer whose content words are this much the question's own is a copy of the question."""
KNOWN_SHARE = 0.5
"""Below this share of words the bank ever uses, an answer is keyboard mashing."""
ON_TOPIC_FLOOR = 0.15
"""An answer sharing less than this (IDF-weighted) with its question's material is off-topic."""
OTHER_MARGIN = 1.6
"""Off-topic too when another question's material shares this many times more with it..."""
OTHER_CEILING = 0.45
"""...unless it shares at least this much with its own."""


def _fake_json(raw: str) -> bool:
    """Whether the text holds a JSON object or list that talks grades (fake grader output)."""
    for opener in ("{", "["):
        start = raw.find(opener)
        while start != -1:
            try:
                value, _ = json.JSONDecoder().raw_decode(raw[start:])
            except ValueError:
                value = None
            if _talks_grades(value):
                return True
            start = raw.find(opener, start + 1)
    return False


def _talks_grades(value: object) -> bool:
    if isinstance(value, dict):
        return bool(_GRADER_KEYS & {str(k).lower() for k in value}) or any(
            _talks_grades(v) for v in value.values()
        )
    if isinstance(value, list):
        return any(_talks_grades(v) for v in value)
    return False


_ROLES = ("system:", "assistant:", "user:", "developer:", "[system]", "<system>", "### system")
"""How a chat transcript marks a speaker: an answer that starts a line with one plays a role."""


def _plays_a_role(raw: str) -> bool:
    lowered = raw.lower()
    return any(
        line.strip().startswith(_ROLES) or f" {role}" in line
        for line in lowered.splitlines()
        for role in _ROLES[:2]
    )


def aimed_at_grader(text: Text) -> bool:
    """Whether the text talks to the grader: asks for marks, gives orders, fakes its output."""
    return (
        any(text.find(phrase) for phrase in AIMED_AT_A_GRADER)
        or _plays_a_role(text.raw)
        or _fake_json(text.raw)
    )


class Screen:
    """The bank's vocabulary and each question's material, to tell junk and off-topic answers."""

    def __init__(self, materials: dict[str, str], prompts: dict[str, str]) -> None:
        self._asked = {qid: frozenset(content_stems(prompt)) for qid, prompt in prompts.items()}
        stems = {qid: set(content_stems(text)) for qid, text in materials.items()}
        df: Counter[str] = Counter(s for found in stems.values() for s in found)
        total = max(1, len(stems))
        self.idf = {s: math.log((1 + total) / (1 + n)) + 1 for s, n in df.items()}
        self.vocabulary = frozenset(df)
        self._material = stems
        self._questions_with: defaultdict[str, list[str]] = defaultdict(list)
        for qid, found in stems.items():
            for s in found:
                self._questions_with[s].append(qid)

    def junk(self, content: list[str], question_id: str) -> str | None:
        """Why these content words are junk (empty, filler, copy, mashing), or None."""
        if not content:
            return "empty"
        meaningful = [s for s in content if s not in FILLER]
        if len(meaningful) < 2:
            return "filler"
        asked = self._asked.get(question_id, frozenset())
        if sum(s in asked for s in meaningful) >= COPY_SHARE * len(meaningful):
            return "copy of the question"
        words = [s for s in meaningful if s.isalpha()]
        if words and sum(s in self.vocabulary for s in words) < KNOWN_SHARE * len(words):
            return "keyboard mashing"
        return None

    def off_topic(self, content: Iterable[str], question_id: str, covers_a_point: bool) -> bool:
        """Whether the words belong to another question (or to none) more than to this one.

        An answer that covers one of its own key points is given the benefit of the doubt
        unless it shares almost nothing with its question: short answers in general words
        ("reduce overfitting when there isn't much data") resemble many questions at once.
        """
        unique = set(content)
        weight = sum(self.idf.get(s, 1.0) for s in unique)
        if not weight or question_id not in self._material:
            return False
        shared: defaultdict[str, float] = defaultdict(float)
        for s in unique:
            for qid in self._questions_with.get(s, ()):
                shared[qid] += self.idf[s]
        own = shared[question_id] / weight
        best_other = max((v for q, v in shared.items() if q != question_id), default=0.0) / weight
        if own < ON_TOPIC_FLOOR:
            return True
        return not covers_a_point and own < OTHER_CEILING and best_other >= OTHER_MARGIN * own
