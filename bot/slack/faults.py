"""slack_sdk's and aiohttp's errors as retry faults (bot.retry): what may be sent again, what
must be looked for first, and what no retry can fix.

A 429 reaching here has already been waited out by the pacer several times, so it is final here
(retrying it again would multiply the pacer's retries). A 5xx or Slack's `internal_error` may
have come after the message was stored, as may a timeout or a dropped connection.
"""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.retry import Fault

MAYBE_DONE = frozenset({"internal_error", "fatal_error", "service_unavailable", "request_timeout"})
"""Errors Slack may answer with HTTP 200 after a failure on its side (the call may have acted)."""


def classify(error: BaseException) -> Fault:
    if isinstance(error, SlackApiError):
        status = getattr(error.response, "status_code", 200)
        code = error.response.get("error") if error.response is not None else None
        if status >= 500 or code in MAYBE_DONE:
            return Fault.AMBIGUOUS
        # invalid_auth, channel_not_found, not_in_channel, is_archived, a 429 the pacer gave up on
        return Fault.PERMANENT
    if isinstance(error, aiohttp.ClientConnectorError):
        return Fault.TRANSIENT  # never connected: nothing was sent
    if isinstance(error, aiohttp.ClientError | OSError):
        return Fault.AMBIGUOUS  # dropped, reset, a broken answer: it may have landed
    return Fault.PERMANENT
