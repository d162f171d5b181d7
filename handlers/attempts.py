"""What counts as an attempt: the rules that tell an answer in a drill's thread from discussion.

A study group chats in the thread: thanks, +1, questions to each other, commands typed in the
wrong box. None of that may replace the answer someone already gave, nor keep a streak alive.
Only a message that reads as an answer is an attempt; everything else is discussion, which the
coach leaves alone (no reaction, nothing recorded). The checker's own rule (an unreadable reply
after a readable one is discussion) lives in handlers/answering.py, where the verdict is known.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

from handlers.text import clean
from handlers.types import Incoming

BOT_NAMES = ("coach",)
"""Names people use for the bot on every platform; adapters add the platform's own."""

ACKNOWLEDGEMENTS = frozenset(
    {
        "thanks", "thank you", "thanks a lot", "thank you so much", "thx", "ty", "tysm", "cheers",
        "+1", "lol", "lmao", "same", "same here", "me too", "nice", "nice one", "cool", "great",
        "ok", "okay", "kk", "got it", "gotcha", "agreed", "wow", "haha", "hmm", "hm",
        "idk", "dunno", "no idea", "not sure", "good one", "well done", "gg", "oh", "ah", "ahh",
        "oops", "yay", "woo", "brb", "interesting", "makes sense", "fair", "fair enough",
        "true that",
    }
)  # fmt: skip
"""Short replies that acknowledge rather than answer ("yes"/"no"/"true" are left out: a question
may be answered that way)."""

_STRETCHED = re.compile(r"^(?:(?:ha)+h?|(?:he)+|lo+l+|t+h+a+n+k+s+|x+d+|o+k+|ni+ce+|w+o+w+)$")
_WORDS = re.compile(r"[^\w+]+")
COPY_SIMILARITY = 90
"""rapidfuzz ratio (0-100) at or above which a reply is a copy of the question, not an answer."""


def _normal(text: str) -> str:
    """Lower case, words only (a `+` kept for "+1"), single spaces."""
    return " ".join(_WORDS.sub(" ", text.lower()).split())


def _only_symbols(text: str) -> bool:
    """Nothing but emoji, punctuation, symbols and spaces (no letter or digit at all)."""
    return not any(unicodedata.category(c)[0] in "LN" for c in text)


def _addresses_bot(text: str, names: tuple[str, ...]) -> bool:
    head = text.lstrip().lower()
    for name in (*BOT_NAMES, *names):
        name = name.strip().lower()
        if name and head.startswith(name):
            rest = head[len(name) :]
            if not rest or not (rest[0].isalnum() or rest[0] == "_"):
                return True
    return False


def discussion_reason(incoming: Incoming, prompt: str = "") -> str | None:
    """Why a thread message is discussion, not an attempt; None when it reads as an answer."""
    text = clean(incoming.text)
    if incoming.reply_to_other:
        return "it replies to someone else's message"
    if incoming.mentions_other:
        return "it mentions someone"
    if text.startswith(("/", "!")):
        return "it is a command"
    if _addresses_bot(text, incoming.bot_names):
        return "it is addressed to the coach"
    if _only_symbols(text):
        return "it has no words or numbers"
    words = _normal(text)
    if words in ACKNOWLEDGEMENTS or _STRETCHED.match(words.replace(" ", "")):
        return "it is an acknowledgement"
    if prompt and fuzz.ratio(words, _normal(prompt)) >= COPY_SIMILARITY:
        return "it is a copy of the question"
    return None
