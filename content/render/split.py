"""Rendered text cut into messages within a platform's limit, never breaking a code fence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from content.render.blocks import Block, blocks, fence_marker

MIN_SPLIT_LIMIT = 20
_FENCE_START = ("```", "~~~")
# a line inside a code block that some renderers (Discord) would take for its end
_FENCE_LIKE_LINE = re.compile(r"^( {0,3}[`~])(?=``|~~)", re.MULTILINE)


@dataclass(frozen=True)
class _Part:
    """A piece of a message that fits the limit, and the whitespace that preceded it."""

    text: str
    separator: str


def split_message(text: str, limit: int) -> list[str]:
    """Chunks of at most limit characters, cut at paragraphs, lines, then words; fences closed."""
    if limit < MIN_SPLIT_LIMIT:
        raise ValueError(f"limit must be at least {MIN_SPLIT_LIMIT}, got {limit}")
    parts_of = blocks(text)
    if len(text) <= limit and not any(block.fence for block in parts_of):
        return [text] if text.strip() else []
    parts: list[_Part] = []
    for block in parts_of:
        if block.fence:
            parts += _code_parts(block, limit)
        else:
            parts += _prose_parts(block.body, limit)
    return _pack(parts, limit)


def _pack(parts: list[_Part], limit: int) -> list[str]:
    """Greedily fill chunks with consecutive parts."""
    chunks: list[str] = []
    current = ""
    for part in parts:
        joined = current + part.separator + part.text if current else part.text
        if len(joined) <= limit:
            current = joined
        else:
            chunks.append(current)
            current = part.text
    chunks.append(current)
    return [chunk.strip("\n") for chunk in chunks if chunk.strip()]


def _prose_parts(prose: str, limit: int) -> list[_Part]:
    """Paragraphs, or lines, words and finally slices of a paragraph too long for one chunk."""
    parts: list[_Part] = []
    for paragraph in re.split(r"\n[ \t]*\n", prose.strip("\n")):
        if len(paragraph) <= limit:
            parts.append(_Part(paragraph, "\n\n"))
            continue
        for index, line in enumerate(paragraph.split("\n")):
            separator = "\n\n" if index == 0 else "\n"
            parts += _line_parts(line, limit, separator)
    if parts:
        parts[0] = _Part(parts[0].text, "\n")
    return parts


def _line_parts(line: str, limit: int, separator: str) -> list[_Part]:
    """A line as one part, or cut at spaces, slicing words longer than the limit."""
    if len(line) <= limit:
        return [_Part(line, separator)]
    # "```x`" is prose only while its last backtick stays on the line; a cut would open a fence
    line = _FENCE_LIKE_LINE.sub("\\1\u200b", line)
    parts: list[_Part] = []
    for word in _words(line):
        for index, piece in enumerate(_slices(word, limit)):
            parts.append(_Part(piece, (separator if not parts else " ") if index == 0 else ""))
    return parts


def _words(line: str) -> list[str]:
    """Space-separated words, never starting one with a fence marker (it would open a block)."""
    words: list[str] = []
    for word in line.split(" "):
        if words and (word.startswith(_FENCE_START) or not word):
            words[-1] += " " + word
        else:
            words.append(word)
    return words


def _slices(text: str, size: int) -> list[str]:
    """Consecutive slices of at most size characters, none starting with a fence marker."""
    slices: list[str] = []
    while len(text) > size:
        cut = size
        while cut > 1 and text[cut:].lstrip(" ").startswith(_FENCE_START):
            cut -= 1
        if cut == 1:  # nothing but fence characters: defuse the rest with a zero-width space
            cut, text = size, text[:size] + "\u200b" + text[size:]
        slices.append(text[:cut])
        text = text[cut:]
    return slices + [text]


def _code_parts(block: Block, limit: int) -> list[_Part]:
    """A fenced block whole, or several closed and reopened fences holding its lines."""
    opener, closer = block.fence, fence_marker(block.fence)
    body = _FENCE_LIKE_LINE.sub("\\1\u200b", block.body)
    if limit - len(opener) - len(closer) - 2 < MIN_SPLIT_LIMIT // 4:
        # an absurdly long fence line: keep it, defused, as the first code line instead
        body = _FENCE_LIKE_LINE.sub("\\1\u200b", opener) + "\n" + body
        opener = closer = "```"
    whole = f"{opener}\n{body}\n{closer}"
    if len(whole) <= limit:
        return [_Part(whole, "\n")]
    budget = limit - len(opener) - len(closer) - 2
    groups: list[str] = []
    for line in body.split("\n"):
        for piece in _slices(line, budget):
            if groups and len(groups[-1]) + 1 + len(piece) <= budget:
                groups[-1] += "\n" + piece
            else:
                groups.append(piece)
    return [_Part(f"{opener}\n{group}\n{closer}", "\n") for group in groups]
