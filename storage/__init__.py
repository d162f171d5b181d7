"""Everything that touches the database: migrations and named query functions.

`Store` holds every query; `SqliteStore` and `PostgresStore` bring the connection, and
`open_store(DATABASE_URL)` picks one. The core depends only on `Store`'s methods.
"""

from storage.records import Attempt, ChannelConfig, Drill, Figures, Person, Practice
from storage.sqlite import SqliteStore
from storage.store import Store

__all__ = [
    "Attempt",
    "ChannelConfig",
    "Drill",
    "Figures",
    "Person",
    "Practice",
    "SqliteStore",
    "Store",
]
