"""Two workers on one PostgreSQL database: each channel's drill is posted once, and a worker
that died between its send and its record is taken over after its lease, without a repost."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.scheduler import DrillScheduler, Sent
from handlers.clock import ManualClock
from handlers.coach import Coach
from handlers.context import CoachSettings
from handlers.daily import LEASE
from handlers.types import Post
from storage.postgres import PostgresStore
from tests.handlers.conftest import set_up, small_bank

pytestmark = pytest.mark.postgres
CHANNELS = [f"C{n}" for n in range(12)]


class Platform:
    """One chat platform both workers post to: the posts in the order they arrived."""

    def __init__(self) -> None:
        self.posts: list[Post] = []


class WorkerSender:
    """One worker's connection to the shared platform; `lose_record` simulates a worker whose
    post reached the platform but who died before hearing back."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.lose_record = False
        self.finds = 0

    async def send_post(self, post: Post) -> Sent:
        await asyncio.sleep(0)  # let the other worker run in between, as a network wait would
        self.platform.posts.append(post)
        if self.lose_record:
            raise ConnectionError("timed out after the platform stored the post")
        return Sent(message_id=f"m{len(self.platform.posts)}", thread_id=f"t{post.drill_id}")

    async def find_post(self, post: Post) -> Sent | None:
        self.finds += 1
        for n, sent in enumerate(self.platform.posts, start=1):
            if sent.kind == post.kind and sent.drill_id == post.drill_id:
                return Sent(message_id=f"m{n}", thread_id=f"t{post.drill_id}")
        return None


@pytest.fixture
async def workers(postgres_url: str):
    url = postgres_url
    clock = ManualClock(datetime(2026, 3, 27, 8, 5, tzinfo=UTC))  # Fri 09:05 Paris
    platform = Platform()
    made = []
    for _ in range(2):
        store = PostgresStore(url)
        coach = Coach(store, small_bank(), clock, CoachSettings(catch_up_grace=timedelta(hours=3)))
        sender = WorkerSender(platform)
        sched = DrillScheduler(
            coach, sender, "slack", clock, scheduler=AsyncIOScheduler(timezone=UTC)
        )
        made.append((store, coach, sender, sched))
    for channel in CHANNELS:
        set_up(made[0][1], clock, "slack", "T1", channel, "time=09:00 tz=Europe/Paris days=mon-fri")
    yield clock, platform, made
    for store, *_ in made:
        store.close()


def drills(platform: Platform, kind: str = "drill") -> list[int | None]:
    return sorted(p.drill_id for p in platform.posts if p.kind == kind)


async def test_two_workers_catching_up_together_post_each_channel_once(workers) -> None:
    clock, platform, made = workers
    await asyncio.gather(*(sched.catch_up() for *_, sched in made))
    await asyncio.gather(*(sched.catch_up() for *_, sched in made))  # and again: nothing new
    posted = drills(platform)
    assert len(posted) == len(CHANNELS) and len(set(posted)) == len(CHANNELS)
    store = made[0][0]
    assert store.execute("SELECT COUNT(*) FROM drills WHERE posted_at IS NULL") == [(0,)]
    # The reveals, due for both at once, go out once each too.
    reveal_at = store.drill(posted[0]).reveal_at  # type: ignore[union-attr]
    clock.set(reveal_at)
    await asyncio.gather(*(sched.catch_up() for *_, sched in made))
    assert drills(platform, "reveal") == posted
    assert store.execute("SELECT COUNT(*) FROM drills WHERE revealed_at IS NULL") == [(0,)]


async def test_a_dead_workers_send_is_taken_over_after_its_lease_without_a_repost(
    workers,
) -> None:
    clock, platform, made = workers
    (_, _, dying, first), (store, _, survivor, second) = made
    dying.lose_record = True
    await first.catch_up()  # every post lands, none is recorded: then the worker is gone
    assert len(drills(platform)) == len(CHANNELS)
    await second.catch_up()  # the leases still hold: the survivor leaves them alone
    assert survivor.finds == 0 and len(platform.posts) == len(CHANNELS)
    clock.advance(LEASE)
    await second.catch_up()  # expired: taken over, found on the platform, recorded
    assert survivor.finds == len(CHANNELS)
    assert len(platform.posts) == len(CHANNELS)
    assert store.execute("SELECT COUNT(*) FROM drills WHERE posted_at IS NULL") == [(0,)]
