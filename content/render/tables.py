"""Markdown tables as aligned monospace text: Discord and Slack show raw pipes otherwise."""

from __future__ import annotations

import re
import unicodedata

from content.render.latex import latex_to_unicode

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MATH = re.compile(r"\$([^$\n]{1,500})\$")
_LINK = re.compile(r"!?\[([^\[\]\n]{0,200})\]\([^()\s]{1,500}\)")
_MARKS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`")
MAX_ROWS = 60


def _is_row(line: str) -> bool:
    return "|" in line and bool(line.strip())


def split_tables(prose: str) -> list[tuple[str, bool]]:
    """The prose as (text, is_table) runs; a table is a header row, a --- row and its body."""
    lines = prose.split("\n")
    runs: list[tuple[str, bool]] = []
    current: list[str] = []
    i = 0
    while i < len(lines):
        if _is_row(lines[i]) and i + 1 < len(lines) and _SEPARATOR.match(lines[i + 1]):
            end = i + 2
            while end < len(lines) and _is_row(lines[end]) and end - i < MAX_ROWS:
                end += 1
            if current:
                runs.append(("\n".join(current), False))
                current = []
            runs.append(("\n".join(lines[i:end]), True))
            i = end
            continue
        current.append(lines[i])
        i += 1
    if current:
        runs.append(("\n".join(current), False))
    return runs


def _cells(row: str) -> list[str]:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [_plain(cell) for cell in re.split(r"(?<!\\)\|", row)]


def _plain(cell: str) -> str:
    """A cell's text without markdown marks, its math as Unicode."""
    cell = _MATH.sub(lambda m: latex_to_unicode(m.group(1)), cell.strip())
    cell = _LINK.sub(lambda m: m.group(1), cell)
    return _MARKS.sub("", cell).replace("\\|", "|").strip()


def _width(text: str) -> int:
    """Columns a monospace font gives the text (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def monospace(table: str) -> str:
    """The table as aligned columns with a rule under the header."""
    rows = [line for line in table.split("\n") if not _SEPARATOR.match(line)]
    cells = [_cells(row) for row in rows]
    columns = max(len(row) for row in cells)
    cells = [row + [""] * (columns - len(row)) for row in cells]
    widths = [max(_width(row[c]) for row in cells) for c in range(columns)]

    def line(row: list[str]) -> str:
        padded = [cell + " " * (widths[c] - _width(cell)) for c, cell in enumerate(row)]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])
