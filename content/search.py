"""Full-text search over questions: SQLite FTS5 (through sqlite-utils), BM25, Porter stemming.

One index answers `python -m content search`, `/coach drill <words>` and the question packs.
It lives in memory and is built when a bank is loaded (a few milliseconds for the whole bank):
nothing on disk can drift from the YAML. Each row belongs to a collection (the built-in bank,
or one pack), so a search sees only the collections it is given.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import NamedTuple

import sqlite_utils
import yaml

from content.schema import Question

SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms.yaml"
TABLE = "questions"
COLUMNS = ("prompt", "wording", "reviewed", "key_points")
WEIGHTS = (10.0, 4.0, 1.0, 0.5)
"""BM25 column weights, in the issue's order: the prompt, then every source's own wording, the
reviewed answer, the key points."""
TOKENIZE = "porter unicode61 remove_diacritics 2"
CLEAR_LEAD = 1.3
"""The best match is clearly ahead when its score is at least this many times the second's."""
BUILTIN = "builtin"
MAX_WORDS = 40
"""Words of a query that count: a pasted essay costs one FTS5 lookup per word, not thousands."""

_TOKEN = re.compile(r"[^\W_]+")
_STOPWORDS = frozenset(
    "a an and are as at be by can do does for from how i in is it its me of on or so that the "
    "this to was we what when which who why with you your".split()
)
"""Dropped from queries only: in nearly every prompt, they add nothing but noise to BM25."""


class Hit(NamedTuple):
    """A question that matched, with its BM25 score (higher is better)."""

    question: Question
    score: float


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, split as FTS5's unicode61 tokenizer splits them."""
    return _TOKEN.findall(text.lower())


@cache
def synonym_groups(path: Path = SYNONYMS_FILE) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """The reviewed synonym and abbreviation groups, each phrase as its tokens."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        tuple(tuple(tokens(phrase)) for phrase in group) for group in data["groups"] if group
    )


def _find(words: Sequence[str], phrase: Sequence[str]) -> int:
    """Where the phrase starts in the words, or -1."""
    n = len(phrase)
    for i in range(len(words) - n + 1):
        if tuple(words[i : i + n]) == tuple(phrase):
            return i
    return -1


Stem = Callable[[Sequence[str]], list[str]]


def concepts(
    text: str, stem: Stem, groups: Iterable[tuple[tuple[str, ...], ...]] | None = None
) -> list[tuple[str, ...]]:
    """What the query asks for: each is a set of phrases, any of which a question may use.

    A word the query shares with a synonym group goes into that group's concept (the query
    "LR warmup" is {lr, learning rate} and {warmup}); every other word is its own concept.
    Phrases are compared by their stems, so "recurrent neural networks" finds the group of
    "recurrent neural network".
    """
    words = tokens(text)[:MAX_WORDS]
    stems = stem(words)
    matches: list[tuple[int, int, tuple[tuple[str, ...], ...]]] = []
    for group in synonym_groups() if groups is None else groups:
        spans = [(len(p), _find(stems, stem(p))) for p in group]
        longest = max(((n, start) for n, start in spans if start >= 0), default=None)
        if longest is not None:
            matches.append((longest[0], longest[1], group))
    # Longest match first: "recurrent neural networks" is the RNN group, not also the NN one.
    absorbed: set[int] = set()
    found: list[tuple[str, ...]] = []
    for length, start, group in sorted(matches, key=lambda m: (-m[0], m[1])):
        span = set(range(start, start + length))
        if span <= absorbed:
            continue
        absorbed |= span
        found.append(tuple(" ".join(phrase) for phrase in group))
    own = [(w,) for i, w in enumerate(words) if i not in absorbed and w not in _STOPWORDS]
    return list(dict.fromkeys(own + found))


class PorterStems:
    """Stems words with the index's own tokenizer (an FTS5 table and its fts5vocab view)."""

    CACHE = 20_000

    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db
        db.execute(f"CREATE VIRTUAL TABLE scratch USING fts5(word, tokenize={TOKENIZE!r})")
        db.execute("CREATE VIRTUAL TABLE scratch_terms USING fts5vocab(scratch, instance)")
        self._known: dict[str, str] = {}

    def __call__(self, words: Sequence[str]) -> list[str]:
        new = sorted(set(words) - self._known.keys())
        if new:
            if len(self._known) + len(new) > self.CACHE:
                self._known.clear()
            self._db.conn.executemany(
                "INSERT INTO scratch(rowid, word) VALUES (?, ?)", enumerate(new)
            )
            terms: dict[int, list[str]] = {}
            for doc, term in self._db.execute(
                "SELECT doc, term FROM scratch_terms ORDER BY doc, offset"
            ):
                terms.setdefault(doc, []).append(term)
            self._db.execute("DELETE FROM scratch")
            self._known.update((word, " ".join(terms.get(i, [word]))) for i, word in enumerate(new))
        return [self._known[word] for word in words]


