"""slack/manifest.yml asks for exactly what the adapter uses: no scope missing, none extra."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.slack.translate import COMMAND
from handlers.command_table import usage_hint

ROOT = Path(__file__).resolve().parents[3]
MANIFEST = yaml.safe_load((ROOT / "slack" / "manifest.yml").read_text())
# The bot scopes each Web API method needs (views.open needs none beyond interactivity).
METHOD_SCOPES = {
    "chat_postMessage": {"chat:write"},
    "chat_postEphemeral": {"chat:write"},
    "reactions_add": {"reactions:write"},
    "users_info": {"users:read"},
    "files_info": {"files:read"},
    "conversations_replies": {"channels:history", "groups:history"},
    "conversations_history": {"channels:history", "groups:history"},
    "conversations_open": {"im:write"},
    "files_upload_v2": {"files:write"},
    "auth_test": set(),
    "apps_connections_open": set(),  # the app-level token's connections:write, not a bot scope
    "views_open": set(),
}


def methods_called() -> set[str]:
    source = "\n".join(p.read_text() for p in (ROOT / "bot" / "slack").glob("*.py"))
    # Called directly, or handed on uncalled (partial(client.x, ...), retry.within(client.x)).
    return set(re.findall(r"(?<![.\w])client\.([a-z]+_[A-Za-z0-9_]+)\b", source))


def test_scopes_are_exactly_those_the_code_needs() -> None:
    called = methods_called()
    assert called <= METHOD_SCOPES.keys(), f"scope unknown for {called - METHOD_SCOPES.keys()}"
    needed = {"commands"}.union(*(METHOD_SCOPES[m] for m in called))
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) == needed


def test_command_events_and_interactivity_match_the_listeners() -> None:
    commands = MANIFEST["features"]["slash_commands"]
    assert [c["command"] for c in commands] == [COMMAND]
    events = MANIFEST["settings"]["event_subscriptions"]["bot_events"]
    assert set(events) == {"message.channels", "message.groups"}
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True
    assert MANIFEST["settings"]["socket_mode_enabled"] is True


def test_usage_hint_is_the_command_tables() -> None:
    (command,) = MANIFEST["features"]["slash_commands"]
    assert command["usage_hint"] == usage_hint(), "copy usage_hint() into slack/manifest.yml"
