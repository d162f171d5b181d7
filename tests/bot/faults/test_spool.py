"""An answer kept during a database outage survives the bot's stop (SIGTERM) or death (SIGKILL):
it waits in the spool file and the next start writes it, saying how many.

The bot is the real `python -m bot discord` in a subprocess, against the fake Discord; the
outage is real: another process holds SQLite's write lock, so every write of the bot times out.
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
from pathlib import Path

import pytest

from tests.bot.faults.test_sigkill import Log
from tests.bot.test_sigterm import seed, start_bot
from tests.fakes.discord_server import FakeDiscord


def attempts(database: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return db.execute('SELECT message_id, "user" FROM attempts').fetchall()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
async def test_an_answer_kept_when_the_bot_stops_is_written_at_the_next_start(
    tmp_path: Path, stop: signal.Signals
) -> None:
    fake = FakeDiscord()
    await fake.start()
    database = tmp_path / "coach.db"
    guild, _channels = seed(database, fake)
    person = fake.snowflake()
    fake.add_member(guild, person, "Ann")
    quick = {"DATABASE_LOCK_TIMEOUT_SECONDS": "0.2", "PENDING_RETRY_SECONDS": "3600"}
    bot = again = None
    lock = sqlite3.connect(database, isolation_level=None)
    try:
        bot = await start_bot(fake, database, **quick)
        log = Log(bot)
        # The drills missed at start are posted and recorded before the threads are read.
        await log.wait_for("caught up on thread replies")
        threads = [c for c in fake.channels.values() if c["type"] == 11]
        assert threads
        lock.execute("BEGIN IMMEDIATE")  # the outage: the bot can read, not write
        reply = await fake.user_says(threads[0]["id"], person, "Attention weighs tokens.")
        await fake.wait_for(lambda: fake.reactions_on(reply["id"]), timeout=20)
        assert fake.reactions_on(reply["id"]) == ["📝"]  # kept, and told so
        bot.send_signal(stop)
        code = await asyncio.wait_for(bot.wait(), 25)
        assert code == (0 if stop == signal.SIGTERM else -signal.SIGKILL)
        if stop == signal.SIGTERM:
            await log.wait_for("kept event(s) the database could not take")
            assert any("written at the next start" in line for line in log.lines)
        lock.execute("ROLLBACK")  # the database is back
        assert attempts(database) == []
        assert (tmp_path / "coach.db.kept.jsonl").stat().st_size > 0

        again = await start_bot(fake, database, **quick)
        restart = Log(again)
        await restart.wait_for("replayed 1 of 1 kept event(s) from the spool")
        assert attempts(database) == [(reply["id"], person)]
        await restart.wait_for("caught up on thread replies")  # running: SIGTERM is handled
        again.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(again.wait(), 25) == 0
        assert (tmp_path / "coach.db.kept.jsonl").stat().st_size == 0  # nothing left waiting
        assert not any("Traceback" in line for line in log.lines + restart.lines)
    finally:
        lock.close()
        for proc in (bot, again):
            if proc is not None and proc.returncode is None:
                proc.kill()
                await proc.wait()
        await fake.close()
