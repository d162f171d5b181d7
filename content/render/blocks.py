"""Markdown as a run of prose and fenced code blocks: what rendering and splitting both walk."""

from __future__ import annotations

import re
from dataclasses import dataclass

from content.fences import fence_line

_LANGUAGE = re.compile(r"[^\s`]*")


def opens_fence(line: str) -> bool:
    """A CommonMark fence opening: its info string holds no backtick."""
    match = fence_line(line)
    return match is not None and "`" not in match.group("info")


@dataclass(frozen=True)
class Block:
    """A run of prose (fence == "") or a fenced code block with its opening line."""

    fence: str
    body: str

    @property
    def language(self) -> str:
        """The info string's language tag."""
        match = fence_line(self.fence)
        info = match.group("info").lstrip(" \t") if match else ""
        language = _LANGUAGE.match(info)
        return language.group(0) if language else ""


def blocks(text: str) -> list[Block]:
    """Split markdown into prose and fenced code blocks; an unclosed fence runs to the end."""
    found: list[Block] = []
    prose: list[str] = []
    code: list[str] | None = None
    fence = ""
    for line in text.split("\n"):
        if code is None:
            if opens_fence(line):
                found.append(Block("", "\n".join(prose)))
                prose, code, fence = [], [], line.strip()
            else:
                prose.append(line)
        elif closes(line, fence):
            found.append(Block(fence, "\n".join(code)))
            code = None
        else:
            code.append(line)
    if code is not None:
        found.append(Block(fence, "\n".join(code)))
    found.append(Block("", "\n".join(prose)))
    return [b for b in found if b.fence or b.body.strip()]


def fence_marker(fence: str) -> str:
    """The run of backticks or tildes that opens a fence line."""
    match = re.match(r"`+|~+", fence.strip())
    return match.group(0) if match else "```"


def closes(line: str, fence: str) -> bool:
    """True when line closes the code block opened by fence."""
    marker = fence_marker(fence)
    stripped = line.strip()
    return stripped.startswith(marker) and not stripped.strip(marker[0])
