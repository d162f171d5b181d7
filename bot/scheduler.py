"""Time-driven work: the drills and reveals of the timetable (bot/timetable.py), a minute tick,
catch-up at start, and exactly-once posting.

One APScheduler job ticks every minute and fires what the timetable says is due; a run late by
more than the misfire grace is left to the next catch-up. The database is the source of truth:
the timetable is rebuilt from it at start and whenever a channel's setup changes; a drill is
claimed in the database (unique per channel and day) before it is sent, so a double fire or a
restart never double-posts.

Each platform adapter implements `Sender`; the scheduler calls it to put posts on the platform.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.readiness import log_ready
from bot.timetable import Slot, Timetable
from content.grading import Grade
from content.grading.llm import LlmGrader
from handlers.clock import Clock
from handlers.coach import Coach
from handlers.types import Post
from storage.errors import StoreUnavailable
from storage.records import ChannelConfig

log = logging.getLogger(__name__)


class Deferred(RuntimeError):
    """A sender declining a post for now (the bot is stopping); the next catch-up sends it."""


@dataclass(frozen=True)
class Sent:
    """Where the platform put a post: its message id, and the thread opened on it if any."""

    message_id: str
    thread_id: str | None = None


class Sender(Protocol):
    async def send_post(self, post: Post) -> Sent:
        """Send a post (open a thread when post.open_thread); raise if it could not be sent."""
        ...

    async def find_post(self, post: Post) -> Sent | None:
        """The bot's own message of this post among the channel's recent messages, if it is
        there (opening a drill's thread if the message has none yet); None when it is not."""
        ...


TICK_JOB = "tick"
TICKS_AT_ONCE = 24 * 60
"""A tick whose sends are still going (a big fan-out is paced for minutes) must not hold back
the next minutes' ticks, so up to a day of them may run at once."""


LLM_ROUNDS = 3
"""A reveal waits for the LLM grader at most this many call timeouts in all."""

SLOT_WINDOW = 64
"""Drills of one slot in progress at once (claimed, being sent). Well above what the senders
send at once (Discord's fan-out is 8, each post ~2 round trips), so the pace is never starved."""


class DrillScheduler:
    """Runs a platform's daily drills and reveals through its Sender."""

    def __init__(
        self,
        coach: Coach,
        sender: Sender,
        platform: str,
        clock: Clock,
        misfire_grace_seconds: int = 600,
        scheduler: AsyncIOScheduler | None = None,
        llm: LlmGrader | None = None,
    ) -> None:
        self.coach = coach
        self.llm = llm
        """The optional LLM grader, asked at each reveal (see _llm_grades)."""
        self.sender = sender
        self.platform = platform
        self.clock = clock
        self.misfire_grace_seconds = misfire_grace_seconds
        self.scheduler = scheduler or AsyncIOScheduler()
        self._revealing: set[int] = set()
        self.timetable = Timetable(platform)
        self._prepared = False
        self._behind = False
        """A store outage stopped some work (a claim, a catch-up): catch up once it is back."""
        self._unrecorded: dict[int, Sent] = {}
        """Drills on the platform whose posting the store could not record yet."""
        self._unrecorded_reveals: set[int] = set()
        """Reveals on the platform whose sending the store could not record yet."""
        coach.on_channel_change(self.refresh_channel)

    # -- the timetable -----------------------------------------------------------------------

    def rebuild(self) -> None:
        """Make the timetable match the database (every active channel in its schedule's slot,
        every pending reveal), and add the minute tick and the checkpoint jobs."""
        self.timetable.clear()
        for cfg in self.coach.daily.channels(self.platform):
            self.refresh_channel(cfg)
        for drill_id, at in self.coach.daily.pending_reveals(self.platform):
            self.schedule_reveal(drill_id, at)
        self.scheduler.add_job(
            self.tick,
            CronTrigger(second=0, timezone=UTC),
            id=TICK_JOB,
            replace_existing=True,
            # A late tick still runs (once): it applies the misfire grace to each slot itself.
            misfire_grace_time=None,
            coalesce=True,
            max_instances=TICKS_AT_ONCE,
        )
        self.scheduler.add_job(
            self.checkpoint,
            IntervalTrigger(minutes=1),
            id="checkpoint",
            replace_existing=True,
            coalesce=True,
        )

    def refresh_channel(self, cfg: ChannelConfig) -> None:
        """Move one channel to its schedule's slot, or out of the timetable when paused."""
        self.timetable.place(cfg, self.clock.now())

    def next_drill(self, channel_id: int) -> datetime | None:
        """When a channel's drill fires next (None when it is paused or not set up)."""
        return self.timetable.next_drill(channel_id)

    def schedule_reveal(self, drill_id: int, at: datetime) -> None:
        """Reveal a drill at an instant; however late the tick comes, the reveal still happens."""
        self.timetable.add_reveal(drill_id, at)

    def next_reveal(self, drill_id: int) -> datetime | None:
        return self.timetable.next_reveal(drill_id)

    def prepare(self) -> None:
        """Rebuild the timetable from the database: ready (logged once), not yet firing.

        Adapters call it before connecting (Discord's READY comes seconds later); start() calls
        it if they did not."""
        if self._prepared:
            return
        self._prepared = True
        self.rebuild()
        log_ready(*self.timetable.counts())

    async def start(self) -> None:
        """Load the timetable from the database, catch up on what was missed, then start firing."""
        self.prepare()
        self.scheduler.start(paused=True)
        await self.catch_up()
        self.scheduler.resume()

    async def checkpoint(self) -> None:
        """Fold the write-ahead log into the database. A coroutine, so APScheduler runs it on the
        loop: a plain function would run in a thread, where the store's connection may not go."""
        try:
            self.coach.checkpoint()
        except StoreUnavailable as err:
            log.debug("checkpoint skipped: %s", err)

    async def tick(self) -> None:
        """The minute job: reveal what is due and fire every slot whose time has come."""
        await self.recover()
        now = self.clock.now()
        grace = timedelta(seconds=self.misfire_grace_seconds)
        slots = []
        for slot, at in self.timetable.due_slots(now):
            # Once, however many fire times were missed: never two posts
            self.timetable.plan(slot, now)
            if now - at <= grace:
                slots.append(slot)
            else:
                # A busy loop or a suspended VM: left to catch_up's grace window.
                log.warning("drills of %s %s missed by %s", slot[0], slot[1], now - at)
        reveals = self.timetable.due_reveals(now)
        await asyncio.gather(
            *(self.run_reveal(drill_id) for drill_id in reveals),
            *(self.run_slot(slot) for slot in slots),
            self.run_nudges(now),
        )

    async def run_nudges(self, now: datetime) -> None:
        """Send the recaps and reminders due now (claimed by the core: never sent twice)."""
        try:
            await self._send_apart(self.coach.daily.nudges(self.platform, now))
        except StoreUnavailable as err:
            self._store_failed(err)

    async def run_slot(self, slot: Slot) -> None:
        """Run the drill of every channel on one schedule, a window of them at a time.

        The sender paces the posts; the window keeps claims just ahead of the sends. Claiming
        all 10,000 channels first (a task each) held the first post back by seconds and kept
        10,000 tasks alive for the collector to walk through the whole fan-out."""
        channels = iter(self.timetable.channels(slot))

        async def worker() -> None:
            for channel_id in channels:  # one iterator shared: each channel runs once
                try:
                    await self.run_drill(channel_id)
                except Exception:
                    # One channel's failure (its database row, its platform) stops no other.
                    log.exception("drill of channel %s failed", channel_id)

        await asyncio.gather(*(worker() for _ in range(SLOT_WINDOW)))

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    # -- work --------------------------------------------------------------------------------

    async def run_drill(self, channel_id: int) -> None:
        """The cron job: claim the channel's drill of today and post it."""
        try:
            post = self.coach.daily.claim_channel(channel_id, self.clock.now())
        except StoreUnavailable as err:
            self._store_failed(err)  # the catch-up after the outage claims it, within its grace
            return
        if post is not None:
            await self._send_drill(post)

    def _store_failed(self, err: StoreUnavailable) -> None:
        """Report the outage (once, through the coach's memory of it) and catch up after it."""
        self.coach.store_failed(err)
        self._behind = True

    async def recover(self) -> None:
        """After a store outage: record what was sent meanwhile, then catch up on what was not.

        Runs at every tick; does nothing when nothing waits. What was sent is recorded from
        memory, so it is neither looked for nor sent again."""
        if not (self._behind or self._unrecorded or self._unrecorded_reveals):
            return
        daily = self.coach.daily
        try:
            for drill_id, sent in list(self._unrecorded.items()):
                daily.mark_posted(drill_id, sent.message_id, sent.thread_id)
                del self._unrecorded[drill_id]
                self._schedule_reveal_of(drill_id)
            for drill_id in list(self._unrecorded_reveals):
                daily.mark_revealed(drill_id)
                self._unrecorded_reveals.discard(drill_id)
        except StoreUnavailable as err:
            self._store_failed(err)
            return
        if self._behind:
            self._behind = False
            log.info("database writable again: catching up on drills and reveals")
            await self.catch_up()
        if not self._behind:
            self.coach.store_back()

    async def run_reveal(self, drill_id: int) -> None:
        """The reveal job: post a drill's answers in its thread, once."""
        if drill_id in self._revealing or drill_id in self._unrecorded_reveals:
            return
        self._revealing.add(drill_id)
        try:
            if self.coach.daily.reveal_post(drill_id) is None:
                return
            if not self.coach.daily.take_reveal(drill_id):
                return  # another worker is revealing it (grading included)
            grades = await self._llm_grades(drill_id)
            post = self.coach.daily.reveal_post(drill_id, grades)
            if post is None:
                return
            feedback = self.coach.daily.reveal_feedback(drill_id, grades)
            await self.sender.send_post(post)
            try:
                self.coach.daily.mark_revealed(drill_id)
            except StoreUnavailable as err:
                self._unrecorded_reveals.add(drill_id)  # sent: recorded by recover(), not resent
                self._store_failed(err)
            if grades:
                self.coach.daily.record_grades(drill_id, grades)
            await self._send_apart(feedback)
        except StoreUnavailable as err:
            self._store_failed(err)
        except Exception:
            # One channel's failure (deleted channel, missing permission) must not stop others;
            # the reveal stays pending and is retried at the next catch-up.
            log.exception("reveal of drill %s failed", drill_id)
        finally:
            self._revealing.discard(drill_id)

    async def _llm_grades(self, drill_id: int) -> dict[str, Grade] | None:
        """The LLM grader's grades of a prose drill's answers, by user (None without one).

        The core is synchronous and answers every event inline on the event loop, so a call
        that may take GRADER_TIMEOUT_SECONDS cannot run inside it; the reveal is an async job
        with time to spare, so the calls run here, a few at a time, each bounded, all of them
        bounded together, and each that fails leaves the offline grade (which says so).
        """
        if self.llm is None:
            return None
        answers = self.coach.daily.prose_answers(drill_id)
        if not answers:
            return None
        bound = self.llm.settings.timeout_seconds * LLM_ROUNDS
        try:
            async with asyncio.timeout(bound):
                grades = await self.llm.grade_many([(q, text) for _, q, text in answers])
        except TimeoutError:
            log.warning("LLM grading of drill %s took over %.0f s: offline grades", drill_id, bound)
            return None
        return {user: g for (user, _, _), g in zip(answers, grades, strict=True) if g is not None}

    async def _send_apart(self, posts: list[Post]) -> None:
        """Posts for one person or channel each (feedback, reminders, recaps); one that cannot
        be delivered (direct messages closed, the person left) is logged and skipped."""
        results = await asyncio.gather(
            *(self.sender.send_post(p) for p in posts), return_exceptions=True
        )
        for post, result in zip(posts, results, strict=True):
            if isinstance(result, BaseException):
                log.warning("%s to %s not sent: %r", post.kind, post.user or post.channel, result)

    async def catch_up(self, early: bool = False) -> None:
        """Reveal what is due, re-send unposted drills, post drills missed within the grace.

        Sends go out together (the sender bounds how many at once and paces them), reveals
        before drills so a channel's reveal of yesterday comes before today's question.
        """
        now = self.clock.now()
        sends = []
        try:
            reveals = self.coach.daily.due_reveals(self.platform, now)
            await asyncio.gather(*(self.run_reveal(p.drill_id) for p in reveals if p.drill_id))
            sends += [
                self._send_drill(u.post, u.in_flight)
                for u in self.coach.daily.unposted(self.platform, now)
                if u.post.drill_id not in self._unrecorded
            ]
            for cfg in self.coach.daily.due_drills(self.platform, now, early=early):
                post = self.coach.daily.claim(cfg, now)
                if post is not None:
                    sends.append(self._send_drill(post))
        except StoreUnavailable as err:
            self._store_failed(err)  # what was gathered so far still goes out
        await asyncio.gather(*sends, self.run_nudges(now))  # nudges missed while away, too

    async def _send_drill(self, post: Post, in_flight: bool = False) -> None:
        """Post a claimed drill and record where it went; `in_flight` when an earlier send of it
        began and may have landed (the bot died before recording it): look for it first."""
        assert post.drill_id is not None
        daily = self.coach.daily
        try:
            if not daily.take_send(post.drill_id):
                log.info("drill %s is being sent by another worker", post.drill_id)
                return
            sent = await self.sender.find_post(post) if in_flight else None
            if sent is not None:
                log.info(
                    "drill %s was already in %s: recorded, not sent again",
                    post.drill_id,
                    post.channel,
                )
            else:
                sent = await self.sender.send_post(post)
        except StoreUnavailable as err:
            self._store_failed(err)  # not sent (the lease comes first): the catch-up sends it
            return
        except Deferred as reason:
            # Not sent: free for the next catch-up at once; if it never left, nothing to look for.
            daily.give_back_send(post.drill_id, unsent=not in_flight)
            log.info("drill %s to %s deferred: %s", post.drill_id, post.channel, reason)
            return
        except Exception:
            # It may have landed (a timeout after the platform stored it): sending_at stays set,
            # so the next catch-up (this worker's, or another's once the lease expires) looks
            # for it before sending it again.
            log.exception("posting drill %s to %s failed", post.drill_id, post.channel)
            return
        try:
            self.coach.daily.mark_posted(post.drill_id, sent.message_id, sent.thread_id)
            self._schedule_reveal_of(post.drill_id)
        except StoreUnavailable as err:
            self._unrecorded[post.drill_id] = sent  # on the platform: recorded by recover()
            self._store_failed(err)

    def _schedule_reveal_of(self, drill_id: int) -> None:
        at = self.coach.daily.reveal_at(drill_id)
        if at is not None and self.scheduler.running:
            self.schedule_reveal(drill_id, at)
