"""Checking both Slack tokens before anything starts: a refused token is one clear line and a
non-zero exit, not a log line while the bot runs on unable to post (a bad bot token) or Socket
Mode reconnecting for ever (a bad app token). Slack being unreachable for a moment is retried
with backoff, a bounded number of times (bot/retry.py), then also ends the start."""

from __future__ import annotations

from functools import partial

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.retry import Fault, RetryPolicy
from bot.settings import SettingsError

from .faults import classify

REFUSED = {
    "invalid_auth",
    "not_authed",
    "account_inactive",
    "token_revoked",
    "token_expired",
    "not_allowed_token_type",
    "missing_scope",
}
"""Slack's answers to a token it will not take: trying again cannot help."""


async def check_tokens(client: AsyncWebClient, app_token: str | None, retry: RetryPolicy) -> None:
    """auth.test with the bot token and, for Socket Mode, apps.connections.open with the app
    token; SettingsError naming the refused one, or the failure once retries run out."""
    await _check("SLACK_BOT_TOKEN", partial(client.auth_test), retry)
    if app_token is not None:
        opening = partial(client.apps_connections_open, app_token=app_token)
        await _check("SLACK_APP_TOKEN", opening, retry)


async def _check(name: str, call: partial, retry: RetryPolicy) -> None:
    try:
        await retry.run(call, classify_check, what=f"checking {name}")
    except SlackApiError as error:
        code = error.response.get("error") if error.response is not None else None
        if code in REFUSED:
            raise SettingsError(f"{name}: Slack refused the token ({code})") from None
        raise SettingsError(f"{name}: Slack could not check the token ({code})") from None
    except Exception as error:  # retries ran out: unreachable, timing out
        raise SettingsError(
            f"{name}: cannot reach Slack to check the token ({type(error).__name__})"
        ) from None


def classify_check(error: BaseException) -> Fault:
    """A read that changes nothing: any failure but a refusal may simply be tried again."""
    if isinstance(error, SlackApiError):
        code = error.response.get("error") if error.response is not None else None
        return Fault.PERMANENT if code in REFUSED else classify(error)
    fault = classify(error)
    return Fault.TRANSIENT if fault is Fault.AMBIGUOUS else fault
