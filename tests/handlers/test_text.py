"""Cleaning user text: the characters dropped are exactly the categories it promises."""

from __future__ import annotations

import sys
import unicodedata

from handlers.text import clean, quote

DIRECTION_MARKS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def kept(ch: str) -> bool:
    """The definition: control, surrogate and private-use characters and direction marks go."""
    if ch in "\n\t":
        return True
    return unicodedata.category(ch) not in ("Cc", "Cs", "Co") and ch not in DIRECTION_MARKS


def test_every_code_point_is_kept_or_dropped_by_its_category() -> None:
    # Framed by letters so that strip() keeps the whitespace code points in the middle.
    every = "".join(map(chr, range(sys.maxunicode + 1))).replace("\r", "")
    assert clean(f"a{every}z") == "a" + "".join(ch for ch in every if kept(ch)) + "z"


def test_line_ends_become_newlines_and_the_ends_are_trimmed() -> None:
    assert clean(" \u202eone\r\ntwo\rthree\x00\t\n ") == "one\ntwo\nthree"
    assert clean("\x07\u2066 \ue000") == ""


def test_quote_echoes_one_safe_line() -> None:
    assert quote("@everyone *bold*\r\nnext\x1b", limit=60) == (
        "@\u200beveryone *\u2060bold*\u2060 next"
    )
