"""The one failure the core handles itself: the store cannot read or write right now.

Each dialect translates its driver's "try again later" errors (SQLite: disk full, locked or busy,
I/O error, read-only; PostgreSQL: connection lost, disk full, out of resources, lock timeout)
into `StoreUnavailable`, after rolling the failed transaction back. Anything else (a broken query,
a constraint) is a bug and passes unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


class StoreUnavailable(RuntimeError):
    """The database cannot take this read or write now; the same call may work later."""


def first_line(err: BaseException) -> str:
    """The driver's message in one line (never a multi-line dump in the log)."""
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


@contextmanager
def unavailable_when(transient: Callable[[BaseException], bool], dialect: str) -> Iterator[None]:
    """Raise StoreUnavailable instead of the driver errors `transient` accepts."""
    try:
        yield
    except StoreUnavailable:
        raise
    except Exception as err:
        if not transient(err):
            raise
        raise StoreUnavailable(f"{dialect}: {first_line(err)}") from err
