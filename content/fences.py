"""The one code-fence pattern, shared by the importers and the renderer.

A fence line is up to three spaces (CommonMark; some sources indent fences inside list items, so
callers may allow any indent), a run of three or more backticks or tildes, and an info string.
"""

from __future__ import annotations

import re

FENCE = re.compile(r"^(?P<indent> *)(?P<marker>`{3,}|~{3,})(?P<info>[^\n]*)")


def fence_line(line: str, max_indent: int | None = 3) -> re.Match[str] | None:
    """The fence opening or closing this line, if it is one (`max_indent=None`: any indent)."""
    match = FENCE.match(line)
    if match is None or (max_indent is not None and len(match.group("indent")) > max_indent):
        return None
    return match


def is_fence(line: str, max_indent: int | None = 3) -> bool:
    """Whether the line opens or closes a fenced code block."""
    return fence_line(line, max_indent) is not None
