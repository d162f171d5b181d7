"""At Slack's ready point the bot's long-lived objects are frozen out of the collector's way."""

from __future__ import annotations

import asyncio
import gc

from bot.slack.modes import drilling
from tests.bot.slack.conftest import Harness


async def test_drilling_freezes_what_is_loaded_once_the_timetable_is_ready(
    slack: Harness,
) -> None:
    await slack.setup_channel("optimisation")
    frozen_before = gc.get_freeze_count()
    try:
        async with asyncio.timeout(5), drilling(slack.bot):
            assert gc.get_freeze_count() > frozen_before
    finally:
        if not frozen_before:  # leave the test process as it was
            gc.unfreeze()
