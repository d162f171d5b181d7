"""Time-driven work: one APScheduler cron job per channel, reveal jobs, and catch-up at start.

The database is the source of truth: jobs are rebuilt from it at start and whenever a channel's
setup changes; a drill is claimed in the database (unique per channel and day) before it is sent,
so a double fire or a restart never double-posts.

Each platform adapter implements `Sender`; the scheduler calls it to put posts on the platform.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from handlers.clock import Clock
from handlers.coach import Coach
from handlers.schedule import cron_fields
from handlers.types import Post
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


def drill_job_id(channel_id: int) -> str:
    return f"drill:{channel_id}"


def reveal_job_id(drill_id: int) -> str:
    return f"reveal:{drill_id}"


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
    ) -> None:
        self.coach = coach
        self.sender = sender
        self.platform = platform
        self.clock = clock
        self.misfire_grace_seconds = misfire_grace_seconds
        self.scheduler = scheduler or AsyncIOScheduler()
        self._revealing: set[int] = set()
        coach.on_channel_change(self.refresh_channel)

    # -- jobs --------------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Make the drill jobs match the database: one per active channel, none for others."""
        channels = self.coach.daily.channels(self.platform)
        wanted = {drill_job_id(c.id) for c in channels if c.id is not None}
        for job in self.scheduler.get_jobs():
            if job.id.startswith("drill:") and job.id not in wanted:
                job.remove()
        for cfg in channels:
            self.refresh_channel(cfg)
        for drill_id, at in self.coach.daily.pending_reveals(self.platform):
            self.schedule_reveal(drill_id, at)
        self.scheduler.add_job(
            self.coach.deps.store.checkpoint,
            IntervalTrigger(minutes=1),
            id="checkpoint",
            replace_existing=True,
            coalesce=True,
        )

    def refresh_channel(self, cfg: ChannelConfig) -> None:
        """Add, replace or remove one channel's cron job after its setup changed."""
        if cfg.id is None or cfg.platform != self.platform:
            return
        job_id = drill_job_id(cfg.id)
        if cfg.paused or not cfg.days:
            if self.scheduler.get_job(job_id) is not None:
                self.scheduler.remove_job(job_id)
            return
        self.scheduler.add_job(
            self.run_drill,
            CronTrigger(**cron_fields(cfg)),  # type: ignore[arg-type]
            args=[cfg.id],
            id=job_id,
            name=f"drill {cfg.workspace}/{cfg.channel}",
            replace_existing=True,
            # Late by a few minutes (busy loop, suspended VM) is still worth posting; a run missed
            # by more is left to catch_up's grace window. Coalesce: never two posts for one day.
            misfire_grace_time=self.misfire_grace_seconds,
            coalesce=True,
            max_instances=1,
        )

    def schedule_reveal(self, drill_id: int, at: datetime) -> None:
        """A one-off job that reveals a drill; however late it runs, the reveal still happens."""
        self.scheduler.add_job(
            self.run_reveal,
            DateTrigger(run_date=at),
            args=[drill_id],
            id=reveal_job_id(drill_id),
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )

    async def start(self) -> None:
        """Load the jobs from the database, catch up on what was missed, then start firing."""
        self.scheduler.start(paused=True)
        self.rebuild()
        await self.catch_up()
        self.scheduler.resume()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    # -- work --------------------------------------------------------------------------------

    async def run_drill(self, channel_id: int) -> None:
        """The cron job: claim the channel's drill of today and post it."""
        cfg = self.coach.deps.store.channel_by_id(channel_id)
        if cfg is None or cfg.paused:
            return
        post = self.coach.daily.claim(cfg, self.clock.now())
        if post is not None:
            await self._send_drill(post)

    async def run_reveal(self, drill_id: int) -> None:
        """The reveal job: post a drill's answers in its thread, once."""
        if drill_id in self._revealing:
            return
        self._revealing.add(drill_id)
        try:
            post = self.coach.daily.reveal_post(drill_id)
            if post is None:
                return
            await self.sender.send_post(post)
            self.coach.daily.mark_revealed(drill_id)
        except Exception:
            # One channel's failure (deleted channel, missing permission) must not stop others;
            # the reveal stays pending and is retried at the next catch-up.
            log.exception("reveal of drill %s failed", drill_id)
        finally:
            self._revealing.discard(drill_id)

    async def catch_up(self, early: bool = False) -> None:
        """Reveal what is due, re-send unposted drills, post drills missed within the grace.

        Sends go out together (the sender bounds how many at once and paces them), reveals
        before drills so a channel's reveal of yesterday comes before today's question.
        """
        now = self.clock.now()
        reveals = self.coach.daily.due_reveals(self.platform, now)
        await asyncio.gather(*(self.run_reveal(p.drill_id) for p in reveals if p.drill_id))
        sends = [
            self._send_drill(u.post, u.in_flight)
            for u in self.coach.daily.unposted(self.platform, now)
        ]
        for cfg in self.coach.daily.due_drills(self.platform, now, early=early):
            post = self.coach.daily.claim(cfg, now)
            if post is not None:
                sends.append(self._send_drill(post))
        await asyncio.gather(*sends)

    async def _send_drill(self, post: Post, in_flight: bool = False) -> None:
        """Post a claimed drill and record where it went; `in_flight` when an earlier send of it
        began and may have landed (the bot died before recording it): look for it first."""
        assert post.drill_id is not None
        daily = self.coach.daily
        try:
            sent = await self.sender.find_post(post) if in_flight else None
            if sent is not None:
                log.info(
                    "drill %s was already in %s: recorded, not sent again",
                    post.drill_id,
                    post.channel,
                )
            else:
                daily.mark_sending(post.drill_id)
                sent = await self.sender.send_post(post)
        except Deferred as reason:
            if not in_flight:
                daily.mark_sending(post.drill_id, False)  # it never left: nothing to look for
            log.info("drill %s to %s deferred: %s", post.drill_id, post.channel, reason)
            return
        except Exception:
            # It may have landed (a timeout after the platform stored it): sending_at stays set,
            # so the next catch-up looks for it before sending it again.
            log.exception("posting drill %s to %s failed", post.drill_id, post.channel)
            return
        self.coach.daily.mark_posted(post.drill_id, sent.message_id, sent.thread_id)
        drill = self.coach.deps.store.drill(post.drill_id)
        if drill is not None and self.scheduler.running:
            self.schedule_reveal(drill.id, drill.reveal_at)
