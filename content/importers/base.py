"""What every importer returns: raw items, one per leaf question of a source document."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RawItem:
    """One leaf question as a source document states it, before merging."""

    source: str
    """Source id (see content/sources/README.md), e.g. "huyen-answers"."""

    section: tuple[str, ...]
    """Headers and group labels above the question, outermost first, cleaned (no numbering)."""

    question: str
    """The leaf question's own words, cleaned markdown (to find the same question elsewhere)."""

    prompt: str
    """The self-contained prompt to post: `question` plus any context it needs (a parent stem
    such as "Given 5 documents: D1 ... D5", a code listing), as markdown."""

    answer: str = ""
    """The source's answer as markdown; "" when the source gives none."""

    difficulty: str | None = None
    """"easy" / "medium" / "hard" when the source tags the question, else None."""

    links: tuple[str, ...] = ()
    """URLs referenced by the question or its answer."""

    images: tuple[str, ...] = ()
    """Images the question or answer refers to (files this project does not have)."""

    line: int = 0
    """1-based line of the source file where the question starts (for audit, never identity)."""
