"""Text repairs and extractions shared by the importers (pure functions)."""

from __future__ import annotations

import re

import ftfy

_URL = re.compile(r"https?://[^\s)\]>\"']+")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)[^)]*\)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)[\"'][^>]*>", re.IGNORECASE)
# "activa- tion" / "activa-\ntion": a PDF line break inside a word. A real hyphenated compound
# keeps no space after its hyphen ("state-of-the-art"), so only hyphen+space+lowercase joins.
_PDF_HYPHEN = re.compile(r"(?<=[a-z])-(?: |\n\s*)(?=[a-z]{2,})(?!and\b|or\b)")


def repair_encoding(text: str) -> str:
    """Undo text decoded with the wrong codec (e.g. UTF-8 read as Mac Roman: ‚Äô -> ’)."""
    return ftfy.fix_text(text, normalization="NFC")


def dehyphenate(text: str) -> str:
    """Join words split by PDF hyphenation ("activa- tion" -> "activation")."""
    return _PDF_HYPHEN.sub("", text)


def find_links(text: str) -> tuple[str, ...]:
    """URLs in the text, in order of first appearance, without duplicates."""
    seen: dict[str, None] = {}
    for match in _URL.finditer(text):
        seen.setdefault(match.group(0).rstrip(".,;:"), None)
    return tuple(seen)


def find_images(text: str) -> tuple[str, ...]:
    """Image references (markdown or HTML) in the text, in order, without duplicates."""
    found = [m.group(1) for m in _MD_IMAGE.finditer(text)]
    found += [m.group(1) for m in _HTML_IMAGE.finditer(text)]
    return tuple(dict.fromkeys(found))


def squeeze_blank_lines(text: str) -> str:
    """Trim trailing spaces and collapse runs of blank lines into one."""
    lines = [line.rstrip() for line in text.strip("\n").splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
