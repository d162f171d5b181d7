"""Slack payloads (as bolt hands them over) turned into the core's Incoming and Action."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from handlers.types import Action, Incoming

COMMAND = "/coach"
ANSWER_CALLBACK = "coach_answer"
ANSWER_BLOCK = "answer"
ANSWER_INPUT = "text"
ACTION_PREFIX = "coach:"
USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
CROWD = re.compile(r"<!(?:here|channel|everyone|subteam\^)")


@dataclass(frozen=True)
class Origin:
    """Where an event came from in Slack terms: enough to answer it (ephemeral, thread, react)."""

    team: str
    channel: str
    user: str
    ts: str = ""
    """The message that triggered it (for reactions); empty for commands and buttons."""
    thread_ts: str = ""


def slack_time(ts: str) -> datetime:
    """A Slack message timestamp ("1700000000.000100") as an aware datetime."""
    return datetime.fromtimestamp(float(ts), UTC)


def command_incoming(body: dict[str, Any], now: datetime) -> tuple[Incoming, Origin]:
    """A /coach slash command."""
    origin = Origin(body.get("team_id", ""), body.get("channel_id", ""), body.get("user_id", ""))
    incoming = Incoming(
        platform="slack",
        workspace=origin.team,
        channel=origin.channel,
        user=origin.user,
        text=f"{COMMAND} {body.get('text', '')}".strip(),
        message_id=body.get("trigger_id", ""),
        time=now,
        user_name=body.get("user_name", ""),
    )
    return incoming, origin


def mentions_other(text: str, author: str, bot_user: str) -> bool:
    """Whether Slack message text mentions a person other than its author and the bot, a user
    group, or a crowd (<!here>, <!channel>, <!everyone>)."""
    if CROWD.search(text):
        return True
    return any(user not in (author, bot_user) for user in USER_MENTION.findall(text))


def message_incoming(body: dict[str, Any], bot_user: str = "") -> tuple[Incoming, Origin] | None:
    """A thread reply written by a person (new or edited); None for anything else.

    Slack threads have no reply-to: talking to someone in a thread is a mention (<@U...>)."""
    event = body.get("event", {})
    edited = event.get("subtype") == "message_changed"
    message = event.get("message", {}) if edited else event
    if event.get("subtype") not in (None, "message_changed", "file_share", "thread_broadcast"):
        return None
    if message.get("bot_id") or message.get("subtype") == "bot_message" or not message.get("user"):
        return None
    ts, thread_ts = message.get("ts", ""), message.get("thread_ts", "")
    if not ts or not thread_ts or thread_ts == ts:
        return None
    team = body.get("team_id") or message.get("team", "")
    channel = event.get("channel", "")
    origin = Origin(team, channel, message["user"], ts=ts, thread_ts=thread_ts)
    text = message.get("text", "")
    incoming = Incoming(
        platform="slack",
        workspace=team,
        channel=channel,
        user=message["user"],
        text=text,
        message_id=f"{channel}/{ts}",
        time=slack_time(ts),
        thread=thread_ts,
        edited=edited,
        mentions_other=mentions_other(text, message["user"], bot_user),
        bot_names=(f"<@{bot_user}>",) if bot_user else (),
    )
    return incoming, origin


def button_action(body: dict[str, Any], now: datetime) -> tuple[Action, Origin]:
    """A press on one of the coach's buttons under a post."""
    pressed = body["actions"][0]
    container = body.get("container", {})
    message = body.get("message", {})
    thread = message.get("thread_ts") or container.get("message_ts") or message.get("ts", "")
    if container.get("is_ephemeral"):
        thread = ""  # a private practice question: its replies cannot go in a thread
    origin = Origin(
        body.get("team", {}).get("id", ""),
        body.get("channel", {}).get("id") or container.get("channel_id", ""),
        body.get("user", {}).get("id", ""),
        thread_ts=thread,
    )
    incoming = _interaction_incoming(body, origin, now, text="")
    name = str(pressed.get("action_id", "")).removeprefix(ACTION_PREFIX)
    return Action(incoming=incoming, action=name, value=pressed.get("value", "")), origin


def answer_metadata(origin: Origin, value: str) -> str:
    """What the Answer modal carries through to its submission."""
    return json.dumps({"channel": origin.channel, "thread": origin.thread_ts, "value": value})


def submission_action(body: dict[str, Any], now: datetime) -> tuple[Action, Origin]:
    """The Answer modal submitted: the typed answer travels as the Action's text."""
    view = body.get("view", {})
    meta = _json_object(view.get("private_metadata", ""))
    values = view.get("state", {}).get("values", {})
    typed = values.get(ANSWER_BLOCK, {}).get(ANSWER_INPUT, {}).get("value") or ""
    origin = Origin(
        body.get("team", {}).get("id", "") or view.get("team_id", ""),
        str(meta.get("channel", "")),
        body.get("user", {}).get("id", ""),
        thread_ts=str(meta.get("thread", "")),
    )
    incoming = _interaction_incoming(body, origin, now, text=typed)
    return Action(incoming=incoming, action="answer", value=str(meta.get("value", ""))), origin


def with_admin(incoming: Incoming, is_admin: bool) -> Incoming:
    return replace(incoming, is_admin=is_admin)


def _interaction_incoming(
    body: dict[str, Any], origin: Origin, now: datetime, text: str
) -> Incoming:
    user = body.get("user", {})
    return Incoming(
        platform="slack",
        workspace=origin.team,
        channel=origin.channel,
        user=origin.user,
        text=text,
        message_id=body.get("trigger_id", "") or body.get("view", {}).get("id", ""),
        time=now,
        thread=origin.thread_ts or None,
        user_name=user.get("username") or user.get("name", ""),
    )


def _json_object(raw: str) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}
