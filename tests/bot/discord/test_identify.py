"""IDENTIFY pacing: shards in different max_concurrency buckets start together, shards of one
bucket 5 seconds apart (a manual clock; nothing sleeps)."""

from __future__ import annotations

from bot.discord.identify import IDENTIFY_INTERVAL, IdentifyBuckets


class Time:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


async def test_shards_of_different_buckets_do_not_wait() -> None:
    time = Time()
    buckets = IdentifyBuckets(4, time.clock, time.sleep)
    for shard in range(4):
        await buckets.wait_turn(shard)
    assert time.slept == []


async def test_a_bucket_starts_one_session_per_interval() -> None:
    time = Time()
    buckets = IdentifyBuckets(2, time.clock, time.sleep)
    await buckets.wait_turn(0)
    await buckets.wait_turn(1)
    time.now += 1.0
    await buckets.wait_turn(2)  # bucket 0 again, 1 s after shard 0
    assert time.slept == [IDENTIFY_INTERVAL - 1.0]
    await buckets.wait_turn(3)  # bucket 1: shard 1 went 5 s ago by now
    assert time.slept == [IDENTIFY_INTERVAL - 1.0]


async def test_a_concurrency_of_one_is_discords_one_per_five_seconds() -> None:
    time = Time()
    buckets = IdentifyBuckets(1, time.clock, time.sleep)
    for shard in range(3):
        await buckets.wait_turn(shard)
    assert time.slept == [IDENTIFY_INTERVAL, IDENTIFY_INTERVAL]
