"""A client-side bound on each PostgreSQL statement, for a server that stops answering.

The server's own `statement_timeout` ends a slow statement, and TCP keepalives with
`tcp_user_timeout` end a connection whose packets go unacknowledged. Neither helps when the
server's host still acknowledges packets but the server does nothing (a frozen process, a host
in trouble): the statement waits for ever, and the bot's event loop with it. A watchdog thread
then shuts the connection's socket down once a statement has run `seconds`; psycopg sees the
connection fail, the store reports the database unavailable, and the next statement reconnects.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Deadline:
    """One watchdog for one connection at a time; `running(fd)` around each statement."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.cut = 0
        """How many statements were cut off (for the log and tests)."""
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._fd: int | None = None
        self._since = 0.0
        self._closed = False
        self._thread = threading.Thread(target=self._watch, name="pg-deadline", daemon=True)
        self._thread.start()

    @contextmanager
    def running(self, fd: int) -> Iterator[None]:
        """Cut the connection on `fd` if the block is still running after `seconds`."""
        with self._lock:
            self._fd, self._since = fd, time.monotonic()
        self._wake.set()
        try:
            yield
        finally:
            with self._lock:
                self._fd = None

    def close(self) -> None:
        self._closed = True
        self._wake.set()
        self._thread.join(timeout=1)

    def _watch(self) -> None:
        while not self._closed:
            with self._lock:
                fd, since = self._fd, self._since
            if fd is None:
                self._wake.wait()
                self._wake.clear()
                continue
            left = since + self.seconds - time.monotonic()
            if left > 0:
                self._wake.wait(left)
                self._wake.clear()
                continue
            with self._lock:
                if self._fd == fd and self._since == since:
                    self._shut(fd)
                    self._fd = None

    def _shut(self, fd: int) -> None:
        # A duplicate of the descriptor: shutdown acts on the connection itself, and closing
        # the duplicate leaves psycopg's descriptor to psycopg.
        try:
            with socket.socket(fileno=os.dup(fd)) as sock:
                sock.shutdown(socket.SHUT_RDWR)
            self.cut += 1
        except OSError:
            pass  # the connection ended meanwhile
