"""The fan-out benchmark's harness runs end to end on a few channels, so it cannot rot."""

from __future__ import annotations

from collections.abc import Iterator

import discord
import pytest
from discord.gateway import DiscordWebSocket

from bench.fanout import PLATFORMS, bench

CHANNELS = 20


@pytest.fixture(autouse=True)
def discord_endpoints() -> Iterator[None]:
    """The harness points discord.py at its fake; put the endpoints back afterwards."""
    saved = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    yield
    discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = saved


async def test_every_drill_lands_once_and_every_figure_is_produced() -> None:
    figures = await bench(list(PLATFORMS), [CHANNELS], {CHANNELS}, latency=0.0, relaxed=True)
    by = {(f.case.split(",")[0], "naive" in f.case, f.metric): f for f in figures}
    for platform in PLATFORMS:
        for naive in (False, True):
            assert by[platform, naive, "posts duplicated"].value == 0
            assert by[platform, naive, "posts missing"].value == 0
            assert by[platform, naive, "drills recorded as posted"].value == CHANNELS
        assert by[platform, False, "429s received"].value == 0
        assert by[platform, False, "wall time, fire to all recorded"].value > 0
        assert by[platform, False, "rate-limit bound (requests / rate)"].value > 0
        assert by[platform, False, "wall / bound"].target == "<= 1.1"
        assert by[platform, False, "CPU per post (bot process)"].value > 0
        assert any(metric.startswith("speed-up of") for _, _, metric in by)
