"""Everything that touches the database: migrations and named query functions.

`SqliteStore` is the one implementation today; the core depends only on its methods, so a
PostgreSQL store can sit beside it later.
"""

from storage.records import Attempt, ChannelConfig, Drill, Figures, Person, Practice
from storage.sqlite import SqliteStore

__all__ = ["Attempt", "ChannelConfig", "Drill", "Figures", "Person", "Practice", "SqliteStore"]
