"""The other side of `bench.fanout`: a fake Discord or Slack, rate-limited, in a process of its own.

    python -m bench.fanout_fake --platform discord --channels 1000 --latency 0.05

Run by bench/fanout.py so the fake's CPU (parsing, rate counting, answering) is neither counted
as the bot's nor steals its event loop. It speaks JSON lines: on start it prints its endpoints,
token and channels ([workspace, channel] pairs); then it answers each command read from stdin:

    {"cmd": "tally"}   -> {"posts": [n, ...], "threads": [n, ...], "requests": n,
                           "rate_limited": n, "first_last": [t, t]}
        posts and threads per channel, in order; when the first and the last post or thread
        arrived (Discord: CLOCK_MONOTONIC, shared across processes on Linux; Slack: the epoch)
    {"cmd": "quit"}
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
from typing import Any

from tests.fakes.discord_server import FakeDiscord
from tests.fakes.slack_server import FakeSlack, RateLimits

CHANNELS_PER_GUILD = 100


async def discord_world(options: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    fake = FakeDiscord(
        global_limit=(options.global_limit, 1.0),
        channel_limit=(options.channel_limit, options.channel_period),
        latency=options.latency,
    )
    await fake.start()
    channels: list[tuple[str, str]] = []
    for start in range(0, options.channels, CHANNELS_PER_GUILD):
        guild = fake.add_guild(f"Study group {start // CHANNELS_PER_GUILD}")
        count = min(CHANNELS_PER_GUILD, options.channels - start)
        channels += [(guild, fake.add_channel(guild, f"drills-{i}")) for i in range(count)]
    ready = {
        "api_base": fake.api_base,
        "gateway_url": fake.gateway_url,
        "token": fake.token,
        "channels": channels,
    }
    return fake, ready


async def slack_world(options: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    limits = RateLimits(
        per_channel_interval=options.channel_period / options.channel_limit,
        workspace_per_minute=options.cap,
        workspace_window=options.window,
    )
    fake = FakeSlack(limits=limits, latency=options.latency)
    base_url = await fake.start()
    team = fake.teams["T1"]
    channels = [(team.id, f"C{i:06d}") for i in range(options.channels)]
    return fake, {"base_url": base_url, "token": team.bot_token, "channels": channels}


def tally(fake: Any, channels: list[tuple[str, str]]) -> dict[str, Any]:
    """Posts and threads per channel, as the fake recorded them, and the 429s it sent."""
    if isinstance(fake, FakeDiscord):
        posted = [r.at for r in fake.requests if r.method == "POST" and r.status < 300]
        return {
            "posts": [len(fake.bot_messages(c)) for _, c in channels],
            "threads": [len(fake.threads_of(c)) for _, c in channels],
            "requests": len(fake.requests),
            "rate_limited": sum(1 for r in fake.requests if r.status == 429),
            "first_last": [min(posted, default=0.0), max(posted, default=0.0)],
        }
    posted = [c.at for c in fake.calls if c.method == "chat.postMessage" and c.status == 200]
    top = [
        [m for m in fake.messages.get(c, []) if m.get("thread_ts") in (None, m["ts"])]
        for _, c in channels
    ]
    return {
        "posts": [len(found) for found in top],
        "threads": [len(found) for found in top],  # on Slack a post's own ts is its thread
        "requests": len(fake.calls),
        "rate_limited": sum(1 for c in fake.calls if c.status == 429),
        "first_last": [min(posted, default=0.0), max(posted, default=0.0)],
    }


async def serve(options: argparse.Namespace) -> None:
    build = discord_world if options.platform == "discord" else slack_world
    fake, ready = await build(options)
    gc.freeze()  # the world is built: keep the fake's collections short while it serves
    print(json.dumps(ready), flush=True)
    loop = asyncio.get_running_loop()
    try:
        while line := await loop.run_in_executor(None, sys.stdin.readline):
            if json.loads(line)["cmd"] != "tally":
                break
            print(json.dumps(tally(fake, ready["channels"])), flush=True)
    finally:
        await (fake.close() if isinstance(fake, FakeDiscord) else fake.stop())


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.fanout_fake", description=__doc__)
    parser.add_argument("--platform", choices=("discord", "slack"), required=True)
    parser.add_argument("--channels", type=int, required=True)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per response")
    parser.add_argument("--global-limit", type=int, default=50, help="Discord: requests/s")
    parser.add_argument("--channel-limit", type=int, default=5, help="posts per channel period")
    parser.add_argument("--channel-period", type=float, default=5.0, help="seconds")
    parser.add_argument("--cap", type=int, default=3000, help="Slack: workspace posts/minute")
    parser.add_argument("--window", type=float, default=1.0, help="Slack: seconds the cap counts")
    return parser


def main(argv: list[str] | None = None) -> int:
    asyncio.run(serve(parser().parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
