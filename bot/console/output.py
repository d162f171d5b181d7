"""How the terminal shows what the core says: plain text, private lines marked."""

from __future__ import annotations

import re
from typing import TextIO

from handlers.types import Post, Reply

_BOLD = re.compile(r"(?<!\\)\*\*(.+?)(?<!\\)\*\*")
_ESCAPED = re.compile(r"\\([\\*_`~|>\[\]()#])")


def to_text(markdown: str) -> str:
    """Neutral markdown as terminal text (content.render when it is available)."""
    try:
        from content.render import render  # type: ignore[attr-defined]
    except ImportError:
        render = None
    if render is not None:
        return str(render(markdown, "text"))
    return _ESCAPED.sub(r"\1", _BOLD.sub(r"\1", markdown))


class Printer:
    """Writes posts and replies to a stream."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def line(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def post(self, post: Post, when: str) -> None:
        heading = post.title or post.kind
        self.line(f"── {heading} · {when} ──")
        self.line(to_text(post.text))
        if post.buttons:
            self.line("(type your answer; /coach reveal, /coach help)")
        self.line()

    def reply(self, reply: Reply) -> None:
        text = to_text(reply.text)
        if reply.ephemeral:
            text = f"(only you) {text}"
        self.line(text)
        self.line()
