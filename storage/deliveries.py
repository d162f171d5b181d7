"""Platform events already handled, by event id: Slack retries an event whose ack it did not
hear in 3 seconds, and behind a load balancer the retry may reach another process, whose memory
has never seen it. The first process to insert the id handles the event; the rest drop it."""

from __future__ import annotations

from datetime import datetime

from storage.rows import Runs, stored_time


class DeliveryQueries:
    """Event ids seen (mixed into Store)."""

    def first_delivery(self: Runs, platform: str, event_id: str, now: datetime) -> bool:
        """Record the event id; True the first time, False when any process recorded it."""
        rows, _ = self._write(
            """INSERT INTO deliveries (platform, event_id, at) VALUES (?, ?, ?)
               ON CONFLICT (platform, event_id) DO NOTHING RETURNING 1""",
            (platform, event_id, stored_time(now)),
        )
        return bool(rows)

    def forget_deliveries_before(self: Runs, cutoff: datetime) -> int:
        """Drop event ids recorded before `cutoff` (no retry comes that late); how many."""
        return self._write("DELETE FROM deliveries WHERE at < ?", (stored_time(cutoff),))[1]
