"""How the terminal shows what the core says: plain text, private lines marked."""

from __future__ import annotations

from typing import TextIO

from content.render import render
from handlers.types import Post, Reply


def to_text(markdown: str) -> str:
    """Neutral markdown as terminal text."""
    return render(markdown, "text")


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
