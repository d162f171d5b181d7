"""A fake OpenAI-compatible chat server on loopback, for the LLM grader's tests.

Each test says how it answers: `reply(body) -> (status, content)`, where content is the
assistant message's text (or None to hang until the client gives up). Requests are kept.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from aiohttp import web

Reply = Callable[[dict[str, Any]], tuple[int, str | None]]


class FakeOpenAI:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.reply: Reply = lambda body: (200, '{"key_points": []}')
        self._runner: web.AppRunner | None = None
        self._never = asyncio.Event()
        self.url = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        self._never.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _chat(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(body)
        self.headers.append(dict(request.headers))
        status, content = self.reply(body)
        if content is None:
            await self._never.wait()  # a model that never finishes: the client's timeout ends it
            return web.Response(status=504)
        if status != 200:
            return web.Response(status=status, text=content)
        reply = {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}
        return web.json_response(reply)

    @staticmethod
    def data(body: dict[str, Any]) -> dict[str, Any]:
        """The JSON data the grader sent as its user message."""
        return dict(json.loads(body["messages"][1]["content"]))
