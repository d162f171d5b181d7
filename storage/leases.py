"""Leases on drills: which worker sends a drill's post, or its reveal, right now.

Several workers on one PostgreSQL database see the same unposted drills at catch-up and the same
due reveals. The unique (channel, day) key decides who records a day's drill; a lease (owner,
expiry) on that same row decides who sends it. A worker that dies mid-send leaves its lease to
expire, and the next worker to take it over finds `sending_at` set, so it asks the platform for
the post first (Sender.find_post) instead of posting again. The two phases never overlap (a
drill is sent while unposted, revealed once posted), so one lease serves both.

A claim skips a row another transaction is claiming (`FOR UPDATE SKIP LOCKED` on PostgreSQL)
instead of queueing behind it; SQLite has one worker (bot/worker_lock.py) and needs no such
clause.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from storage.rows import Row, stored_time

PHASES = {
    "post": "posted_at IS NULL",
    "reveal": "posted_at IS NOT NULL AND revealed_at IS NULL",
}
SKIP_LOCKED = {"postgresql": "FOR UPDATE SKIP LOCKED", "sqlite": ""}


class _Leasing(Protocol):
    dialect: str

    def _write(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[Row], int]: ...


class LeaseQueries:
    """Taking and giving back a drill's lease (mixed into Store)."""

    def take_lease(
        self: _Leasing, drill_id: int, phase: str, owner: str, now: datetime, until: datetime
    ) -> bool:
        """Hold the drill's lease for `phase` until `until`: True when free, expired or already
        this owner's; False while another owner holds it or the drill is past that phase.
        Taking the post lease also records that the send begins (`sending_at`)."""
        sending = ", sending_at = ?" if phase == "post" else ""
        begun = [stored_time(now)] if phase == "post" else []
        _, count = self._write(
            f"""UPDATE drills SET lease_owner = ?, lease_until = ?{sending}
                WHERE id = (SELECT id FROM drills WHERE id = ? AND {PHASES[phase]}
                    AND (lease_until IS NULL OR lease_until <= ? OR lease_owner = ?)
                    {SKIP_LOCKED[self.dialect]})""",
            [owner, stored_time(until), *begun, drill_id, stored_time(now), owner],
        )
        return count == 1

    def give_back_lease(self: _Leasing, drill_id: int, owner: str, unsent: bool) -> None:
        """Let the lease go before it expires; `unsent` when the post never left (a deferred
        send), so whoever sends it next has nothing to look for on the platform."""
        clear = ", sending_at = NULL" if unsent else ""
        self._write(
            f"""UPDATE drills SET lease_owner = NULL, lease_until = NULL{clear}
                WHERE id = ? AND lease_owner = ? AND posted_at IS NULL""",
            (drill_id, owner),
        )
