"""The command table is the truth about each command: what it writes, who may run it, its text.

Every command is run, as it would be typed, against a store that records its statements: a
command whose entry says it writes nothing must not write (else a database outage would run it
ahead of the answers kept in memory), and one that says it writes must write when given its
example arguments.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from handlers.clock import ManualClock
from handlers.coach import Coach
from handlers.command_table import COMMANDS, TABLE, help_text
from handlers.commands import Entry, command_words, parse
from handlers.context import CoachSettings
from handlers.types import Attachment
from storage.sqlite import SqliteStore
from tests.handlers.conftest import Say, small_bank

WRITES = {"INSERT", "UPDATE", "DELETE", "REPLACE"}
EXAMPLE_PACK = Path(__file__).resolve().parents[2] / "examples" / "packs" / "ours.yaml"


class RecordingStore(SqliteStore):
    """A SQLite store that remembers the verb of every statement run through it."""

    def __init__(self, path: Path) -> None:
        self.verbs: list[str] = []
        super().__init__(path)

    def _run(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[Any], int]:
        self.verbs.append(sql.lstrip().split(None, 1)[0].upper())
        return super()._run(sql, params)

    def writes(self) -> list[str]:
        unknown = set(self.verbs) - WRITES - {"SELECT"}
        assert not unknown, f"statements neither read nor write: {unknown}"
        return [v for v in self.verbs if v in WRITES]


def invocations() -> Iterator[tuple[str, bool, str]]:
    """(entry name, with arguments?, text) for every form of every command: bare, with every
    example argument, and each keyword sub-form."""
    for entry in COMMANDS:
        yield entry.name, False, f"/coach {entry.name}"
        yield entry.name, True, "/coach " + " ".join(command_words(entry, _examples(entry)))
        for option in entry.options:
            if option.keyword:
                yield entry.name, True, f"/coach {entry.name} {option.keyword} {option.example}"


def _examples(entry: Entry) -> dict[str, str | None]:
    values: dict[str, str | None] = {}
    for option in entry.options:
        if not option.keyword:
            first = option.choices[0].value if option.choices else ""
            values[option.name] = option.example or first
    return values


@pytest.fixture
def world(tmp_path: Path, clock: ManualClock) -> Iterator[tuple[Coach, RecordingStore, Say]]:
    """A channel set up with a posted drill that ann answered, and a practice question of hers."""
    store = RecordingStore(tmp_path / "coach.db")
    coach = Coach(store, small_bank(), clock, CoachSettings())
    say = Say(clock)
    coach.handle(say("/coach setup time=08:00 topics=optimisation", is_admin=True))
    (cfg,) = coach.daily.channels("discord")
    post = coach.daily.claim(cfg, clock.now())
    assert post is not None and post.drill_id is not None
    coach.daily.mark_posted(post.drill_id, "post1", "t1")
    coach.handle(say("0.4", thread="t1"))
    coach.handle(say("/coach drill"))
    yield coach, store, say
    store.close()


@pytest.mark.parametrize(("name", "with_arguments", "text"), list(invocations()))
def test_a_command_writes_only_if_its_entry_says_so(
    world: tuple[Coach, RecordingStore, Say], name: str, with_arguments: bool, text: str
) -> None:
    coach, store, say = world
    entry = TABLE[name]
    declared = entry.writes_for(parse(text, TABLE))
    store.verbs.clear()
    takes_file = any(o.form == "file" for o in entry.options)
    upload = Attachment("ours.yaml", EXAMPLE_PACK.read_bytes()) if with_arguments else None
    replies = coach.handle(say(text, is_admin=True, attachment=upload if takes_file else None))
    assert replies, f"{text!r} gave no reply"
    written = store.writes()
    if declared == "nothing":
        assert written == [], f"{text!r} wrote {written} but its entry says it writes nothing"
    elif with_arguments:  # a bare `/coach answer` is refused: there is nothing to record
        assert written, f"{text!r} wrote nothing but its entry says it writes ({declared})"


@pytest.mark.parametrize("entry", [e for e in COMMANDS if e.who == "admin"], ids=lambda e: e.name)
def test_an_admin_command_refuses_others_and_writes_nothing(
    world: tuple[Coach, RecordingStore, Say], entry: Entry
) -> None:
    coach, store, say = world
    store.verbs.clear()
    (reply,) = coach.handle(say(f"/coach {entry.name}", is_admin=False))
    assert "Only an admin" in reply.text and store.writes() == []


def test_help_lists_every_command_and_unknown_ones_name_them_all() -> None:
    assert all(f"`/coach {e.name}" in help_text() for e in COMMANDS)
    with pytest.raises(ValueError, match=", ".join(TABLE)):
        parse("/coach nonsense", TABLE)
