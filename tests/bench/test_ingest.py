"""The ingestion benchmark's harness, on a tiny load: every reply recorded once, figures out."""

from __future__ import annotations

import discord
from discord.gateway import DiscordWebSocket

from bench.ingest import figures, measure, sqlite_store


def test_a_tiny_load_is_recorded_exactly_once_and_measured() -> None:
    endpoints = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    run = measure(sqlite_store, rate=2000, count=40, people=12, threads=2)

    warm_up, target, saturated = run.loads["warm-up"], run.loads["target"], run.loads["saturated"]
    assert [len(load.sent) for load in (warm_up, target, saturated)] == [20, 40, 40]
    assert run.recorded == run.distinct == run.sent == 100
    assert target.handled == len(target.latencies_ms) == len(target.core_ms) == 40
    pairs = zip(target.core_ms, target.latencies_ms, strict=True)
    assert all(0 < core <= total for core, total in pairs)
    # One thread asks a numeric-checked question, the other a prose one.
    assert run.verdicts.get("correct", 0) > 0 and run.verdicts.get("received", 0) > 0
    assert set(run.verdicts) <= {"correct", "incorrect", "received"}
    assert endpoints == (discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)

    table = {f.metric: f for f in figures("SQLite WAL", run, 12)}
    assert table["answers recorded / sent"].value == 100 and table["answers recorded / sent"].ok
    assert table["latency p99"].value >= table["latency p50"].value > 0
    assert table["sustained"].value > 0 and table["max sustained"].value > 0
