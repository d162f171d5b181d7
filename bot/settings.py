"""One typed settings module: every setting the bot reads from the environment and `.env`.

`load_settings()` fails fast with a `SettingsError` whose message is one line naming the setting
and what is wrong, and never its value (tokens are SecretStr: their repr is masked). A `.env`
file in the working directory fills in what the environment does not set (`.env.example`
documents every setting).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from dotenv import dotenv_values, load_dotenv
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from content.bank import BANK_DIR
from content.grading.llm import LlmSettings
from handlers.context import CoachSettings
from handlers.schedule import ScheduleError, parse_tz
from storage.urls import DatabaseUrl, DatabaseUrlError, parse_database_url, sqlite_url

ENV_FILE = ".env"


class SettingsError(ValueError):
    """A missing or malformed setting; the message names it in one line."""


class Settings(BaseModel):
    """The bot's settings; field names are the environment variable names."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    DATABASE_URL: str | None = None
    """sqlite:///path/to/coach.db or postgresql://user:password@host:5432/db (postgres:// too)."""
    DATABASE: Path = Path("data/coach.db")
    """The SQLite file when DATABASE_URL is not set (the older name, still honoured)."""
    DATABASE_LOCK_TIMEOUT_SECONDS: float = Field(2.0, gt=0, le=30)
    """How long a write waits for another process's lock before the event is kept in memory
    instead (the bot waits on its event loop, so keep it short)."""
    DATABASE_STATEMENT_TIMEOUT_SECONDS: float = Field(2.0, gt=0, le=60)
    """PostgreSQL: how long one statement may take; a server that stops answering altogether
    has its connection cut a second later, so it stalls the bot at most that long."""
    PENDING_MAX_EVENTS: int = Field(5000, ge=1, le=1_000_000)
    """While the database cannot write: at most this many answers and changes kept in memory."""
    PENDING_MAX_MINUTES: int = Field(60, ge=1, le=7 * 24 * 60)
    """...each for at most this long (older ones are dropped, with an error in the log)."""
    PENDING_RETRY_SECONDS: int = Field(10, ge=1, le=3600)
    """...and the database is tried again this often to write them."""
    SPOOL_FILE: Path | None = None
    """...and each is also appended to this local file, so a bot stopped during the outage
    writes them at its next start (unset: beside the SQLite file, or data/kept-events-<id of
    the server and database>.jsonl with PostgreSQL)."""
    BANK_DIR: Path = BANK_DIR
    COACH_PACKS: Path | None = None
    """A directory of question packs (each .yaml file or folder is one, README "Your own
    questions"); channels choose them with `/coach setup packs=name,builtin`."""
    DEFAULT_TZ: str = "UTC"
    """Timezone of a channel set up without tz= (and of the terminal drill)."""
    CATCH_UP_GRACE_MINUTES: int = Field(180, ge=0, le=24 * 60)
    """After a restart, a drill missed earlier today is still posted within this window."""
    MISFIRE_GRACE_SECONDS: int = Field(600, ge=1)
    """APScheduler: how late a drill job may still run (event loop busy, clock jump)."""
    MAX_ANSWER_CHARS: int = Field(4000, ge=100, le=100_000)
    LEADERBOARD_SIZE: int = Field(10, ge=1, le=50)
    LOG_LEVEL: str = "INFO"
    LOG_FORMAT: Literal["text", "json"] = "text"
    """json: one JSON object per line, for log collectors."""
    GRADER_URL: str | None = None
    """An OpenAI-compatible server (Ollama, llama.cpp server, vLLM: its base URL, or its
    /v1/chat/completions) for the optional LLM grader at the reveal; unset: offline only."""
    GRADER_MODEL: str | None = None
    """The model the LLM grader asks (required with GRADER_URL)."""
    GRADER_API_KEY: SecretStr | None = None
    """Sent as a Bearer token, if the server wants one."""
    GRADER_TIMEOUT_SECONDS: float = Field(20, gt=0, le=600)
    """How long one grading call may take before the offline grader answers instead."""
    HEALTH_PORT: int | None = Field(None, ge=0, le=65535)
    """Serve GET /healthz on this port (unset: no health server)."""
    HEALTH_HOST: str = "127.0.0.1"
    SHUTDOWN_GRACE_SECONDS: float = Field(20, gt=0, le=28)
    """On SIGTERM, how long in-flight work may take before the bot stops anyway (Heroku: 30 s)."""
    SEND_TIMEOUT_SECONDS: float = Field(15, gt=0, le=300)
    """How long one post, reply or reaction may take before it is tried again (after looking
    whether it landed)."""
    SEND_ATTEMPTS: int = Field(5, ge=1, le=20)
    """Tries of a post, reply or reaction through 5xx answers, timeouts and dropped connections,
    with a growing random pause between them."""
    DYNO: str | None = None
    """Set by Heroku on its dynos: SQLite is refused there (the disk is wiped at least daily)."""

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
    SLACK_POSTS_PER_MINUTE: int = Field(300, ge=1, le=100_000)
    """The workspace's cap on chat.postMessage (Slack does not publish it); posts are spread
    evenly a little under it."""

    @field_validator("DEFAULT_TZ")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            return parse_tz(value)
        except ScheduleError as err:
            raise ValueError("not an IANA timezone name such as Europe/Paris") from err

    @field_validator("COACH_PACKS")
    @classmethod
    def _packs(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_dir():
            raise ValueError(f"{value} is not a directory of question packs")
        return value

    @field_validator("DATABASE_URL")
    @classmethod
    def _database_url(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse_database_url(value)
            except DatabaseUrlError as err:
                raise ValueError(str(err)) from None
        return value

    @field_validator("LOG_LEVEL")
    @classmethod
    def _level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return value.upper()

    @property
    def database(self) -> DatabaseUrl:
        """Where the bot's state lives: DATABASE_URL, else the SQLite file DATABASE."""
        return parse_database_url(self.DATABASE_URL or sqlite_url(self.DATABASE))

    @property
    def spool_file(self) -> Path | None:
        """Where events kept during a database outage wait on disk (SPOOL_FILE, or a default;
        None for an in-memory database, which a restart loses anyway)."""
        if self.SPOOL_FILE is not None:
            return self.SPOOL_FILE
        database = self.database
        if database.is_postgres:
            # One file per server and database, so a spool is never replayed into another one.
            where = urlsplit(database.target)
            key = f"{where.hostname}:{where.port or 5432}{where.path}".encode()
            return Path(f"data/kept-events-{hashlib.sha256(key).hexdigest()[:12]}.jsonl")
        if database.target == ":memory:":
            return None
        return Path(database.target + ".kept.jsonl")

    def check_host(self) -> None:
        """Refuse what cannot work where the bot runs: SQLite on Heroku's wiped disk."""
        if self.DYNO and not self.database.is_postgres:
            raise SettingsError(
                "DATABASE_URL: SQLite is refused on Heroku (DYNO is set) because the dyno's disk "
                "is wiped at least daily; add Heroku Postgres: heroku addons:create "
                "heroku-postgresql:essential-0"
            )

    def llm_grader(self) -> LlmSettings | None:
        """The LLM grader's settings, None when GRADER_URL is not set."""
        if not self.GRADER_URL:
            return None
        url = urlsplit(self.GRADER_URL)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise SettingsError("GRADER_URL: must be an http:// or https:// URL")
        if not self.GRADER_MODEL:
            raise SettingsError("GRADER_MODEL is not set: it is required with GRADER_URL")
        key = self.GRADER_API_KEY.get_secret_value() if self.GRADER_API_KEY else None
        return LlmSettings(self.GRADER_URL, self.GRADER_MODEL, key, self.GRADER_TIMEOUT_SECONDS)

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


def load_settings(
    environ: Mapping[str, str] | None = None,
    env_file: str | Path | None = None,
    **overrides: object,
) -> Settings:
    """Read the settings from the environment (or a given mapping), overrides winning.

    With the real environment, `.env` (or env_file) fills in variables not set, for the
    adapters' own knobs too; with a given mapping, only an explicit env_file is read.
    """
    if environ is None:
        load_dotenv(env_file or ENV_FILE, override=False)
        env: Mapping[str, str] = os.environ
    else:
        env = {**_file_values(env_file), **environ}
    values: dict[str, object] = {
        name: env[name] for name in Settings.model_fields if (env.get(name) or "").strip() != ""
    }
    values.update(overrides)
    try:
        settings = Settings.model_validate(values)
    except ValidationError as err:
        first = err.errors()[0]
        name = ".".join(str(part) for part in first["loc"]) or "settings"
        raise SettingsError(f"{name}: {first['msg']}") from None
    settings.check_host()
    return settings


def _file_values(env_file: str | Path | None) -> dict[str, str]:
    if env_file is None or not Path(env_file).is_file():
        return {}
    return {k: v for k, v in dotenv_values(env_file).items() if v is not None}
