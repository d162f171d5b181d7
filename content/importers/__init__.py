"""One importer per source document format; `import_all` runs them over content/sources/."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from content.importers.base import RawItem

SOURCES_DIR = Path(__file__).resolve().parent.parent / "sources"


@dataclass(frozen=True)
class Source:
    id: str
    filename: str
    module: str
    title: str

    def parse(self, text: str) -> list[RawItem]:
        """Run this source's importer over the document's text."""
        parser = importlib.import_module(f"content.importers.{self.module}").parse
        return list(parser(text))


# The order is the order of preference for a merged question's wording (the book's own first).
SOURCES: tuple[Source, ...] = (
    Source(
        "huyen-answers",
        "000_d528cd462536b245.txt",
        "huyen_answers",
        "Answers to Machine Learning Interviews 8.2 and 8.3, with the book's difficulty tags",
    ),
    Source(
        "huyen-questions",
        "003_fedec0539654e358.txt",
        "huyen_questions",
        "Machine Learning Interviews: deep-learning question list",
    ),
    Source(
        "author-answers",
        "001_22356c8fbe9f935f.txt",
        "author_answers",
        "One author's answers to Machine Learning Interviews 8.1.2, 8.2.1, 8.2.2 and 8.3",
    ),
    Source(
        "blog-8-3",
        "004_15b04a8086c7324c.txt",
        "blog_answers",
        "A blog post answering Machine Learning Interviews 8.3",
    ),
    Source(
        "ds-neural-networks",
        "002_72115eea7524bf0b.txt",
        "ds_neural_networks",
        "Data Science Interview Questions And Answers: Neural Networks",
    ),
)
SOURCE_RANK = {s.id: i for i, s in enumerate(SOURCES)}


def read_source(source: Source, directory: Path = SOURCES_DIR) -> str:
    """The document's text as stored (bytes decoded as UTF-8; repairs are the importer's job)."""
    return (directory / source.filename).read_text(encoding="utf-8")


def import_all(directory: Path = SOURCES_DIR) -> list[RawItem]:
    """Every leaf question of every source, in source order then document order."""
    items: list[RawItem] = []
    for source in SOURCES:
        items.extend(source.parse(read_source(source, directory)))
    return items
