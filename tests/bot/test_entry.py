"""Choosing the platform and reading settings without ever echoing a token."""

from __future__ import annotations

import pytest

from bot.__main__ import choose
from bot.settings import SettingsError, load_settings


def test_platform_comes_from_argv_then_tokens_then_the_terminal() -> None:
    assert choose(["slack", "--x"], {"DISCORD_TOKEN": "t"}) == ("slack", ["--x"])
    assert choose([], {"DISCORD_TOKEN": "t"}) == ("discord", [])
    assert choose(["sync"], {"SLACK_BOT_TOKEN": "t"}) == ("slack", ["sync"])
    assert choose(["--clock", "x"], {}) == ("console", ["--clock", "x"])


def test_a_malformed_setting_names_itself_in_one_line() -> None:
    with pytest.raises(SettingsError) as err:
        load_settings({"CATCH_UP_GRACE_MINUTES": "soon", "DISCORD_TOKEN": "sekrit-token"})
    assert str(err.value).startswith("CATCH_UP_GRACE_MINUTES:") and "\n" not in str(err.value)
    assert "sekrit" not in str(err.value)


def test_tokens_are_masked_and_required_ones_fail_fast() -> None:
    settings = load_settings({"DISCORD_TOKEN": "sekrit-token"})
    assert "sekrit" not in repr(settings)
    assert settings.DISCORD_TOKEN.get_secret_value() == "sekrit-token"
    with pytest.raises(SettingsError, match="SLACK_BOT_TOKEN is not set"):
        settings.require("SLACK_BOT_TOKEN")
