"""What the content CLI prints for `check`: one human line, or a JSON object."""

from __future__ import annotations

import json

from content.checkers import CodeRunner, check
from content.schema import Checker


def _sandbox() -> CodeRunner | None:
    """The bot's sandbox for a code question; None (code not run) when this host has none."""
    from bot.sandbox import find_sandbox  # spawns processes, so it lives in bot/

    return find_sandbox().sandbox


def run_check(checker: Checker, reply: str, as_json: bool) -> str:
    """Check one reply and render the verdict for a terminal or for a script."""
    result = check(checker, reply, _sandbox() if checker.kind == "code" else None)
    if as_json:
        payload = {"verdict": result.verdict, "score": result.score, "message": result.message}
        return json.dumps(payload, ensure_ascii=False)
    return f"{result.verdict} ({result.score:.2f}): {result.message}"
