"""The real discord.py client against a fake Discord that answers 503 or 500, holds answers past
the send timeout and drops connections: drills, their threads and reveals get through, each once,
and what landed despite its failure is found (or deduplicated by its nonce), not posted again.

Backoff sleeps are skipped (recorded); a held answer costs its short send timeout. discord.py
itself re-sends after a 500 with real sleeps (1 s first), so only one test uses a 500.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from tests.bot.discord.conftest import World, WorldFactory

SEND_TIMEOUT = 0.3


async def faulty_world(make_world: WorldFactory, timeout: float = SEND_TIMEOUT) -> World:
    world = await make_world(send_timeout=timeout)
    waits: list[float] = []

    async def no_wait(seconds: float) -> None:
        waits.append(seconds)

    world.bot.sender.retry = replace(world.bot.sender.retry, sleep=no_wait)
    await world.setup_channel()
    return world


def integrity_ok(tmp_path: Path) -> bool:
    for path in tmp_path.glob("coach*.db"):
        with sqlite3.connect(path) as db:
            if db.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                return False
    return True


def drills(world: World) -> list[dict]:
    """The bot's messages carrying a drill's buttons in the world's channel."""
    return [m for m in world.fake.bot_messages(world.channel) if m["components"]]


def recorded(world: World, thread_id: str) -> tuple[str | None, str | None]:
    drill = world.store.drill_in_thread("discord", world.guild, world.channel, thread_id)
    return (None, None) if drill is None else (drill.message_id, drill.thread_id)


@pytest.mark.parametrize(
    ("kind", "landed", "times", "status"),
    [
        ("status", False, 3, 503),  # a period of 503s
        ("status", True, 1, 503),  # stored, then a 503: ambiguous
        ("drop", False, 2, 503),
        ("drop", True, 1, 503),  # stored, then the connection dropped
        ("hold", False, 1, 503),  # a timeout before Discord acted
        ("hold", True, 1, 503),  # stored, answer held past the timeout
    ],
)
async def test_a_drill_and_its_thread_are_posted_once_through_faults(
    make_world: WorldFactory, tmp_path: Path, kind: str, landed: bool, times: int, status: int
) -> None:
    world = await faulty_world(make_world)
    route = rf"^/channels/{world.channel}/messages$"
    world.fake.faults.add(route, kind, times=times, method="POST", status=status, landed=landed)  # type: ignore[arg-type]
    message, thread = await world.post_drill()
    assert world.fake.faults.pending() == 0
    assert len(drills(world)) == 1
    assert len(world.fake.threads_of(world.channel)) == 1
    assert recorded(world, thread["id"]) == (message["id"], thread["id"])
    assert integrity_ok(tmp_path)


async def test_a_500_that_landed_is_not_duplicated_by_discord_py_resending_it(
    make_world: WorldFactory, tmp_path: Path
) -> None:
    # discord.py answers a 500 by sending the same POST again after 1 s (a real sleep), blindly;
    # the drill's enforced nonce makes Discord return the stored message instead.
    world = await faulty_world(make_world, timeout=5.0)
    route = rf"^/channels/{world.channel}/messages$"
    world.fake.faults.add(route, "status", method="POST", status=500, landed=True)
    message, thread = await world.post_drill()
    posts = [r for r in world.fake.requests if r.method == "POST" and re.search(route, r.path)]
    assert len(posts) == 1 and world.fake.faults.applied  # the faulted one is not recorded
    assert len(drills(world)) == 1
    assert recorded(world, thread["id"]) == (message["id"], thread["id"])
    assert integrity_ok(tmp_path)


async def test_a_thread_created_despite_a_dropped_answer_is_kept(
    make_world: WorldFactory, tmp_path: Path
) -> None:
    world = await faulty_world(make_world)
    world.fake.faults.add(r"/threads$", "drop", method="POST", landed=True)
    message, thread = await world.post_drill()
    # The retry was refused with 160004 (thread already exists): its id is the message's.
    assert world.fake.statuses(r"/threads$")[-1] == 400
    assert len(world.fake.threads_of(world.channel)) == 1
    assert recorded(world, thread["id"]) == (message["id"], message["id"])
    assert integrity_ok(tmp_path)


async def test_a_reveal_landing_despite_faults_is_posted_once(
    make_world: WorldFactory, tmp_path: Path
) -> None:
    world = await faulty_world(make_world)
    _, thread = await world.post_drill()
    drill = world.store.drill_in_thread("discord", world.guild, world.channel, thread["id"])
    assert drill is not None
    route = rf"^/channels/{thread['id']}/messages$"
    world.fake.faults.add(route, "status", method="POST", times=2)
    world.fake.faults.add(route, "hold", method="POST", landed=True)
    await world.scheduler.run_reveal(drill.id)
    assert world.fake.faults.pending() == 0
    assert len(world.fake.bot_messages(thread["id"])) >= 1
    texts = [m["content"] for m in world.fake.bot_messages(thread["id"])]
    assert len(texts) == len(set(texts))  # no chunk twice
    assert world.store.drill(drill.id).revealed_at is not None  # type: ignore[union-attr]
    assert integrity_ok(tmp_path)
