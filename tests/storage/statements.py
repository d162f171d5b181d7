"""What SQL a Store method really runs, for tests that explain its plan."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from storage.store import Row, Store


def statements_of(store: Store, call: Callable[[], Any]) -> list[tuple[str, Sequence[Any]]]:
    """The (sql, params) of every statement `call` makes the store run."""
    seen: list[tuple[str, Sequence[Any]]] = []
    run = store._run

    def recording(sql: str, params: Sequence[Any] = ()) -> tuple[list[Row], int]:
        seen.append((sql, params))
        return run(sql, params)

    store._run = recording  # type: ignore[method-assign]
    try:
        call()
    finally:
        del store._run
    return seen
