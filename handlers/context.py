"""What every part of the core is given: the store, the bank, the clock and the core settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from content.bank import Bank
from content.catalog import Catalog
from content.checkers.code.program import CodeRunner
from content.grading import shipped_grader
from handlers.clock import Clock
from handlers.grading import Grader
from handlers.picking import Picker
from storage.records import ChannelConfig
from storage.store import Store


@dataclass(frozen=True)
class CoachSettings:
    """The core's knobs (bot/settings.py fills them from the environment)."""

    default_tz: str = "UTC"
    """Timezone of a channel set up without tz=."""
    max_answer_chars: int = 4000
    catch_up_grace: timedelta = timedelta(hours=3)
    """A drill missed earlier today (bot down at drill time) is still posted within this window."""
    leaderboard_size: int = 10


@dataclass
class Deps:
    """The core's dependencies, passed in (no module-level singletons)."""

    store: Store
    bank: Bank
    clock: Clock
    settings: CoachSettings
    picker: Picker = field(init=False)
    on_channel_change: list[Callable[[ChannelConfig], None]] = field(default_factory=list)
    """Called after a channel's setup changes (the scheduler rebuilds that channel's job)."""
    code_runner: CodeRunner | None = None
    """The sandbox for code answers (bot/sandbox.py); None: code questions are off."""
    grader: Grader | None = None
    """Grades prose answers' key points; the shipped offline grader when none is given."""

    catalog: Catalog = field(init=False)
    """The bank with every pack (the same object as `bank` once built)."""

    def __post_init__(self) -> None:
        if not isinstance(self.bank, Catalog):
            self.bank = Catalog(self.bank)
        self.catalog = self.bank
        self.picker = Picker(self.catalog, runs_code=self.code_runner is not None)
        if self.grader is None:
            self.grader = shipped_grader(self.bank)
