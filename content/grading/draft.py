"""`python -m content.grading.draft`: a first draft of the rubrics, to curate by hand.

For each key point of a schedulable question that its rubric lacks (a new question, or a key
point reworded in content/reviewed/) it takes the words of the
display text that its reviewed answer also uses and its prompt does not (repeating the question
must score nothing), offers each word's or phrase's synonyms from content/grading/lexicon.yaml,
and asks for about half of them. Rubric entries whose key point is unchanged are kept as they
are, entries of key points that are gone are dropped: curate the drafts, lint, then commit.
"""

from __future__ import annotations

import argparse
import math
from collections import Counter
from pathlib import Path

import yaml

from content.bank import Bank, load_bank
from content.grading.rubric import GRADING_DIR, KeyPoint, load_rubrics
from content.grading.words import STOPWORDS, Text, content_stems, phrase_stems
from content.schema import Question

LEXICON = Path(__file__).resolve().parent / "lexicon.yaml"
MOST_CONCEPTS = 6


def _lexicon() -> list[list[str]]:
    return [[str(p) for p in group] for group in yaml.safe_load(LEXICON.read_text("utf-8"))]


def _document_frequency(bank: Bank) -> Counter[str]:
    seen: Counter[str] = Counter()
    for q in bank.questions:
        if q.reviewed:
            seen.update(set(content_stems(q.reviewed.answer + " " + q.prompt)))
    return seen


def draft_point(
    point: str, question: Question, lexicon: list[list[str]], df: Counter[str], total: int
) -> dict[str, object] | None:
    """One key point's rubric entry, or None when no word of it can be graded."""
    assert question.reviewed is not None
    answer, prompt = Text(question.reviewed.answer), Text(question.prompt)
    asked = set(content_stems(question.prompt))
    text = Text(point)
    used: set[int] = set()
    concepts: list[tuple[float, int, list[str]]] = []
    for group in sorted(lexicon, key=lambda g: -max(len(phrase_stems(p)) for p in g)):
        for phrasing in group:
            found = text.find(phrase_stems(phrasing))
            if found is None or used & set(range(found[0], found[1] + 1)):
                continue
            used.update(range(found[0], found[1] + 1))
            stems = phrase_stems(phrasing)
            if set(stems) <= asked:
                break
            surface = point[slice(*text.span(*found))]
            alternatives = [surface] + [p for p in group if p.lower() != surface.lower()]
            alternatives = [p for p in alternatives if prompt.find(phrase_stems(p)) is None]
            if alternatives and any(answer.find(phrase_stems(p)) for p in alternatives):
                rarity = min(math.log(total / (1 + df[s])) for s in stems)
                concepts.append((rarity, found[0], alternatives))
            break
    for i, token in enumerate(text.tokens):
        if i in used or token.stem in STOPWORDS or token.stem in asked:
            continue
        if not (token.stem.isalnum() and len(token.stem) > 1) or any(
            token.stem == c[2][0].lower() for c in concepts
        ):
            continue
        surface = point[token.start : token.end]
        if answer.find((token.stem,)) is None or prompt.find((token.stem,)) is not None:
            continue
        used.add(i)
        concepts.append((math.log(total / (1 + df[token.stem])), i, [surface]))
    concepts = sorted(concepts, key=lambda c: -c[0])[:MOST_CONCEPTS]
    if not concepts:
        return None
    ordered = [alts for _, _, alts in sorted(concepts, key=lambda c: c[1])]
    entry: dict[str, object] = {"point": point, "concepts": ordered}
    needs = max(1, math.ceil(len(ordered) * 0.4))
    if needs != len(ordered):
        entry["needs"] = needs
    return entry


def _flow(items: list[str]) -> str:
    return str(
        yaml.safe_dump(items, default_flow_style=True, allow_unicode=True, width=1000)
    ).strip()


def dump(rubrics: dict[str, list[dict[str, object]]]) -> str:
    """Rubrics as YAML a reviewer can read: one line per concept, point text first."""
    lines: list[str] = []
    for qid in sorted(rubrics):
        lines.append(f"{qid}:")
        for entry in rubrics[qid]:
            point = yaml.safe_dump({"point": entry["point"]}, allow_unicode=True, width=1000)
            lines.append(f"  - {point.strip()}")
            lines.append("    concepts:")
            lines += [f"      - {_flow(c)}" for c in entry["concepts"]]  # type: ignore[attr-defined]
            for key in ("needs", "contradicts"):
                if key in entry:
                    value = entry[key]
                    shown = _flow(value) if isinstance(value, list) else value
                    lines.append(f"    {key}: {shown}")
    return "\n".join(lines) + "\n"


def _entry(key: KeyPoint) -> dict[str, object]:
    entry: dict[str, object] = {"point": key.point, "concepts": key.concepts}
    if key.needs is not None:
        entry["needs"] = key.needs
    if key.contradicts:
        entry["contradicts"] = key.contradicts
    return entry


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    bank = load_bank()
    existing = load_rubrics()
    lexicon = _lexicon()
    df = _document_frequency(bank)
    by_topic: dict[str, dict[str, list[dict[str, object]]]] = {}
    drafted = skipped = 0
    for q in bank.questions:
        if not q.schedulable or q.reviewed is None:
            continue
        kept = {k.point: _entry(k) for k in existing.get(q.id, [])}
        if list(kept) == q.reviewed.key_points:
            continue
        entries = []
        for point in q.reviewed.key_points:
            entry = kept.get(point) or draft_point(point, q, lexicon, df, len(bank))
            if entry is None:
                skipped += 1
                print(f"{q.id}: no gradable word in {point!r}")
                continue
            drafted += point not in kept
            entries.append(entry)
        by_topic.setdefault(q.topic, {})[q.id] = entries
    for topic, rubrics in by_topic.items():
        path = GRADING_DIR / f"{topic}.yaml"
        old = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
        path.write_text(dump({**(old or {}), **rubrics}), encoding="utf-8")
        print(f"{path}: {len(rubrics)} rubrics redrafted")
    print(f"{drafted} key points drafted, {skipped} left to write by hand")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
