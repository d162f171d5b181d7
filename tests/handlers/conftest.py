"""A small bank, a temporary database and a movable clock for the core's tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from content.bank import Bank
from content.schema import Question
from handlers.clock import ManualClock
from handlers.coach import Coach
from handlers.context import CoachSettings
from handlers.types import Incoming
from storage.sqlite import SqliteStore


def question(qid: str, topic: str = "nlp", difficulty: str = "medium", **extra: object) -> Question:
    data: dict[str, object] = {
        "id": qid,
        "topic": topic,
        "difficulty": difficulty,
        "prompt": f"Prompt of {qid}?",
        "sources": [{"source": "test", "line": 1, "question": f"Prompt of {qid}?"}],
        "answers": [{"source": "test", "kind": "prose", "text": f"Answer of {qid}."}],
    }
    data.update(extra)
    return Question.model_validate(data)


def small_bank() -> Bank:
    return Bank(
        [
            question("nlp-a"),
            question("nlp-b"),
            question("train-a", topic="training"),
            question("train-b", topic="training", difficulty="hard"),
            question("cv-figure", topic="computer-vision", needs_figure=True),
            question(
                "numeric-q",
                topic="optimisation",
                checker={"kind": "numeric", "spec": {"value": 0.5, "abs_tol": 0.01}},
                reviewed={"answer": "It is 0.5.", "key_points": ["half"]},
            ),
        ]
    )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))  # a Monday


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    s = SqliteStore(tmp_path / "coach.db")
    yield s
    s.close()


@pytest.fixture
def coach(store: SqliteStore, clock: ManualClock) -> Coach:
    return Coach(store, small_bank(), clock, CoachSettings())


class Say:
    """Builds Incoming messages from one place, with fresh message ids."""

    def __init__(self, clock: ManualClock, workspace: str = "w1", channel: str = "c1") -> None:
        self.clock = clock
        self.workspace = workspace
        self.channel = channel
        self.count = 0

    def __call__(self, text: str, user: str = "ann", **kw: object) -> Incoming:
        self.count += 1
        fields: dict[str, object] = {
            "platform": "discord",
            "workspace": self.workspace,
            "channel": self.channel,
            "user": user,
            "text": text,
            "message_id": f"m{self.count}",
            "time": self.clock.now(),
            "user_name": user.title(),
        }
        fields.update(kw)
        return Incoming(**fields)  # type: ignore[arg-type]


@pytest.fixture
def say(clock: ManualClock) -> Say:
    return Say(clock)


def set_up(
    coach: Coach, clock: ManualClock, platform: str, workspace: str, channel: str, setup: str
) -> None:
    """An admin sets a channel up with `/coach setup <setup>`."""
    coach.handle(
        Incoming(
            platform=platform,
            workspace=workspace,
            channel=channel,
            user="admin",
            text=f"/coach setup {setup}",
            message_id=f"setup-{platform}-{workspace}-{channel}",
            time=clock.now(),
            is_admin=True,
        )
    )
