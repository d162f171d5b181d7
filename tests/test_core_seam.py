"""Adapters, the scheduler and the terminal talk to the core (handlers), never to the Store.

Only the composition root, bot/runtime.py (it opens the database, hands it to the core and
closes it), and the database command, bot/db.py (migrations and copies are about the database
itself), may hold a store. Everywhere else in bot/ the core's named methods are the way in.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAY_HOLD_THE_STORE = {"bot/runtime.py", "bot/db.py"}
STORE_MODULES = {
    "storage.store",
    "storage.sqlite",
    "storage.postgres",
    "storage.copy",
    "storage.migrations",
}
STORE_NAMES = {"open_store", "Store", "SqliteStore", "PostgresStore"}
CORE_INSIDES = {"store", "deps", "pending", "views", "bank"}
"""Attributes that reach past the core's methods: the store, the core's dependencies, its outage
memory, its views and the bank behind them."""


def reaches_past_the_core(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name in STORE_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module in STORE_MODULES:
                found.append(node.module)
            found += [f"{node.module}.{a.name}" for a in node.names if a.name in STORE_NAMES]
        elif isinstance(node, ast.Attribute) and node.attr in CORE_INSIDES:
            found.append(f".{node.attr} (line {node.lineno})")
    return found


def test_no_bot_module_reaches_the_store() -> None:
    files = sorted((ROOT / "bot").rglob("*.py"))
    assert len(files) > 10
    offenders = {
        name: found
        for f in files
        if (name := str(f.relative_to(ROOT))) not in MAY_HOLD_THE_STORE
        and (found := reaches_past_the_core(f.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_check_itself_sees_each_way_past_the_core() -> None:
    sample = (
        "from storage.sqlite import SqliteStore\nimport storage.store\n"
        "from storage.urls import open_store, sqlite_url\n"
        "coach.deps.picker\nruntime.store.drill(1)\ncoach.pending.failed(e)\n"
    )
    assert reaches_past_the_core(sample) == [
        "storage.sqlite",
        "storage.sqlite.SqliteStore",
        "storage.store",
        "storage.urls.open_store",
        ".deps (line 4)",
        ".store (line 5)",
        ".pending (line 6)",
    ]
