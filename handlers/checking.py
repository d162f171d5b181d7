"""The one door to content.checkers, so the core works while a checker is missing or fails."""

from __future__ import annotations

import importlib
import logging
from typing import Any

from content.checkers.code.program import CodeRunner
from content.schema import Question
from content.verdicts import RECEIVED, Verdict

log = logging.getLogger(__name__)


def _checkers() -> Any | None:
    try:
        return importlib.import_module("content.checkers")
    except ImportError:
        return None


def check_reply(question: Question, text: str, runner: CodeRunner | None = None) -> Verdict:
    """Check a reply with the question's checker; "received" when it has none.

    A code answer runs in `runner` (the sandbox); without one it is recorded unchecked.
    """
    module = _checkers()
    if question.checker is None or module is None or not hasattr(module, "check"):
        return RECEIVED
    try:
        result = module.check(question.checker, text, runner)
    except Exception:
        # A checker bug must not lose the answer: record it unchecked, and say so in the log.
        log.exception("checker %s failed on question %s", question.checker.kind, question.id)
        return RECEIVED
    if not isinstance(result, Verdict):
        log.error("checker %s returned %r, not a Verdict", question.checker.kind, result)
        return RECEIVED
    return result


def expected_answer(question: Question) -> str | None:
    """The checker's expected value in words, for the reveal; None without a checker."""
    module = _checkers()
    if question.checker is None or module is None or not hasattr(module, "expected_text"):
        return None
    try:
        return str(module.expected_text(question.checker))
    except Exception:
        log.exception("expected_text failed on question %s", question.id)
        return None
