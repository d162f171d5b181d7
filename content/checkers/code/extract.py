"""The code in a reply: the fenced blocks of a chat message, or the whole text if it is code."""

from __future__ import annotations

import re

_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_+-]*)[ \t]*\n?(.*?)```", re.DOTALL)
# A line that only Python starts this way ("from the mask…" in prose does not match).
_LOOKS_LIKE_CODE = re.compile(
    r"^\s*(def\s+\w+\s*\(|class\s+\w+\s*[(:]|import\s+\w|from\s+[\w.]+\s+import\s)", re.MULTILINE
)


def code_in(reply: str) -> str | None:
    """The Python code of a reply; None when it holds none.

    Every fenced block counts, joined in order (people split helpers and the answer); a reply
    without a fence counts when it reads as Python (a paste into a modal or `/coach answer`).
    """
    if reply.count("```") % 2:
        reply += "\n```"  # a block left open (a paste cut short) runs to the end
    blocks = [body for _lang, body in _FENCE.findall(reply)]
    if blocks:
        code = "\n\n".join(block.strip("\n") for block in blocks)
    elif _LOOKS_LIKE_CODE.search(reply):
        code = reply
    else:
        return None
    return code if code.strip() else None
