"""Who may run admin subcommands: workspace admins/owners, or a configured list of user ids."""

from __future__ import annotations

from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from handlers.clock import Clock

CACHE_FOR = timedelta(minutes=5)


class AdminCheck:
    """Asks users.info (is_admin / is_owner) and remembers the answer for a few minutes."""

    def __init__(self, clock: Clock, configured: frozenset[str] = frozenset()) -> None:
        self._clock = clock
        self._configured = configured
        self._cache: dict[tuple[str, str], tuple[bool, datetime]] = {}

    async def is_admin(self, client: AsyncWebClient, team: str, user: str) -> bool:
        """True for a configured admin, or a workspace admin or owner according to Slack."""
        if user in self._configured:
            return True
        now = self._clock.now()
        cached = self._cache.get((team, user))
        if cached is not None and cached[1] > now:
            return cached[0]
        try:
            response = await client.users_info(user=user)
        except SlackApiError:
            return False  # unknown to Slack (or Slack unreachable): never grant admin
        profile = response.get("user") or {}
        verdict = bool(profile.get("is_admin") or profile.get("is_owner"))
        self._cache[(team, user)] = (verdict, now + CACHE_FOR)
        return verdict