def _row(question: Question, collection: str) -> dict[str, str]:
    reviewed = question.reviewed
    return {
        "qid": question.id,
        "collection": collection,
        "prompt": question.prompt,
        "wording": "\n".join(ref.question for ref in question.sources),
        "reviewed": reviewed.answer if reviewed else "",
        "key_points": "\n".join(reviewed.key_points) if reviewed else "",
    }


class SearchIndex:
    """An in-memory FTS5 index of questions, by collection."""

    def __init__(self) -> None:
        # One connection, shared by the event loop and any worker thread, behind a lock.
        self._lock = threading.Lock()
        self._db = sqlite_utils.Database(sqlite3.connect(":memory:", check_same_thread=False))
        table = self._db.table(TABLE)
        table.create(
            {"qid": str, "collection": str, **{c: str for c in COLUMNS}},
            pk=("collection", "qid"),
        )
        table.enable_fts(
            COLUMNS, tokenize="porter unicode61 remove_diacritics 2", create_triggers=True
        )
        fts = f"{TABLE}_fts"
        # FTS5's persistent rank setting: `rank` (what sqlite-utils orders by) is weighted bm25.
        self._db.execute(
            f"INSERT INTO {fts}({fts}, rank) VALUES ('rank', ?)",
            [f"bm25({', '.join(str(w) for w in WEIGHTS)})"],
        )
        self._table = table
        self._stem = PorterStems(self._db)
        self._questions: dict[tuple[str, str], Question] = {}

    @classmethod
    def of(cls, questions: Iterable[Question], collection: str = BUILTIN) -> SearchIndex:
        index = cls()
        index.add(questions, collection)
        return index

    def add(self, questions: Iterable[Question], collection: str) -> None:
        """Index a collection's questions, replacing what that collection had."""
        questions = list(questions)
        with self._lock:
            self._drop(collection)
            self._table.insert_all(_row(q, collection) for q in questions)
            self._questions.update(((collection, q.id), q) for q in questions)

    def drop(self, collection: str) -> None:
        with self._lock:
            self._drop(collection)

    def _drop(self, collection: str) -> None:
        self._table.delete_where("collection = ?", [collection])
        for key in [k for k in self._questions if k[0] == collection]:
            del self._questions[key]

    def __len__(self) -> int:
        return len(self._questions)

    def search(
        self, text: str, limit: int = 10, collections: Collection[str] | None = None
    ) -> list[Hit]:
        """The best matches for the text, best first; only in the given collections if any."""
        if collections is not None and not collections:
            return []
        with self._lock:
            wanted = concepts(text, self._stem)
            total = len(self._questions)
            scores = {p: self._phrase_scores(p) for c in wanted for p in c}
        totals: dict[tuple[str, str], float] = {}
        for concept in wanted:
            for key, score in _concept_scores(concept, scores, total).items():
                totals[key] = totals.get(key, 0.0) + score
        ranked = sorted(
            (item for item in totals.items() if collections is None or item[0][0] in collections),
            key=lambda item: (-item[1], item[0][1], item[0][0]),
        )
        return [Hit(self._questions[key], score) for key, score in ranked[:limit]]

    def _phrase_scores(self, phrase: str) -> dict[tuple[str, str], float]:
        """Each matching question's weighted BM25 for one phrase (FTS5's rank, negated)."""
        rows = self._table.search(f'"{phrase}"', columns=["qid", "collection"], include_rank=True)
        return {(row["collection"], row["qid"]): -row["rank"] for row in rows}


def _idf(total: int, matching: int) -> float:
    """FTS5's BM25 inverse document frequency, floored as FTS5 floors it."""
    return max(1e-6, math.log((total - matching + 0.5) / (matching + 0.5)))


def _concept_scores(
    concept: tuple[str, ...], scores: dict[str, dict[tuple[str, str], float]], total: int
) -> dict[tuple[str, str], float]:
    """A concept's score per question: its best phrase, as if the concept were one term.

    FTS5 scores each phrase with that phrase's own IDF, so a rare spelling ("batchnorm2d")
    would outweigh the common one and a question using three spellings would count three
    times. Rescaling each phrase's BM25 to the IDF of the whole concept (the questions that
    use any of its phrases) and keeping the best phrase scores the concept as one term.
    """
    matching = set().union(*(scores[phrase] for phrase in concept))
    concept_idf = _idf(total, len(matching))
    best: dict[tuple[str, str], float] = {}
    for phrase in concept:
        found = scores[phrase]
        if not found:
            continue
        scale = concept_idf / _idf(total, len(found))
        for key, score in found.items():
            best[key] = max(best.get(key, 0.0), score * scale)
    return best


def clearly_ahead(hits: Sequence[Hit]) -> bool:
    """Whether the best hit leads the second by CLEAR_LEAD (a lone hit always leads)."""
    if not hits:
        return False
    return len(hits) == 1 or hits[0].score >= CLEAR_LEAD * hits[1].score
