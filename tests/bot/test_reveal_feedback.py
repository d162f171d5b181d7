"""Key-point feedback at the scheduled reveal: after the public post, one private post per
answerer; one that cannot be delivered stops neither the others nor the reveal. And the same
drill through the terminal, where the private lines are marked."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from bot.console.cli import run
from bot.scheduler import DrillScheduler, Sent
from bot.settings import load_settings
from content.bank import Bank, load_bank
from content.grading.llm import LlmGrader
from handlers.clock import ManualClock
from handlers.coach import Coach
from handlers.context import CoachSettings
from handlers.types import Incoming, Post
from storage.sqlite import SqliteStore

QID = "compare-batch-norm-layer-norm"
ANSWER = "BN normalizes each feature across the batch, LN each example across its features"


@cache
def graded_bank() -> Bank:
    question = load_bank().get(QID)
    assert question is not None
    return Bank([question])


class Sender:
    def __init__(self, refuse: str = "") -> None:
        self.posts: list[Post] = []
        self.refuse = refuse

    async def send_post(self, post: Post) -> Sent:
        if post.user is not None and post.user == self.refuse:
            raise PermissionError("direct messages closed")
        self.posts.append(post)
        return Sent(message_id=f"m{len(self.posts)}", thread_id="th")

    async def find_post(self, post: Post) -> Sent | None:
        return None


def _incoming(clock: ManualClock, user: str, text: str, **extra: object) -> Incoming:
    return Incoming(
        platform="slack",
        workspace="T1",
        channel="C1",
        user=user,
        text=text,
        message_id=f"{user}-{text[:8]}",
        time=clock.now(),
        **extra,  # type: ignore[arg-type]
    )


async def open_graded_drill(
    tmp_path: Path, sender: Sender, llm: LlmGrader | None = None
) -> tuple[Coach, DrillScheduler, SqliteStore, int]:
    """A Slack channel drilling the graded question daily at 09:00 UTC, today's drill posted."""
    clock = ManualClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    store = SqliteStore(tmp_path / "c.db")
    coach = Coach(store, graded_bank(), clock, CoachSettings())
    setup = "/coach setup time=09:00 tz=UTC days=daily"
    coach.handle(_incoming(clock, "UADM", setup, is_admin=True))
    clock.advance(timedelta(hours=1))
    scheduler = DrillScheduler(coach, sender, "slack", clock, llm=llm)
    await scheduler.catch_up()
    drill_id = sender.posts[0].drill_id
    assert drill_id is not None
    return coach, scheduler, store, drill_id


async def test_feedback_follows_the_reveal_and_a_refusal_stops_nothing(tmp_path: Path) -> None:
    sender = Sender(refuse="UBOB")
    coach, scheduler, store, drill_id = await open_graded_drill(tmp_path, sender)
    clock = coach.deps.clock
    for user in ("UANN", "UBOB", "UCY"):
        coach.handle(_incoming(clock, user, ANSWER, thread="th"))  # type: ignore[arg-type]
    await scheduler.run_reveal(drill_id)

    kinds = [(p.kind, p.user) for p in sender.posts[1:]]
    assert kinds == [("reveal", None), ("feedback", "UANN"), ("feedback", "UCY")]
    assert "3 of 3 answers mentioned" in sender.posts[1].text
    assert store.drill(drill_id).revealed_at is not None  # type: ignore[union-attr]
    store.close()


def test_the_terminal_shows_the_count_then_the_breakdown(tmp_path: Path) -> None:
    settings = load_settings({}, DATABASE=tmp_path / "c.db", DEFAULT_TZ="UTC")
    out = io.StringIO()
    script = io.StringIO(f"{ANSWER}\n/clock +1d\n")
    assert (
        run(["--clock", "2026-03-02T09:05", "--user", "ann"], script, out, settings, graded_bank())
        == 0
    )
    transcript = out.getvalue()
    assert (
        "(only you) 📝 Recorded: covers 1 of 5 key points so far; you can improve it until the "
        "reveal." in transcript
    )
    feedback = transcript.split("── Your key points")[1]
    assert feedback.splitlines()[1].startswith("(only you) Your answer: BN normalizes")
    assert (
        "✓ BN normalizes per feature across the batch; LN per example across features" in feedback
    )
    assert "✗ LN behaves identically at training and inference" in feedback
    reveal = transcript.split("── Answers")[1].split("── Your key points")[0]
    assert "In your answers: 1 of 1 answer mentioned BN normalizes per feature" in reveal
