"""Neutral markdown from the core as Slack Block Kit: headers, mrkdwn sections, buttons, modals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from content.render import SLACK_BLOCKS, SLACK_SECTION, neutralise_mentions, render, split_message
from handlers.types import Button, Reaction

from .translate import ACTION_PREFIX, ANSWER_BLOCK, ANSWER_CALLBACK, ANSWER_INPUT

HEADER_LIMIT = 150
BUTTON_LABEL_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
FALLBACK_LIMIT = 150
Block = dict[str, Any]

EMOJI: dict[Reaction, str] = {
    "correct": "white_check_mark",
    "partial": "large_yellow_circle",
    "incorrect": "x",
    "unparseable": "question",
    "received": "eyes",
}


@dataclass(frozen=True)
class Page:
    """One chat.postMessage worth of content: notification text and at most 50 blocks."""

    text: str
    blocks: list[Block]


def pages(markdown: str, title: str = "", buttons: tuple[Button, ...] = ()) -> list[Page]:
    """The message(s) that carry a text: header, ≤3000-char sections, buttons on the first page."""
    sections = [
        _section(chunk) for chunk in split_message(render(markdown, "slack"), SLACK_SECTION)
    ]
    head = [_header(title)] if title.strip() else []
    tail = [_actions(buttons)] if buttons else []
    first_room = SLACK_BLOCKS - len(head) - len(tail)
    result = [Page(_fallback(title, sections), head + sections[:first_room] + tail)]
    rest = sections[first_room:]
    for start in range(0, len(rest), SLACK_BLOCKS):
        chunk = rest[start : start + SLACK_BLOCKS]
        result.append(Page(_fallback("", chunk), chunk))
    return result


def answer_modal(metadata: str, question: str = "") -> dict[str, Any]:
    """The modal the Answer button opens; its submission carries `metadata` back."""
    blocks: list[Block] = []
    if question.strip():
        blocks.append(_section(_clip(render(question, "slack"), SLACK_SECTION)))
    blocks.append(
        {
            "type": "input",
            "block_id": ANSWER_BLOCK,
            "label": {"type": "plain_text", "text": "Your answer"},
            "element": {
                "type": "plain_text_input",
                "action_id": ANSWER_INPUT,
                "multiline": True,
                "max_length": 3000,
            },
        }
    )
    return {
        "type": "modal",
        "callback_id": ANSWER_CALLBACK,
        "private_metadata": metadata,
        "title": {"type": "plain_text", "text": "Answer"},
        "submit": {"type": "plain_text", "text": "Submit"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def _header(title: str) -> Block:
    text = _clip(neutralise_mentions(" ".join(title.split()), "slack"), HEADER_LIMIT)
    return {"type": "header", "text": {"type": "plain_text", "text": text}}


def _section(mrkdwn: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}}


def _actions(buttons: tuple[Button, ...]) -> Block:
    elements = []
    for button in buttons:
        element: Block = {
            "type": "button",
            "action_id": ACTION_PREFIX + button.action,
            "text": {"type": "plain_text", "text": _clip(button.label, BUTTON_LABEL_LIMIT)},
            "value": button.value[:BUTTON_VALUE_LIMIT],
        }
        if button.action == "answer":
            element["style"] = "primary"
        elements.append(element)
    return {"type": "actions", "block_id": "coach_buttons", "elements": elements}


def _fallback(title: str, sections: list[Block]) -> str:
    """The notification text Slack shows where blocks cannot be (already safe mrkdwn)."""
    if title.strip():
        return _clip(neutralise_mentions(" ".join(title.split()), "slack"), FALLBACK_LIMIT)
    first = sections[0]["text"]["text"] if sections else ""
    return _clip(" ".join(first.split()), FALLBACK_LIMIT)


def _clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a space when possible, never inside an &entity;."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut + "…"
