"""What a process running some of Discord's shards reads to tell its channels from the others'
(handlers/daily.py, serve_only): a mixin of `Store`."""

from __future__ import annotations

from storage.rows import Runs


class ShardQueries:
    """Channels by workspace (mixed into Store)."""

    def channel_workspaces(self: Runs, platform: str) -> dict[int, str]:
        """Every channel's workspace by channel id, paused ones too (their reveals still go)."""
        rows = self._rows("SELECT id, workspace FROM channels WHERE platform = ?", (platform,))
        return {r[0]: r[1] for r in rows}
