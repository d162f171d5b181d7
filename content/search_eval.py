"""`python -m content search-eval`: top-1 and top-3 hit rates of search on the labelled queries."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from content.bank import Bank
from content.search import SearchIndex, clearly_ahead

QUERIES_FILE = Path(__file__).resolve().parents[1] / "tests" / "content" / "search_queries.yaml"
TARGET_TOP1 = 0.80
TARGET_TOP3 = 0.95


@dataclass(frozen=True)
class Labelled:
    text: str
    kind: str
    want: tuple[str, ...]


@dataclass
class Scores:
    """What the labelled set measured."""

    build_ms: float
    total: int
    top1: int
    top3: int
    per_kind: dict[str, tuple[int, int, int]]
    """kind -> (queries, top-1 hits, top-3 hits)."""
    clear: int
    """Queries whose best match was clearly ahead (a drill by words starts it at once)."""
    clear_right: int
    misses: list[tuple[Labelled, list[str]]]

    @property
    def meets_targets(self) -> bool:
        return self.top1 >= TARGET_TOP1 * self.total and self.top3 >= TARGET_TOP3 * self.total


def load_queries(path: Path = QUERIES_FILE) -> list[Labelled]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Labelled(item["q"], item["kind"], tuple(item["want"])) for item in data["queries"]]


def evaluate(bank: Bank, queries: list[Labelled]) -> Scores:
    """Build the index as the bot does, then rank every labelled query."""
    started = time.perf_counter()
    index = SearchIndex.of(bank.questions)
    build_ms = (time.perf_counter() - started) * 1000
    counts: Counter[tuple[str, str]] = Counter()
    top1 = top3 = clear = clear_right = 0
    misses: list[tuple[Labelled, list[str]]] = []
    for labelled in queries:
        hits = index.search(labelled.text, limit=3)
        ids = [hit.question.id for hit in hits]
        first = bool(ids) and ids[0] in labelled.want
        any3 = any(qid in labelled.want for qid in ids)
        top1 += first
        top3 += any3
        counts[(labelled.kind, "n")] += 1
        counts[(labelled.kind, "1")] += first
        counts[(labelled.kind, "3")] += any3
        if clearly_ahead(hits):
            clear += 1
            clear_right += first
        if not first:
            misses.append((labelled, ids))
    kinds = sorted({kind for kind, _ in counts})
    per_kind = {k: (counts[(k, "n")], counts[(k, "1")], counts[(k, "3")]) for k in kinds}
    return Scores(build_ms, len(queries), top1, top3, per_kind, clear, clear_right, misses)


def report(scores: Scores, index_size: int) -> str:
    def rate(hits: int, total: int) -> str:
        return f"{hits}/{total} = {100 * hits / total:.1f}%" if total else "0/0"

    lines = [
        f"index of {index_size} questions built in {scores.build_ms:.1f} ms",
        f"{scores.total} labelled queries",
        f"top-1 hit rate: {rate(scores.top1, scores.total)} (target {TARGET_TOP1:.0%})",
        f"top-3 hit rate: {rate(scores.top3, scores.total)} (target {TARGET_TOP3:.0%})",
    ]
    for kind, (n, one, three) in scores.per_kind.items():
        lines.append(f"  {kind:13} {n:3} queries  top-1 {rate(one, n):16} top-3 {rate(three, n)}")
    lines.append(
        f"best match clearly ahead in {scores.clear} queries, right in {scores.clear_right}"
        " (the others get the top three to choose from)"
    )
    for labelled, ids in scores.misses:
        lines.append(f"  not first: {labelled.text!r} -> {', '.join(ids) or 'nothing'}")
    lines.append("targets met" if scores.meets_targets else "TARGETS NOT MET")
    return "\n".join(lines)
