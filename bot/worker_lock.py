"""One worker per SQLite database: a second bot process on the same file is refused at start.

SQLite is the single-process default (its writes are serialised by the file itself, and two
schedulers on one file would both post each channel's drill). The lock is an exclusive POSIX
lock on `<database>.worker.lock` beside the file: the kernel releases it when the process ends,
however it ends, so a crashed worker never leaves a stale lock behind. Several workers need
PostgreSQL (README, "Running at scale").
"""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass
from pathlib import Path

from storage.urls import DatabaseUrl


class SecondWorker(RuntimeError):
    """Another process already runs the bot on this SQLite database."""


@dataclass
class WorkerLock:
    path: Path
    fd: int

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # closing the descriptor drops the lock
            self.fd = -1


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".worker.lock")


def _try_lock(path: Path) -> tuple[int, bool]:
    """Open `path` and try its exclusive lock: (descriptor, whether this process holds it).

    POSIX (lockf) rather than flock: a process that builds its runtime twice (tests, a restart
    in place) does not lock itself out; only another process conflicts. A lock file is never
    the file it guards, because closing any descriptor of a file drops the process's locks.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return fd, False
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    return fd, True


def claim_sqlite_worker(database: DatabaseUrl) -> WorkerLock | None:
    """Hold the database's worker lock for this process, or raise SecondWorker; None when the
    database is not a SQLite file (PostgreSQL takes any number of workers)."""
    if database.is_postgres or database.target == ":memory:":
        return None
    path = lock_path(Path(database.target))
    fd, locked = _try_lock(path)
    if not locked:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
        os.close(fd)
        raise SecondWorker(
            f"another coach process (pid {holder}) is already running on {database.target}: "
            "SQLite takes one worker; for several, use PostgreSQL (DATABASE_URL=postgresql://…)"
        )
    return WorkerLock(path, fd)


SPOOL_SLOTS = 64


def claim_spool(path: Path) -> tuple[Path, WorkerLock]:
    """The spool file this process keeps events in: `path` unless another process of this host
    has it, else the first free `<name>-2`, `-3`, ... Workers of one PostgreSQL database on one
    host would otherwise append to, replay and empty one file between them, and lose events.
    What a killed process left in its file is replayed by the next process to take that slot."""
    for slot in range(1, SPOOL_SLOTS + 1):
        spool = path if slot == 1 else path.with_name(f"{path.stem}-{slot}{path.suffix}")
        lock = spool.with_name(spool.name + ".lock")
        fd, locked = _try_lock(lock)
        if locked:
            return spool, WorkerLock(lock, fd)
        os.close(fd)
    raise SecondWorker(
        f"{SPOOL_SLOTS} bot processes of this host already keep spool files in {path.parent}"
    )
