"""The one HTML stripper, shared by the importers and the renderer.

Sources wrap figures in tables, links in anchors and lines in layout tags. Stripping keeps the
words: a figure table goes whole, an anchor becomes a markdown link (or its words when it has no
target), `<br>` a line break where the caller keeps them, and the named tags vanish.
"""

from __future__ import annotations

import re

ANY_TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
IMAGE_TABLE = re.compile(r"<table\b(?:(?!</table>).){0,20000}?<img\b.*?</table>", re.I | re.S)
"""A table holding a figure (a layout table around an image)."""
_ANCHOR = re.compile(
    r"<a\b[^>]*?href\s*=\s*[\"'](?P<href>[^\"']*)[\"'][^>]*>(?P<text>.*?)</a>", re.S | re.I
)
IMAGE_TAG = re.compile(r"<img\b[^>]*>", re.I)
_BREAK = re.compile(r"<br\s*/?>", re.I)


def tags(*names: str) -> re.Pattern[str]:
    """The opening and closing tags of these elements, with their attributes."""
    return re.compile(rf"</?(?:{'|'.join(names)})\b[^<>]{{0,2000}}>", re.I)


def _anchor(match: re.Match[str]) -> str:
    words = " ".join(match.group("text").split()).rstrip("” ").strip()
    href = match.group("href").strip()
    return f"[{words}]({href})" if href else words


def strip_html(
    text: str,
    drop: re.Pattern[str],
    tables: re.Pattern[str] | None = None,
    links: bool = True,
    breaks: bool = False,
) -> str:
    """Text without the `drop` tags and the `tables`; anchors as markdown links when `links`,
    `<br>` as a newline when `breaks` (else it is dropped only if `drop` names it)."""
    if tables is not None:
        text = tables.sub("", text)
    if links:
        text = _ANCHOR.sub(_anchor, text)
    if breaks:
        text = _BREAK.sub("\n", text)
    return drop.sub("", text)
