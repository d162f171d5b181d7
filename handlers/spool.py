"""The durable copy of events kept while the store cannot write: an append-only local file.

Every event the coach keeps in memory (handlers/pending.py) is also appended here, one JSON line
flushed to disk before the person is told it will be recorded, and a `done` line follows once
it is written to the database. A bot that stops (or is killed) during an outage leaves the
events not done in the file; the next start replays them in order, at the time they arrived.
Replaying is idempotent: an attempt is keyed by its platform message id, and a setup change
sets the same values again, so an event replayed twice (killed between the write and its
`done` line) changes nothing. The file is emptied whenever nothing is left waiting.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from handlers.types import Action, Incoming

log = logging.getLogger(__name__)


class Spool:
    """The spool file of one database; entries are numbered, and `done` closes one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._next = 1

    def load(self) -> list[tuple[int, Incoming | Action, datetime]]:
        """(number, event, arrival time) of every entry not done, oldest first."""
        if not self.path.exists():
            return []
        waiting: dict[int, tuple[int, Incoming | Action, datetime]] = {}
        unreadable = 0
        with self.path.open(encoding="utf-8") as lines:
            for line in lines:
                try:
                    entry = json.loads(line)
                    if "done" in entry:
                        waiting.pop(int(entry["done"]), None)
                    else:
                        number = int(entry["n"])
                        waiting[number] = (number, _event(entry["event"]), _time(entry["at"]))
                        self._next = max(self._next, number + 1)
                except (ValueError, KeyError, TypeError):
                    # A line cut short by a kill while it was written: never acknowledged.
                    unreadable += 1
        if unreadable:
            log.warning("spool %s: %d unreadable line(s) skipped", self.path, unreadable)
        return list(waiting.values())

    def append(self, event: Incoming | Action, at: datetime) -> int:
        """Write one kept event durably; its number, for `done`."""
        number = self._next
        self._next += 1
        self._write({"n": number, "at": at.isoformat(), "event": _plain(event)})
        return number

    def done(self, number: int) -> None:
        self._write({"done": number})

    def clear(self) -> None:
        """Nothing waits any more: empty the file (numbering goes on)."""
        if self.path.exists():
            with self.path.open("w", encoding="utf-8") as file:
                os.fsync(file.fileno())

    def _write(self, entry: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as file:
            file.write(json.dumps(entry, ensure_ascii=False) + "\n")
            file.flush()
            os.fsync(file.fileno())


def _plain(event: Incoming | Action) -> dict[str, Any]:
    if isinstance(event, Action):
        return {"action": event.action, "value": event.value, "incoming": _plain(event.incoming)}
    fields = asdict(event)
    fields["time"] = event.time.isoformat()
    return fields


def _event(plain: dict[str, Any]) -> Incoming | Action:
    if "action" in plain:
        incoming = _event(plain["incoming"])
        if not isinstance(incoming, Incoming):
            raise TypeError("an action's incoming is a message")
        return Action(incoming, str(plain["action"]), str(plain["value"]))
    return Incoming(**{**plain, "time": _time(plain["time"])})


def _time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("a spooled time is timezone-aware")
    return moment
