"""One Verdict value from the checker to the adapter, in one vocabulary."""

from __future__ import annotations

import pytest

from content.checkers import check
from content.verdicts import MARKS, Verdict
from handlers.answering import usable, verdict_reply
from handlers.checking import check_reply
from handlers.context import CoachSettings, Deps
from tests.handlers.conftest import small_bank


def test_the_checkers_verdict_is_the_one_the_core_records() -> None:
    question = small_bank().get("numeric-q")
    assert question is not None and question.checker is not None
    verdict = check_reply(question, "0.5")
    assert type(verdict) is Verdict and verdict == check(question.checker, "0.5")
    assert verdict.verdict == "correct"


@pytest.mark.parametrize("name", list(MARKS))
def test_a_verdict_reply_carries_its_name_and_begins_with_its_mark(name: str) -> None:
    for message in ("", "I read your answer as 3."):
        (reply,) = verdict_reply(Verdict(name, 0.5, message))  # type: ignore[arg-type]
        assert reply.reaction == name and reply.text.startswith(MARKS[name] + " ")
        assert reply.text.count(MARKS[name]) == 1


def test_a_refused_answer_is_marked_like_any_verdict(store: object) -> None:
    deps = Deps(store, small_bank(), None, CoachSettings(max_answer_chars=5))  # type: ignore[arg-type]
    for text in ("   ", "far too long"):
        refused = usable(deps, text)
        assert isinstance(refused, list)
        (reply,) = refused
        assert reply.reaction == "unparseable" and reply.text.startswith(MARKS["unparseable"])
