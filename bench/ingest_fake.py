"""The other side of `bench.ingest`: a fake Discord and its crowd, in a process of their own.

    python -m bench.ingest_fake --channels 8 --people 400

Run by bench/ingest.py so the fake's CPU (building and sending events, serving reactions) does
not compete with the bot it measures. It speaks JSON lines: on start it prints the fake's
endpoints, guild, channels and people; then for each command read from stdin it prints one
answer:

    {"cmd": "load", "threads": [[thread_id, [text, ...]], ...], "rate": 500, "count": 5000}
        Open loop: reply i is sent at start + i/rate whatever the bot is doing, from a person
        and thread picked by a seeded generator. Answers {"sent": [[message_id, t], ...],
        "reactions": n} with t the CLOCK_MONOTONIC time just before the event was sent (the
        clock is shared across processes on Linux) and n the reactions received so far.
    {"cmd": "quit"}
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from typing import Any

from tests.fakes.discord_server import FakeDiscord


async def offer(fake: FakeDiscord, people: list[str], command: dict[str, Any]) -> dict[str, Any]:
    """Send `count` thread replies at `rate` per second; when each one left."""
    threads = command["threads"]
    rate, count = float(command["rate"]), int(command["count"])
    pick = random.Random(count)
    sent: list[tuple[str, float]] = []
    start = time.monotonic() + 0.01
    for i in range(count):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        thread, texts = threads[pick.randrange(len(threads))]
        person = people[pick.randrange(len(people))]
        now = time.monotonic()
        message = await fake.user_says(thread, person, pick.choice(texts))
        sent.append((message["id"], now))
    return {"sent": sent, "reactions": len(fake.reactions)}


async def serve(channels: int, people: int) -> None:
    fake = FakeDiscord()
    await fake.start()
    guild = fake.add_guild()
    channel_ids = [fake.add_channel(guild, f"drills-{i}") for i in range(channels)]
    crowd = [fake.snowflake() for _ in range(people)]
    for i, person in enumerate(crowd):
        fake.add_member(guild, person, f"person-{i}")
    ready = {
        "api_base": fake.api_base,
        "gateway_url": fake.gateway_url,
        "token": fake.token,
        "guild": guild,
        "channels": channel_ids,
    }
    print(json.dumps(ready), flush=True)
    loop = asyncio.get_running_loop()
    try:
        while line := await loop.run_in_executor(None, sys.stdin.readline):
            command = json.loads(line)
            if command["cmd"] != "load":
                break
            print(json.dumps(await offer(fake, crowd, command)), flush=True)
    finally:
        await fake.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest_fake", description=__doc__)
    parser.add_argument("--channels", type=int, default=8)
    parser.add_argument("--people", type=int, default=400)
    args = parser.parse_args(argv)
    asyncio.run(serve(args.channels, args.people))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
