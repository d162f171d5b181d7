"""A helper process of a benchmark, spoken to in JSON lines over its stdin and stdout.

The fakes that benchmarks drive run in a process of their own so their CPU does not compete with
the bot's. Such a process prints one JSON line when ready, then answers each command line with
one JSON line, and exits on {"cmd": "quit"} (or when its stdin closes).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


class Child:
    """A running `python -m <module>` and the JSON line it printed when ready."""

    def __init__(self, process: asyncio.subprocess.Process, ready: dict[str, Any]) -> None:
        self.process = process
        self.ready = ready

    @classmethod
    @contextlib.asynccontextmanager
    async def running(cls, module: str, *args: str) -> AsyncIterator[Child]:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            module,
            *args,
            cwd=ROOT,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=1 << 26,  # an answer may list every message sent
        )
        assert process.stdin is not None and process.stdout is not None
        try:
            yield cls(process, json.loads(await process.stdout.readline()))
        finally:
            with contextlib.suppress(ConnectionError):
                process.stdin.write(b'{"cmd": "quit"}\n')
                process.stdin.close()
            await process.wait()

    async def ask(self, command: dict[str, Any]) -> dict[str, Any]:
        """Send one command; its one-line answer."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write((json.dumps(command) + "\n").encode())
        await self.process.stdin.drain()
        return dict(json.loads(await self.process.stdout.readline()))
