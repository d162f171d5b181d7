"""What makes rendered text safe to post: no control characters, no mention that pings."""

from __future__ import annotations

import re
from typing import Literal

Target = Literal["discord", "slack", "text"]
ZWJ = "\u200d"
LITERAL = "\u2060"
"""WORD JOINER after a markup character: "this one is a literal character", the mark echoed
user text carries (handlers.text.quote). A backslash escape would be ambiguous: the bank's
LaTeX is written \\(x\\) and \\[x\\], so an escaped "(team)" read as math, and Slack and the
terminal have no escapes to show "john\\_doe" as "john_doe"."""
MARKUP_CHARS = "\\*_`~|>[]()#"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# No word boundary after the name: "@everyone0" pings on Discord too, and a cut can expose it.
_DISCORD_MENTION = re.compile(r"@(?=everyone|here)|<@(?=[!&]?\d)|<#(?=\d)", re.IGNORECASE)
SLACK_BROADCAST = re.compile(r"@(?=channel|everyone|here)", re.IGNORECASE)


def clean_control(text: str) -> str:
    """Normalise newlines and drop control, bidi-override and lone-surrogate characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def escape_slack(text: str) -> str:
    """Escape the three characters Slack reserves for its own markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def neutralise_mentions(text: str, target: Target) -> str:
    """Make text unable to ping anyone on the target (ZWJ on Discord, escaping on Slack)."""
    if target == "discord":
        return _DISCORD_MENTION.sub(lambda m: m.group(0) + ZWJ, text)
    if target == "slack":
        return SLACK_BROADCAST.sub("@" + ZWJ, escape_slack(text))
    return text
