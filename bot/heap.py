"""Keeping the cyclic garbage collector off what a ready bot keeps for the life of the process."""

from __future__ import annotations

import gc


def freeze_survivors() -> None:
    """Collect once, then exempt every object alive now from later collections.

    Run when the bot is ready: the bank, the timetable and the platform's caches (guilds,
    channels, members) stay until the process ends, yet every full collection would walk them
    again, handling no event meanwhile (bench.ingest on a busy 2-core machine: a full collection
    of 99,000 objects took 144-279 ms, i.e. 70-140 replies at 500/s; with 83,600 of them frozen,
    15-22 ms). Objects freed later by their reference count are still freed; only reference
    cycles among these survivors would never be.
    """
    gc.collect()
    gc.freeze()
