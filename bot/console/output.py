"""How the terminal shows what the core says: plain text wrapped at word boundaries to the
terminal's width, private lines marked, colour only on a terminal that wants it."""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Mapping
from typing import TextIO

from content.render import render
from handlers.types import Post, Reply

_BULLET = re.compile(r"^(\s*(?:[-•*]|\d+[.)])\s+)")
CLEAR_LINE = "\r\x1b[K"
STYLES = {"heading": "1;36", "private": "33", "clock": "34", "note": "2"}
"""ANSI SGR codes: bold cyan headings, yellow private replies, blue clock lines, dim notes."""


def to_text(markdown: str) -> str:
    """Neutral markdown as terminal text."""
    return render(markdown, "text")


def wrap(text: str, width: int | None) -> str:
    """Lines longer than width broken between words, list items hanging under their text;
    code (indented four spaces) and words longer than a line are left whole."""
    if not width:
        return text
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width or line.startswith("    "):
            out.append(line)
            continue
        bullet = _BULLET.match(line)
        lead = bullet.group(1) if bullet else line[: len(line) - len(line.lstrip())]
        indent = " " * len(lead)
        out.append(
            textwrap.fill(
                line,
                width,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(out)


def wants_colour(out: TextIO, environ: Mapping[str, str]) -> bool:
    """Colour on a terminal unless NO_COLOR is set (https://no-color.org) or TERM is dumb."""
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    return _isatty(out)


def terminal_width(out: TextIO) -> int | None:
    """The terminal's width, None when the output is not a terminal (a pipe keeps long lines)."""
    if not _isatty(out):
        return None
    try:
        return max(20, os.get_terminal_size(out.fileno()).columns - 1)
    except (OSError, ValueError):
        return None


def _isatty(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (OSError, ValueError):
        return False


class Printer:
    """Writes posts and replies to a stream; on a terminal, keeps a `> ` prompt under them."""

    def __init__(
        self, out: TextIO, width: int | None = None, colour: bool = False, prompt: bool = False
    ) -> None:
        self.out = out
        self.width = width
        self.colour = colour
        self.prompting = prompt
        """Whether a `> ` prompt is shown for typed input (only when typing at a terminal)."""
        self._prompt_shown = False

    def line(self, text: str = "", style: str | None = None) -> None:
        text = wrap(text, self.width)
        if self.colour and style and text:
            text = "\n".join(f"\x1b[{STYLES[style]}m{part}\x1b[0m" for part in text.split("\n"))
        # Something printed while the prompt waits (a drill falling due) takes the prompt's line.
        lead = CLEAR_LINE if self._prompt_shown else ""
        self._prompt_shown = False
        self.out.write(lead + text + "\n")
        self.out.flush()

    def prompt(self) -> None:
        """Show the prompt, once, when the person is to type."""
        if self.prompting and not self._prompt_shown:
            self.out.write("> ")
            self.out.flush()
            self._prompt_shown = True

    def typed(self) -> None:
        """The person pressed Enter: the terminal moved to a new line itself."""
        self._prompt_shown = False

    def post(self, post: Post, when: str) -> None:
        heading = post.title or post.kind
        self.line(f"── {heading} · {when} ──", "heading")
        text = to_text(post.text)
        # At the terminal there is one person: a post for one person is theirs, marked private.
        self.line(f"(only you) {text}" if post.user is not None else text)
        if post.buttons:
            self.line("(type your answer; /coach reveal, /coach help)", "note")
        self.line()

    def reply(self, reply: Reply) -> None:
        text = to_text(reply.text)
        if reply.ephemeral:
            text = f"(only you) {text}"
        self.line(text, "private" if reply.ephemeral else None)
        self.line()
