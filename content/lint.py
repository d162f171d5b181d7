"""Checks over the built bank that a schema alone cannot make."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator

from ftfy.badness import is_bad

from content.bank import Bank
from content.importers import SOURCE_RANK
from content.schema import Question

_HTML = re.compile(r"</?(?:details|summary|table|tr|td|th|img|div|span|br|p|b|center)\b", re.I)
_NUMBER_ARTEFACT = re.compile(r"^\s*(?:\*\*)?\(?\d+(?:\.\d+)*[.)]\s|^\s*(?:\*\s*)?[ivx]+\.\s")
_TAG = re.compile(r"\[(?:E|M|H)\]")


def _texts(q: Question) -> Iterator[tuple[str, str]]:
    yield "prompt", q.prompt
    for answer in q.answers:
        yield f"answer from {answer.source}", answer.text
    if q.reviewed:
        yield "reviewed answer", q.reviewed.answer


def problems(
    bank: Bank,
    validate_checker: Callable[..., None] | None = None,
    sources: Collection[str] | None = SOURCE_RANK,
) -> list[str]:
    """Every problem found, one line each, prefixed with the question id.

    `sources` are the source names a question may cite; None lets a pack cite any.
    """
    found: list[str] = []
    for q in bank.questions:
        for where, text in _texts(q):
            if is_bad(text):
                found.append(f"{q.id}: mojibake in {where}")
            if _HTML.search(text):
                found.append(f"{q.id}: HTML debris in {where}")
        if _NUMBER_ARTEFACT.match(q.prompt) or _TAG.search(q.prompt):
            found.append(f"{q.id}: printed numbering or a difficulty tag in the prompt")
        for ref in q.sources:
            if sources is not None and ref.source not in sources:
                found.append(f"{q.id}: dangling source {ref.source!r}")
        for answer in q.answers:
            if sources is not None and answer.source not in sources:
                found.append(f"{q.id}: answer from unknown source {answer.source!r}")
            if not answer.text.strip():
                found.append(f"{q.id}: empty answer from {answer.source}")
        if q.checker and validate_checker:
            try:
                validate_checker(q.checker)
            except ValueError as error:
                found.append(f"{q.id}: bad checker: {error}")
        if q.schedulable and q.reviewed is None:
            found.append(f"{q.id}: schedulable but has no reviewed answer")
    return found
