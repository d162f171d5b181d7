"""SQLite takes one worker: a second bot process on the same file is refused with one clear line,
and the file is free again once the first process stops, however it stops."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.runtime import build_runtime
from bot.settings import load_settings
from bot.worker_lock import SecondWorker, claim_sqlite_worker
from storage.urls import parse_database_url, sqlite_url
from tests.handlers.conftest import small_bank

ROOT = Path(__file__).resolve().parents[2]

# The bot's own start (build_runtime, as every adapter calls it); says "ready" once running,
# stops when told to on stdin.
WORKER = """
import sys
from bot.runtime import build_runtime
from bot.settings import SettingsError, load_settings
try:
    runtime = build_runtime(load_settings())
except SettingsError as err:
    print(err, file=sys.stderr)
    sys.exit(2)
print("ready", flush=True)
sys.stdin.readline()
runtime.close()
"""


def start_worker(database: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "DATABASE_URL": sqlite_url(database)}
    for name in ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SPOOL_FILE"):
        env.pop(name, None)
    return subprocess.Popen(
        [sys.executable, "-c", WORKER],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_ready(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line != "ready\n":
        _, err = proc.communicate(timeout=60)
        pytest.fail(f"the first worker did not start: {err.strip()[-500:]}")


def test_a_second_worker_on_one_sqlite_file_is_refused(tmp_path: Path) -> None:
    database = tmp_path / "coach.db"
    first = start_worker(database)
    try:
        wait_ready(first)
        second = start_worker(database)
        out, err = second.communicate(timeout=60)
        assert second.returncode == 2
        lines = err.strip().splitlines()
        assert len(lines) == 1
        assert f"another coach process (pid {first.pid}) is already running" in lines[0]
        assert "use PostgreSQL" in lines[0]
        assert "ready" not in out
    finally:
        first.communicate("stop\n", timeout=60)
    assert first.returncode == 0
    # Stopped cleanly: the next worker starts.
    again = start_worker(database)
    wait_ready(again)
    # Killed outright: the kernel drops the lock with the process, no stale lock file refuses.
    again.send_signal(signal.SIGKILL)
    again.communicate(timeout=60)
    after_kill = start_worker(database)
    wait_ready(after_kill)
    after_kill.communicate("stop\n", timeout=60)
    assert after_kill.returncode == 0


def test_one_process_may_open_its_own_database_twice(tmp_path: Path) -> None:
    database = parse_database_url(sqlite_url(tmp_path / "coach.db"))
    first = claim_sqlite_worker(database)
    second = claim_sqlite_worker(database)
    assert first is not None and second is not None
    second.release()
    first.release()


def test_postgresql_and_memory_databases_take_no_lock() -> None:
    assert claim_sqlite_worker(parse_database_url("postgresql://127.0.0.1/coach")) is None
    assert claim_sqlite_worker(parse_database_url("sqlite:///:memory:")) is None


def test_the_refusal_is_a_second_worker_error(tmp_path: Path) -> None:
    database = tmp_path / "coach.db"
    holder = start_worker(database)
    try:
        wait_ready(holder)
        with pytest.raises(SecondWorker, match="SQLite takes one worker"):
            claim_sqlite_worker(parse_database_url(sqlite_url(database)))
    finally:
        holder.communicate("stop\n", timeout=60)


# Holds the spool slot it is given until told to stop (another worker of this host).
SPOOL_HOLDER = """
import sys
from pathlib import Path
from bot.worker_lock import claim_spool
spool, lock = claim_spool(Path(sys.argv[1]))
print(spool, flush=True)
sys.stdin.readline()
"""


def hold_spool(path: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", SPOOL_HOLDER, str(path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


def test_workers_of_one_host_keep_events_in_spool_files_of_their_own(tmp_path: Path) -> None:
    spool = tmp_path / "kept-events.jsonl"
    first, first_file = hold_spool(spool)
    second, second_file = hold_spool(spool)
    try:
        assert first_file == str(spool)
        assert second_file == str(tmp_path / "kept-events-2.jsonl")
        # The bot's own start takes the next free one, and gives it back when closed.
        settings = load_settings(
            {"DATABASE_URL": sqlite_url(tmp_path / "c.db"), "SPOOL_FILE": str(spool)}
        )
        runtime = build_runtime(settings, bank=small_bank())
        assert runtime.coach.pending.spool is not None
        assert runtime.coach.pending.spool.path == tmp_path / "kept-events-3.jsonl"
        runtime.close()
    finally:
        first.communicate("stop\n", timeout=60)
    # The first slot is free again: the next process to start takes it (and replays its file).
    third, third_file = hold_spool(spool)
    third.communicate("stop\n", timeout=60)
    second.communicate("stop\n", timeout=60)
    assert third_file == str(spool)
