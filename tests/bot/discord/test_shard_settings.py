"""DISCORD_SHARD_COUNT / DISCORD_SHARD_IDS: read, checked against each other, and the global
rate limit shared among the processes."""

from __future__ import annotations

import pytest

from bot.discord.config import DiscordSettings
from bot.settings import SettingsError, load_settings
from handlers.shards import Shards, shard_of


def discord_settings(**env: str) -> DiscordSettings:
    environ = {"DISCORD_TOKEN": "a-token", **env}
    return DiscordSettings.from_settings(load_settings(environ), environ)


def test_unset_it_runs_unsharded_with_the_whole_rate() -> None:
    settings = discord_settings()
    assert settings.shards is None
    assert settings.requests_per_second == 48.0


def test_a_process_runs_the_shards_it_names_with_their_share_of_the_rate() -> None:
    settings = discord_settings(DISCORD_SHARD_COUNT="3", DISCORD_SHARD_IDS="2, 0")
    assert settings.shards == Shards(3, frozenset({0, 2}))
    assert settings.requests_per_second == pytest.approx(32.0)
    one = discord_settings(DISCORD_SHARD_COUNT="3", DISCORD_SHARD_IDS="1")
    assert one.requests_per_second == pytest.approx(16.0)


def test_a_count_alone_runs_every_shard_and_an_explicit_rate_wins() -> None:
    settings = discord_settings(DISCORD_SHARD_COUNT="4", DISCORD_REQUESTS_PER_SECOND="10")
    assert settings.shards == Shards(4, frozenset(range(4)))
    assert settings.requests_per_second == 10.0


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"DISCORD_SHARD_IDS": "0"}, "needs DISCORD_SHARD_COUNT"),
        ({"DISCORD_SHARD_COUNT": "0"}, "whole number of shards"),
        ({"DISCORD_SHARD_COUNT": "two"}, "whole number of shards"),
        ({"DISCORD_SHARD_COUNT": "-1"}, "whole number of shards"),
        ({"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "0;1"}, "separated by commas"),
        ({"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "2"}, "numbered 0 to 1"),
        ({"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "1,1"}, "names a shard twice"),
        ({"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "0,"}, "separated by commas"),
    ],
)
def test_bad_shard_settings_are_refused_with_a_friendly_line(env: dict, says: str) -> None:
    with pytest.raises(SettingsError, match=says):
        discord_settings(**env)


def test_a_server_belongs_to_the_shard_discord_routes_it_to() -> None:
    guild = (1234 << 22) + 99  # Discord: (guild_id >> 22) % shard_count
    assert shard_of(guild, 5) == 1234 % 5
    shards = Shards(5, frozenset({1234 % 5}))
    assert shards.owns(str(guild))
    assert not Shards(5, frozenset({(1234 + 1) % 5})).owns(str(guild))
    assert not shards.owns("T0123SLACK")  # not a Discord server id
