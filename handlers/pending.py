"""Events the store could not take (StoreUnavailable), kept in memory until it can.

An outage opens at the first failure (one error line in the log) and closes when kept events
have been written again (one warning line). Meanwhile events are kept in arrival order, at most
`max_events` of them and each for at most `max_age`: an event older than that is dropped with an
error counting them, and an event beyond the count is refused (the person is told to send it
again). The coach replays kept events oldest first, each at the time it arrived, before it
writes anything newer, so streaks and edits come out as if the store had never failed.

With a spool (handlers/spool.py) every kept event is also on disk: a bot stopped or killed
during the outage replays them at its next start (`restore`), so none is lost with the memory.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from content.verdicts import MARKS
from handlers.clock import Clock
from handlers.spool import Spool
from handlers.types import Action, Incoming
from storage.errors import StoreUnavailable

log = logging.getLogger(__name__)

MAX_EVENTS = 5000
MAX_AGE = timedelta(hours=1)
RETRY_EVERY = timedelta(seconds=10)

KEPT_ANSWER = MARKS["received"] + (
    " Got your answer. The database cannot record it right now, so I am keeping it and it "
    "will be recorded in a few moments. Your verdict is not available until then."
)
KEPT_CHANGE = (
    "Got it. The database cannot take changes right now, so I am keeping this one and it will "
    "be applied in a few moments."
)
TRY_LATER = "The database is not answering right now, so I cannot do that. Try again in a minute."
FULL = (
    "The database cannot record answers right now and I cannot keep any more of them. Please "
    "send yours again in a few minutes."
)


@dataclass(frozen=True)
class Kept:
    """An event waiting for the store, and the time it arrived (it is replayed at that time)."""

    event: Incoming | Action
    at: datetime
    since: datetime | None = None
    """When this process began keeping it, for max_age (a restored event's age starts again)."""
    number: int | None = None
    """Its entry in the spool, if there is one."""


class Pending:
    """The bounded, ordered memory of events the store refused, and the outage they belong to."""

    def __init__(
        self,
        clock: Clock,
        max_events: int = MAX_EVENTS,
        max_age: timedelta = MAX_AGE,
        retry_every: timedelta = RETRY_EVERY,
        spool: Spool | None = None,
    ) -> None:
        self.clock = clock
        self.spool = spool
        self.max_events = max_events
        self.max_age = max_age
        self.retry_every = retry_every
        self._events: deque[Kept] = deque()
        self.down_since: datetime | None = None
        self.last_failure: datetime | None = None
        self.dropped = 0
        """Events lost since start: too old, or refused because the memory was full."""
        self._full_logged = False

    def __len__(self) -> int:
        return len(self._events)

    @property
    def unavailable(self) -> bool:
        """True from the store's first refusal until kept events are written again."""
        return self.down_since is not None

    def failed(self, err: StoreUnavailable) -> None:
        """The store refused something: open the outage (logged once) or extend it."""
        now = self.clock.now()
        self.last_failure = now
        if self.down_since is None:
            self.down_since = now
            log.error(
                "database unavailable (%s): keeping answers and changes in memory "
                "(at most %d, for %s) until it can write them",
                err,
                self.max_events,
                self.max_age,
            )

    def recovered(self, written: int = 0) -> None:
        """The store wrote again: close the outage, if one was open."""
        if self.down_since is None:
            return
        log.warning(
            "database available again after %s; %d kept event(s) written",
            self.clock.now() - self.down_since,
            written,
        )
        self.down_since = self.last_failure = None
        self._full_logged = False

    def may_retry(self) -> bool:
        """Whether the store is worth trying again (a locked one costs a busy timeout a try)."""
        last = self.last_failure
        return last is None or self.clock.now() - last >= self.retry_every

    def keep(self, event: Incoming | Action) -> bool:
        """Keep an event for later; False when the memory is full (the event is refused)."""
        self.expire()
        if len(self._events) >= self.max_events:
            self.dropped += 1
            if not self._full_logged:
                self._full_logged = True
                log.error(
                    "%d events kept in memory, the limit: refusing new answers until the "
                    "database can write again",
                    len(self._events),
                )
            return False
        now = self.clock.now()
        number = self.spool.append(event, now) if self.spool is not None else None
        self._events.append(Kept(event, now, number=number))
        return True

    def restore(self) -> int:
        """Keep again what the spool holds from an earlier run, before anything newer; how many."""
        if self.spool is None:
            return 0
        now = self.clock.now()
        restored = [Kept(e, at, since=now, number=n) for n, e, at in self.spool.load()]
        self._events.extendleft(reversed(restored))
        return len(restored)

    def expire(self) -> int:
        """Drop kept events older than max_age; return how many were dropped."""
        oldest = self.clock.now() - self.max_age
        count = 0
        while self._events and (self._events[0].since or self._events[0].at) < oldest:
            self._forget()
            count += 1
        if count:
            self.dropped += count
            log.error(
                "dropped %d kept event(s) older than %s: the database could not write them in time",
                count,
                self.max_age,
            )
        return count

    def oldest(self) -> Kept | None:
        return self._events[0] if self._events else None

    def done(self) -> None:
        """The oldest event was replayed (or cannot ever be): forget it."""
        self._forget()

    def _forget(self) -> None:
        kept = self._events.popleft()
        if self.spool is None or kept.number is None:
            return
        if self._events:
            self.spool.done(kept.number)
        else:
            self.spool.clear()

    def status(self) -> dict[str, object]:
        """What /healthz shows about the store's outage and the events kept."""
        since = self.down_since.isoformat() if self.down_since else None
        return {
            "available": not self.unavailable,
            "unavailable_since": since,
            "kept": len(self._events),
            "dropped": self.dropped,
        }
