"""SIGTERM while Discord's gateway is down: the stop ends within SHUTDOWN_GRACE_SECONDS instead
of waiting out discord.py's reconnection (growing pauses between refused connections), so
`docker stop` and Heroku never have to SIGKILL it. The real `python -m bot discord` process."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from tests.bot.faults.test_sigkill import Log
from tests.bot.test_sigterm import seed, start_bot
from tests.fakes.discord_server import FakeDiscord

GRACE = 3


async def test_sigterm_during_a_gateway_outage_stops_within_the_grace(tmp_path: Path) -> None:
    fake = FakeDiscord()
    await fake.start()
    database = tmp_path / "coach.db"
    seed(database, fake)
    bot = None
    try:
        bot = await start_bot(fake, database, SHUTDOWN_GRACE_SECONDS=str(GRACE))
        log = Log(bot)
        await log.wait_for("caught up on thread replies")
        fake.gateway_refuses = True  # the outage: every reconnection is refused
        await fake.drop_connection(resumable=True)
        # discord.py now sleeps between tries, up to minutes; a close does not wake it.
        await fake.wait_for(lambda: fake.gateway_refused >= 3, timeout=60)
        bot.send_signal(signal.SIGTERM)
        status = await asyncio.wait_for(bot.wait(), GRACE + 2)
        assert status == 0, "".join(log.lines)
        await log.wait_for("database closed")
        stop = next(i for i, line in enumerate(log.lines) if "stopping (SIGTERM)" in line)
        # A clean stop (discord.py may still log a refused reconnection, with its traceback).
        ours = [line for line in log.lines[stop:] if '"logger": "discord.' not in line]
        assert not any("Traceback" in line for line in ours), ours
    finally:
        if bot is not None and bot.returncode is None:
            bot.kill()
            await bot.wait()
        await fake.close()
