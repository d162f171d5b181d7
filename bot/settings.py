"""One typed settings module: every setting the bot reads from the environment.

`load_settings()` fails fast with a `SettingsError` whose message is one line naming the setting
and what is wrong, and never its value (tokens are SecretStr: their repr is masked).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from content.bank import BANK_DIR
from handlers.context import CoachSettings


class SettingsError(ValueError):
    """A missing or malformed setting; the message names it in one line."""


class Settings(BaseModel):
    """The bot's settings; field names are the environment variable names."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    DATABASE: Path = Path("data/coach.db")
    BANK_DIR: Path = BANK_DIR
    DEFAULT_TZ: str = "UTC"
    """Timezone of a channel set up without tz= (and of the terminal drill)."""
    CATCH_UP_GRACE_MINUTES: int = Field(180, ge=0, le=24 * 60)
    """After a restart, a drill missed earlier today is still posted within this window."""
    MISFIRE_GRACE_SECONDS: int = Field(600, ge=1)
    """APScheduler: how late a drill job may still run (event loop busy, clock jump)."""
    MAX_ANSWER_CHARS: int = Field(4000, ge=100, le=100_000)
    LEADERBOARD_SIZE: int = Field(10, ge=1, le=50)
    LOG_LEVEL: str = "INFO"

    DISCORD_TOKEN: SecretStr | None = None
    DISCORD_API_BASE: str | None = None
    DISCORD_GATEWAY_URL: str | None = None
    DISCORD_ADMIN_ROLE: str | None = None
    SLACK_BOT_TOKEN: SecretStr | None = None
    SLACK_APP_TOKEN: SecretStr | None = None
    SLACK_SIGNING_SECRET: SecretStr | None = None
    SLACK_API_URL: str | None = None
    SLACK_PORT: int = Field(3000, ge=1, le=65535)
    SLACK_ADMINS: str = ""
    """Comma-separated Slack user ids allowed to set channels up, besides workspace admins."""

    @field_validator("DEFAULT_TZ")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as err:
            raise ValueError("not an IANA timezone name such as Europe/Paris") from err
        return value

    @field_validator("LOG_LEVEL")
    @classmethod
    def _level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return value.upper()

    def coach(self) -> CoachSettings:
        """The part of the settings the platform-free core needs."""
        return CoachSettings(
            default_tz=self.DEFAULT_TZ,
            max_answer_chars=self.MAX_ANSWER_CHARS,
            catch_up_grace=timedelta(minutes=self.CATCH_UP_GRACE_MINUTES),
            leaderboard_size=self.LEADERBOARD_SIZE,
        )

    def require(self, *names: str) -> None:
        """Fail fast when a platform's required settings are not set."""
        for name in names:
            if not getattr(self, name):
                raise SettingsError(f"{name} is not set: it is required on this platform")


def load_settings(environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Read the settings from the environment (or a given mapping), overrides winning."""
    env = os.environ if environ is None else environ
    values: dict[str, object] = {
        name: env[name] for name in Settings.model_fields if env.get(name, "") != ""
    }
    values.update(overrides)
    try:
        return Settings.model_validate(values)
    except ValidationError as err:
        first = err.errors()[0]
        name = ".".join(str(part) for part in first["loc"]) or "settings"
        raise SettingsError(f"{name}: {first['msg']}") from None
