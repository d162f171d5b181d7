"""Text repairs and extractions shared by the importers (pure functions)."""

from __future__ import annotations

import re

import ftfy

from content.fences import is_fence
from content.html import strip_html, tags

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


# A run of characters that Mac Roman maps to bytes >= 0x80 (its upper half, plus the Apple logo
# U+F8FF that ftfy does not treat as mojibake, e.g. "\uf8ffüå≥" for a UTF-8 emoji).
_MAC_ROMAN_RUN = re.compile(
    "[" + "".join(re.escape(bytes([b]).decode("mac_roman")) for b in range(0x80, 0x100)) + "]{2,}"
)


def repair_mac_roman_runs(text: str) -> str:
    """Re-decode leftover runs of UTF-8 bytes read as Mac Roman that ftfy leaves alone."""

    def redecode(match: re.Match[str]) -> str:
        run = match.group(0)
        try:
            return run.encode("mac_roman").decode("utf-8")
        except UnicodeDecodeError:
            return run

    return _MAC_ROMAN_RUN.sub(redecode, text)


_HEADING_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")


def strip_heading_number(title: str) -> str:
    """A heading's title without its printed number ("8.2.1 Vision" -> "Vision")."""
    return _HEADING_NUMBER.sub("", title.strip()).strip()


# Layout-only HTML that sources wrap around figures and line breaks; the images are kept apart.
_HTML_DEBRIS = tags("center", "br", "img")


def strip_html_debris(text: str) -> str:
    """Text without layout HTML (<center>, <br>, <img>); find_images records the images first."""
    return strip_html(text, _HTML_DEBRIS, links=False)


_LIST_MARKER = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s")


def fence_indented_code(text: str) -> str:
    """Indented code blocks as fenced ones (chat platforms render only fences), dedented."""
    lines = text.splitlines()
    out: list[str] = []
    in_fence = False
    previous = ""  # the last non-blank line written
    i = 0
    while i < len(lines):
        line = lines[i]
        if is_fence(line):
            in_fence = not in_fence
        starts_block = (
            not in_fence
            and line.startswith("    ")
            and line.strip()
            and (not out or not out[-1].strip())
            and not _LIST_MARKER.match(previous)
        )
        if not starts_block:
            out.append(line)
            previous = line if line.strip() else previous
            i += 1
            continue
        end = i
        while end < len(lines) and (lines[end].startswith("    ") or not lines[end].strip()):
            end += 1
        block = lines[i:end]
        while block and not block[-1].strip():
            block.pop()
        width = min(len(b) - len(b.lstrip(" ")) for b in block if b.strip())
        out += ["```", *(b[width:].rstrip() for b in block), "```"]
        previous = "```"
        i += len(block)
    return "\n".join(out)


# Phrases by which a question points at a figure it does not show ("this dataset").
_UNSEEN_FIGURE = re.compile(
    r"\b(?:the following|this|these|the above|the below)\s+(?:dataset|data set|graph|"
    r"directed graph|figure|plot|image|diagram|picture)s?\b|\b(?:shown|pictured) below\b",
    re.IGNORECASE,
)


def mentions_unseen_figure(text: str) -> bool:
    """Whether the text points at a figure ("the following dataset", "this graph")."""
    return bool(_UNSEEN_FIGURE.search(text))


# Emphasis whose closing marker has a space before it ("**Step 1: **Then", "*Causes: *") or
# whose bold markers pad the words ("** Leaky ReLU **is"): markdown renders the stars literally.
_SPACE_BEFORE_CLOSER = re.compile(r"(?<![*\w])(\*\*?)(\S[^*\n]*?)[ \t]+\1(?=\w|[ \t]*$)", re.M)
_PADDED_BOLD = re.compile(r"(?<![*\w])\*\*[ \t]+([^*\n]*?\S)[ \t]*\*\*(?=\w|[ \t]*$)", re.M)


def tidy_emphasis(text: str) -> str:
    """Emphasis with spaces inside its markers, repaired so markdown renders it (not in code)."""

    def closed(marker: str, inner: str, match: re.Match[str]) -> str:
        follows = match.string[match.end() : match.end() + 1]
        return f"{marker}{inner}{marker}" + (" " if follows.isalnum() else "")

    def repair(chunk: str) -> str:
        chunk = _SPACE_BEFORE_CLOSER.sub(lambda m: closed(m.group(1), m.group(2), m), chunk)
        return _PADDED_BOLD.sub(lambda m: closed("**", m.group(1), m), chunk)

    parts = re.split(r"(^ {0,3}```.*?^ {0,3}```[^\n]*$)", text, flags=re.M | re.S)
    return "".join(part if index % 2 else repair(part) for index, part in enumerate(parts))


# Like _URL, but a URL may hold balanced parentheses ("wiki/Pruning_(artificial_neural_network)").
_URL_WITH_PARENS = re.compile(r"https?://(?:[^\s()<>\[\]\"']|\([^\s()<>]*\))+")


def find_links_keeping_parens(text: str) -> tuple[str, ...]:
    """URLs in the text as find_links gives them, except that balanced parentheses stay inside."""
    seen: dict[str, None] = {}
    for match in _URL_WITH_PARENS.finditer(text):
        seen.setdefault(match.group(0).rstrip(".,;:"), None)
    return tuple(seen)
