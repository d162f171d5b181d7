"""Platform faults the fakes can inject: an error status, an answer held past the client's
timeout, a connection dropped without an answer; before the platform acts, or after it stored
what was asked (the ambiguous case: the client cannot tell that it landed).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from aiohttp import web

Kind = Literal["status", "hold", "drop"]


@dataclass
class Rule:
    """Fail the next `times` requests whose method and route match."""

    method: str
    """An HTTP verb, or "*" for any."""
    pattern: str
    """A regular expression searched in the route (Discord's path, Slack's API method)."""
    kind: Kind
    times: int
    status: int = 503
    landed: bool = False
    """Act first (store the message), then fail the answer."""


@dataclass(frozen=True)
class Applied:
    kind: Kind
    route: str
    landed: bool


class Faults:
    """The fault plan of one fake server, and the faults it applied."""

    def __init__(self) -> None:
        self.rules: list[Rule] = []
        self.applied: list[Applied] = []
        self.release = asyncio.Event()
        """Set when the fake stops: held answers end then."""

    def add(
        self,
        pattern: str,
        kind: Kind = "status",
        *,
        times: int = 1,
        method: str = "*",
        status: int = 503,
        landed: bool = False,
    ) -> Rule:
        rule = Rule(method, pattern, kind, times, status, landed)
        self.rules.append(rule)
        return rule

    def take(self, method: str, route: str) -> Rule | None:
        for rule in self.rules:
            wanted = rule.method in ("*", method)
            if rule.times > 0 and wanted and re.search(rule.pattern, route):
                rule.times -= 1
                return rule
        return None

    def pending(self) -> int:
        """Faults still to apply."""
        return sum(rule.times for rule in self.rules)

    async def apply(
        self,
        rule: Rule,
        request: web.Request,
        route: str,
        act: Callable[[], Awaitable[web.StreamResponse]],
        error: dict[str, Any],
    ) -> web.StreamResponse:
        """Answer a request with a rule's fault (having acted first when the rule says so)."""
        self.applied.append(Applied(rule.kind, route, rule.landed))
        answer = await act() if rule.landed else None
        if rule.kind == "status":
            return web.json_response(error, status=rule.status)
        if rule.kind == "hold":
            await self.release.wait()  # the client gives up long before
            return answer or web.json_response(error, status=rule.status)
        assert request.transport is not None
        request.transport.close()  # no answer at all: the client sees the server disconnect
        return web.Response(status=204)
