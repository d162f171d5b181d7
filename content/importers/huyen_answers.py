"""Importer of the answers to the book's chapters 8.2 and 8.3, with its [E]/[M]/[H] tags.

The document is the book's nested question list (see huyen_questions) with a difficulty tag on
every question and the answer as indented lines under it; its whole text was decoded with the
wrong codec, which the reader repairs.
"""

from __future__ import annotations

from content.importers.base import RawItem
from content.importers.huyen_questions import items_from_outline

SOURCE = "huyen-answers"


def parse(text: str) -> list[RawItem]:
    """One raw item per leaf question of the answers document, in document order."""
    return items_from_outline(SOURCE, text)
