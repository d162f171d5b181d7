"""Which servers this process serves, when Discord's gateway is split into shards.

Discord routes each guild to shard `(guild_id >> 22) % shard_count`; a process running some of
the shards receives only their guilds' events, so it must also schedule, post, reveal and catch
up only their channels, and leave the others' to the processes that run them.
"""

from __future__ import annotations

from dataclasses import dataclass


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard Discord sends a guild's events to."""
    return (guild_id >> 22) % shard_count


@dataclass(frozen=True)
class Shards:
    """The shards one process runs, of `count` in all."""

    count: int
    ids: frozenset[int]

    def owns(self, workspace: str) -> bool:
        """Whether a Discord server (by its id, as the core stores it) is this process's."""
        return workspace.isdigit() and shard_of(int(workspace), self.count) in self.ids
