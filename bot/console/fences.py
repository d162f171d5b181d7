"""A pasted code block is one message: lines from an opening ``` fence to its closing one join.

A terminal delivers a paste line by line; a code answer must reach the core whole, as a chat
message would. A block that never closes ends at the end of input or at MAX_LINES.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

FENCE = "```"
MAX_LINES = 400


def opens_block(line: str) -> bool:
    """Whether the line leaves a fence open (an odd number of ``` on it)."""
    return line.count(FENCE) % 2 == 1


async def joined_fences(lines: AsyncIterator[str]) -> AsyncIterator[str]:
    """The typed lines, with each fenced block and the line that opened it as one item."""
    async for line in lines:
        if not opens_block(line):
            yield line
            continue
        block = [line]
        async for more in lines:
            block.append(more)
            if FENCE in more or len(block) >= MAX_LINES:
                break
        yield "\n".join(block)
