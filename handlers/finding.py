"""`/coach drill <words>`: practise the question the words are about, or choose among three."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from content.schema import Question
from content.search import Hit, clearly_ahead
from handlers.text import quote

CHOICES = 3
DEPTH = 20
"""How many hits are read before the ones practice cannot use (a missing figure) are dropped."""

Search = Callable[[str, int], list[Hit]]


@dataclass(frozen=True)
class Found:
    """What a drill by words found: one question to start, or the best few to choose from."""

    question: Question | None
    choices: tuple[Hit, ...] = ()


def find(search: Search, lookup: Callable[[str], Question | None], text: str) -> Found:
    """The question a person asked for by its id or by words about it."""
    exact = lookup(text.strip())
    if exact is not None and exact.schedulable:
        return Found(exact)
    hits = [hit for hit in search(text, DEPTH) if hit.question.schedulable]
    if clearly_ahead(hits):
        return Found(hits[0].question)
    return Found(None, tuple(hits[:CHOICES]))


def choices_text(text: str, hits: Sequence[Hit]) -> str:
    """The reply when no match is clearly ahead: the best few, each with how to pick it."""
    if not hits:
        return (
            f"No question matches “{quote(text)}”. Try other words, or `/coach drill` for any"
            " question."
        )
    lines = [f"Several questions match “{quote(text)}”:"]
    for n, hit in enumerate(hits, start=1):
        prompt = " ".join(hit.question.prompt.split())
        lines.append(f"{n}. `{hit.question.id}`: {quote(prompt, 100)}")
    lines.append("Practise one with `/coach drill <id>`, or add words to narrow it down.")
    return "\n".join(lines)
