"""Making user text safe: control characters out, mentions and markup neutralised when echoed."""

from __future__ import annotations

import re

from content.render.safety import LITERAL, MARKUP_CHARS

# Control (Cc) characters but newline and tab, surrogates (Cs), private use (Co), and the bidi
# embeddings, overrides, isolates and marks. Unicode's stability policy fixes which code points
# are Cc, Cs and Co, so ranges can stand for the categories: one pass in C instead of a look-up
# per character (tests/handlers/test_text.py checks every code point against the categories).
_DROPPED = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\U000f0000-\U000ffffd"
    r"\U00100000-\U0010fffd\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_MARKUP = re.compile("([" + re.escape(MARKUP_CHARS) + "])")
_MENTION = re.compile(r"([@<])")


def clean(text: str) -> str:
    """Drop control and direction-override characters (keeping newlines and tabs), trim."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _DROPPED.sub("", text).strip()


def quote(text: str, limit: int = 60) -> str:
    """User text made safe to echo inline: one line, no markup, no pings, shortened."""
    one_line = " ".join(clean(text).split())
    if len(one_line) > limit:
        one_line = one_line[: limit - 1] + "…"
    escaped = _MARKUP.sub("\\1" + LITERAL, one_line.replace(LITERAL, ""))
    # A zero-width space after @ or < stops @everyone, <@id> and <!channel> from pinging.
    return _MENTION.sub("\\1\u200b", escaped)


def shorten(markdown: str, limit: int = 80) -> str:
    """Trusted bank text (a prompt) on one line, cut at a word: emphasis dropped, since a cut
    could orphan a `*`, and never escaped (escaping is for user text: it showed `\\*True`)."""
    one_line = " ".join(clean(markdown).replace("**", "").replace("*", "").split())
    if len(one_line) <= limit:
        return one_line
    cut = one_line[: limit - 1].rsplit(" ", 1)[0]
    if cut.count("$") % 2:  # never leave half a formula
        cut = cut[: cut.rindex("$")].rstrip()
    return cut + "…"
