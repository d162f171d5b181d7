"""What the content CLI prints for `check`: one human line, or a JSON object."""

from __future__ import annotations

import json

from content.checkers import check
from content.schema import Checker


def run_check(checker: Checker, reply: str, as_json: bool) -> str:
    """Check one reply and render the verdict for a terminal or for a script."""
    result = check(checker, reply)
    if as_json:
        payload = {"verdict": result.verdict, "score": result.score, "message": result.message}
        return json.dumps(payload, ensure_ascii=False)
    return f"{result.verdict} ({result.score:.2f}): {result.message}"
