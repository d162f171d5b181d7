"""Structured logs: one line per event, as text or as JSON (LOG_FORMAT=json), secrets masked.

Tracebacks stay on the event's line (newlines escaped in text, a field in JSON), and every
configured secret (tokens, the database password) is replaced by *** wherever it appears.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from bot.settings import Settings

SECRET_SETTINGS = ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET")
MASK = "***"


def secrets_of(settings: Settings) -> list[str]:
    """Every secret value the settings hold (tokens, and the password of DATABASE_URL)."""
    found = [
        getattr(settings, name).get_secret_value()
        for name in SECRET_SETTINGS
        if getattr(settings, name)
    ]
    if settings.DATABASE_URL:
        found.append(urlsplit(settings.DATABASE_URL).password or "")
    return [value for value in found if len(value) >= 4]


class OneLineFormatter(logging.Formatter):
    """`time level logger: message`, with any traceback escaped onto the same line."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.secrets = tuple(secrets)

    def mask(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text

    def format(self, record: logging.LogRecord) -> str:
        return self.mask(super().format(record)).replace("\r", "\\r").replace("\n", "\\n")


class JsonFormatter(OneLineFormatter):
    """One JSON object per line: time, level, logger, message, and exc when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": self.mask(record.getMessage()),
        }
        if record.exc_info:
            event["exc"] = self.mask(self.formatException(record.exc_info))
        return json.dumps(event, ensure_ascii=False)


def configure_logging(settings: Settings) -> None:
    """Send every log event to stderr, one line each, in the configured format."""
    chosen = JsonFormatter if settings.LOG_FORMAT == "json" else OneLineFormatter
    handler = logging.StreamHandler()
    handler.setFormatter(chosen(secrets_of(settings)))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.LOG_LEVEL)
