"""Making user text safe: control characters out, mentions and markup neutralised when echoed."""

from __future__ import annotations

import re
import unicodedata

_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_MARKUP = re.compile(r"([\\*_`~|>\[\]()#])")
_MENTION = re.compile(r"([@<])")


def clean(text: str) -> str:
    """Drop control and direction-override characters (keeping newlines and tabs), trim."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = (
        ch
        for ch in text
        if ch in "\n\t" or (unicodedata.category(ch) not in ("Cc", "Cs", "Co") and ch not in _BIDI)
    )
    return "".join(kept).strip()


def quote(text: str, limit: int = 60) -> str:
    """User text made safe to echo inline: one line, no markup, no pings, shortened."""
    one_line = " ".join(clean(text).split())
    if len(one_line) > limit:
        one_line = one_line[: limit - 1] + "…"
    escaped = _MARKUP.sub(r"\\\1", one_line)
    # A zero-width space after @ or < stops @everyone, <@id> and <!channel> from pinging.
    return _MENTION.sub("\\1\u200b", escaped)
