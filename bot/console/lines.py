"""Typed or piped lines, read without holding up the event loop, so that a drill falling due
while the prompt waits is printed at its time."""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import AsyncIterator, Iterator
from contextlib import suppress
from typing import TextIO

LONGEST_LINE = 1 << 20
"""A line longer than this (a pasted file) is cut there rather than held in memory whole."""


def _streamable(stream: TextIO) -> int | None:
    """The descriptor of a pipe, terminal or socket (the event loop can wait on those); None
    for a regular file or an in-memory stream, which never make a reader wait."""
    try:
        fd = stream.fileno()
        mode = os.fstat(fd).st_mode
    except (OSError, ValueError):  # io.UnsupportedOperation is an OSError and a ValueError
        return None
    # A character device other than a terminal (/dev/null, a container's stdin) is read as a
    # file: the event loop cannot wait on it, and waiting would never end.
    terminal = stat.S_ISCHR(mode) and os.isatty(fd)
    return fd if stat.S_ISFIFO(mode) or terminal or stat.S_ISSOCK(mode) else None


def lines_of(stream: TextIO) -> AsyncIterator[str]:
    """The lines of a stream, each without its newline. On a terminal a last line cut off by
    Ctrl-D (no newline) is a partial line: it is dropped, never taken as an answer."""
    fd = _streamable(stream)
    if fd is None:
        return _from_file(stream)
    return _from_descriptor(fd, partial_ok=not os.isatty(fd))


async def _from_file(stream: TextIO) -> AsyncIterator[str]:
    binary = getattr(stream, "buffer", None)
    lines: Iterator[str] = (_decode(raw) for raw in binary) if binary else iter(stream)
    for line in lines:
        yield line.rstrip("\r\n")
        await asyncio.sleep(0)  # let due drills and a Ctrl-C through between lines


async def _from_descriptor(fd: int, partial_ok: bool) -> AsyncIterator[str]:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=LONGEST_LINE)
    # A duplicate, so closing the transport leaves the process's own stdin open.
    pipe = os.fdopen(os.dup(fd), "rb", buffering=0)
    was_blocking = os.get_blocking(fd)
    transport, _ = await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), pipe)
    try:
        while True:
            try:
                raw = await reader.readuntil(b"\n")
            except asyncio.IncompleteReadError as end:
                if end.partial and partial_ok:
                    yield _decode(end.partial)
                return
            except asyncio.LimitOverrunError as over:
                raw = await reader.readexactly(over.consumed)
                if not await _skip_rest_of_line(reader):
                    return
            yield _decode(raw)
    finally:
        transport.close()
        # The descriptor's non-blocking flag is shared with the shell that started us.
        with suppress(OSError):
            os.set_blocking(fd, was_blocking)


async def _skip_rest_of_line(reader: asyncio.StreamReader) -> bool:
    """Drop what is left of an overlong line; False when the input ended first."""
    while True:
        try:
            await reader.readuntil(b"\n")
            return True
        except asyncio.LimitOverrunError as over:
            await reader.readexactly(over.consumed)
        except asyncio.IncompleteReadError:
            return False


def _decode(raw: bytes) -> str:
    """Undecodable bytes become U+FFFD instead of ending the session."""
    return raw.decode("utf-8", errors="replace").rstrip("\r\n")
