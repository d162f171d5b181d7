"""Discord settings (bot.settings plus the adapter's knobs), and pointing discord.py at them."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import discord
import yarl
from discord.gateway import DiscordWebSocket

from bot.settings import Settings, SettingsError
from handlers.shards import Shards

DEFAULT_API_BASE = "https://discord.com/api/v10"
DEFAULT_GATEWAY_URL = "wss://gateway.discord.gg/"
GLOBAL_REQUESTS_PER_SECOND = 48.0


@dataclass(frozen=True)
class DiscordSettings:
    """What the Discord adapter needs to run."""

    token: str
    api_base: str = DEFAULT_API_BASE
    """DISCORD_API_BASE: a REST proxy (or a fake Discord in tests)."""
    gateway_url: str = DEFAULT_GATEWAY_URL
    """DISCORD_GATEWAY_URL: where the websocket connects first."""
    admin_role: str = ""
    """DISCORD_ADMIN_ROLE: a role name or id whose members may run setup/pause/resume."""
    message_content: bool = True
    """DISCORD_MESSAGE_CONTENT: ask for the privileged intent to read thread replies."""
    requests_per_second: float = 48.0
    """DISCORD_REQUESTS_PER_SECOND: pace of REST calls, under Discord's global 50/s (the pacer
    spaces calls from when each really left, so 2/s of slack absorbs jitter on the way)."""
    fanout: int = 8
    """DISCORD_FANOUT: posts sent at once."""
    send_timeout: float = 15.0
    """SEND_TIMEOUT_SECONDS: how long one REST call may take (discord.py has no timeout)."""
    send_attempts: int = 5
    """SEND_ATTEMPTS: tries of a post, reply or reaction through faults."""
    shard_count: int | None = None
    """DISCORD_SHARD_COUNT: the gateway's shards over all processes (None: unsharded)."""
    shard_ids: tuple[int, ...] = ()
    """DISCORD_SHARD_IDS: the shards this process runs (all of them when unset)."""

    @property
    def shards(self) -> Shards | None:
        """The servers this process serves, when sharded."""
        if self.shard_count is None:
            return None
        return Shards(self.shard_count, frozenset(self.shard_ids))

    @classmethod
    def from_settings(
        cls, settings: Settings, env: Mapping[str, str] | None = None
    ) -> DiscordSettings:
        """The bot's settings plus the adapter's own DISCORD_* knobs, failing fast."""
        env = os.environ if env is None else env
        token = settings.DISCORD_TOKEN.get_secret_value().strip() if settings.DISCORD_TOKEN else ""
        if not token:
            raise SettingsError("DISCORD_TOKEN is not set: create a bot token (see README)")
        api = settings.DISCORD_API_BASE or DEFAULT_API_BASE
        gateway = settings.DISCORD_GATEWAY_URL or DEFAULT_GATEWAY_URL
        shard_count, shard_ids = _shards(env)
        # Every process shares the bot's one global rate limit: by default each takes the share
        # of its shards (a REST proxy in DISCORD_API_BASE can pool them instead; README).
        share = len(shard_ids) / shard_count if shard_count else 1.0
        return cls(
            token=token,
            api_base=_url("DISCORD_API_BASE", api, ("http://", "https://")).rstrip("/"),
            gateway_url=_url("DISCORD_GATEWAY_URL", gateway, ("ws://", "wss://")),
            admin_role=(settings.DISCORD_ADMIN_ROLE or "").strip(),
            message_content=_flag(env, "DISCORD_MESSAGE_CONTENT", True),
            requests_per_second=_positive(
                env, "DISCORD_REQUESTS_PER_SECOND", GLOBAL_REQUESTS_PER_SECOND * share
            ),
            fanout=int(_positive(env, "DISCORD_FANOUT", 8)),
            send_timeout=settings.SEND_TIMEOUT_SECONDS,
            send_attempts=settings.SEND_ATTEMPTS,
            shard_count=shard_count,
            shard_ids=shard_ids,
        )


def _shards(env: Mapping[str, str]) -> tuple[int | None, tuple[int, ...]]:
    """DISCORD_SHARD_COUNT and DISCORD_SHARD_IDS, checked against each other."""
    count_text = env.get("DISCORD_SHARD_COUNT", "").strip()
    ids_text = env.get("DISCORD_SHARD_IDS", "").strip()
    if not count_text:
        if ids_text:
            raise SettingsError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT (the total) too")
        return None, ()
    if not count_text.isdigit() or not 1 <= int(count_text) <= 100_000:
        raise SettingsError("DISCORD_SHARD_COUNT must be a whole number of shards, 1 or more")
    count = int(count_text)
    if not ids_text:
        return count, tuple(range(count))
    parts = [part.strip() for part in ids_text.split(",")]
    if not all(part.isdigit() for part in parts):
        raise SettingsError("DISCORD_SHARD_IDS must be shard numbers separated by commas: 0,1")
    ids = tuple(int(part) for part in parts)
    if any(shard >= count for shard in ids):
        raise SettingsError(
            f"DISCORD_SHARD_IDS: shards are numbered 0 to {count - 1} (DISCORD_SHARD_COUNT={count})"
        )
    if len(set(ids)) != len(ids):
        raise SettingsError("DISCORD_SHARD_IDS names a shard twice")
    return count, ids


def _url(name: str, value: str, schemes: tuple[str, ...]) -> str:
    value = value.strip()
    if not value.startswith(schemes):
        raise SettingsError(f"{name} must start with {' or '.join(schemes)}")
    return value


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = env.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be true or false")


def _positive(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number") from None
    if value <= 0:
        raise SettingsError(f"{name} must be positive")
    return value


def point_discord_at(settings: DiscordSettings) -> None:
    """Send discord.py's REST calls and first gateway connection to the configured endpoints."""
    # Both are class attributes in discord.py 2.7: a Client has no per-instance option for them.
    discord.http.Route.BASE = settings.api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


def intents(settings: DiscordSettings) -> discord.Intents:
    """Guilds and guild messages; message content only when asked for."""
    chosen = discord.Intents.none()
    chosen.guilds = True
    chosen.guild_messages = True
    chosen.message_content = settings.message_content
    return chosen
