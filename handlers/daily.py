"""The scheduling side of the core: which drills are due, claiming them, reveals.

The scheduler (bot/scheduler.py) drives it: claim a drill (the unique (channel, day) key makes a
double fire harmless), `take_send`, send the Post through the platform, then `mark_posted`. A
drill claimed but never marked posted is re-sent by `unposted` at the next catch-up; if its send
had begun (the bot died mid-send), the platform is asked for it first, so it is not posted twice.
Sends and reveals are leased (storage/leases.py): of several workers on one database, one sends
each, and another takes over only once that one's lease has expired.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from content.grading import Grade
from content.schema import Question
from handlers.answering import your_answer
from handlers.checking import expected_answer
from handlers.context import Deps
from handlers.grading import breakdown_text, grade_answer, group_view
from handlers.messages import drill_text, reveal_text
from handlers.nudges import due_recaps, due_reminders
from handlers.review import settle_drill
from handlers.schedule import fire_time, is_drill_day, local_day, reveal_time
from handlers.types import Button, OpenThread, Post
from storage.records import Attempt, ChannelConfig, Drill

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
"""How long a worker holds a send or a reveal before another may take it over: far longer than
a paced send takes, short enough that a dead worker's drill still goes out before its reveal."""


ONLY_WORKER = "the only worker"


def worker_name() -> str:
    """This process's name as a lease owner: unique even for two processes of one host."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


Graded = Mapping[str, Grade] | None
"""Grades made outside the core for a drill's answers, by user (None: the core grades)."""


def drill_buttons(drill_id: int) -> tuple[Button, ...]:
    value = f"drill:{drill_id}"
    return (
        Button("answer", "Answer", value),
        Button("reveal_me", "Reveal for me", value),
        Button("skip", "Skip", value),
    )


@dataclass(frozen=True)
class Unposted:
    """A drill to send again; `in_flight` when an earlier send began and may have landed."""

    post: Post
    in_flight: bool


class Daily:
    """Due drills and reveals, for the scheduler."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        # SQLite has one worker (bot/worker_lock.py): a restarted process is that same worker
        # and takes its predecessor's leases at once, instead of waiting for them to expire.
        self.worker = ONLY_WORKER if deps.store.dialect == "sqlite" else worker_name()
        self._serves: Callable[[str], bool] | None = None

    def serve_only(self, serves: Callable[[str], bool]) -> None:
        """Schedule, post, reveal and catch up only the workspaces `serves` accepts (a Discord
        process running some of the gateway's shards: handlers.shards)."""
        self._serves = serves

    def _mine(self, workspace: str) -> bool:
        return self._serves is None or self._serves(workspace)

    def _my_drills(self, platform: str, drills: list[Drill]) -> list[Drill]:
        if self._serves is None:
            return drills
        owned = {
            channel_id
            for channel_id, workspace in self.deps.store.channel_workspaces(platform).items()
            if self._serves(workspace)
        }
        return [d for d in drills if d.channel_id in owned]

    def channels(self, platform: str) -> list[ChannelConfig]:
        """Active channels of a platform, each with its schedule (see handlers.schedule)."""
        return [c for c in self.deps.store.active_channels(platform) if self._mine(c.workspace)]

    def due_drills(self, platform: str, now: datetime, early: bool = False) -> list[ChannelConfig]:
        """Channels whose drill of today is due (within the catch-up grace) and not yet claimed.

        With `early`, today's drill counts as due even before its time (the terminal drill shows
        today's question at once).
        """
        grace = self.deps.settings.catch_up_grace
        due = []
        for cfg in self.channels(platform):
            day = local_day(now, cfg)
            if not is_drill_day(day, cfg) or (cfg.id and self.deps.store.is_holiday(cfg.id, day)):
                continue
            at = fire_time(day, cfg)
            in_window = (early or at <= now) and now - at <= grace
            if in_window and cfg.id is not None and self.deps.store.drill_on(cfg.id, day) is None:
                due.append(cfg)
        return due

    def claim(self, cfg: ChannelConfig, now: datetime) -> Post | None:
        """Pick and record a channel's drill of today; None if it has one or nothing fits."""
        assert cfg.id is not None
        store = self.deps.store
        day = local_day(now, cfg)
        if store.is_holiday(cfg.id, day):
            return None  # `/coach setup skip=...`: no drill, so no streak is affected
        # No "already claimed?" read first: the unique (channel, day) insert below decides.
        seed = f"{cfg.platform}|{cfg.workspace}|{cfg.channel}|{day.isoformat()}"
        question = self.deps.picker.pick(cfg, store.asked_questions(cfg.id), seed)
        if question is None:
            log.warning("no question fits channel %s", cfg.channel)
            return None
        drill = store.add_drill(
            cfg.id, day, question.id, question.topic, reveal_time(day, cfg), now
        )
        return self.post(drill, cfg) if drill is not None else None

    def claim_channel(self, channel_id: int, now: datetime) -> Post | None:
        """Claim a channel's drill of today by its id; None when it is gone, paused or has one."""
        cfg = self.deps.store.channel_by_id(channel_id)
        if cfg is None or cfg.paused:
            return None
        return self.claim(cfg, now)

    def post(self, drill: Drill, cfg: ChannelConfig) -> Post | None:
        """The message of a recorded drill."""
        question = self.deps.bank.get(drill.question_id)
        if question is None:
            return None
        return Post(
            kind="drill",
            workspace=cfg.workspace,
            channel=cfg.channel,
            text=drill_text(question, drill.reveal_at, cfg),
            drill_id=drill.id,
            title="Question of the day",
            buttons=drill_buttons(drill.id),
            open_thread=True,
        )

    def unposted(self, platform: str, now: datetime) -> list[Unposted]:
        """Drills claimed but never posted, still before their reveal: to send again."""
        found = []
        for drill in self.deps.store.unposted_drills(platform):
            cfg = self.deps.store.channel_by_id(drill.channel_id)
            mine = cfg is not None and self._mine(cfg.workspace)
            if cfg is not None and mine and not cfg.paused and drill.reveal_at > now:
                post = self.post(drill, cfg)
                if post is not None:
                    found.append(Unposted(post, drill.sending_at is not None))
        return found

    def take_send(self, drill_id: int) -> bool:
        """Lease a drill's send to this worker and record that it begins; False while another
        worker holds it (or once it is posted)."""
        now = self.deps.clock.now()
        return self.deps.store.take_lease(drill_id, "post", self.worker, now, now + LEASE)

    def give_back_send(self, drill_id: int, unsent: bool) -> None:
        """Let another worker (or a later catch-up) send it; `unsent` when it never left."""
        self.deps.store.give_back_lease(drill_id, self.worker, unsent)

    def take_reveal(self, drill_id: int) -> bool:
        """Lease a drill's reveal to this worker; False while another worker holds it."""
        now = self.deps.clock.now()
        return self.deps.store.take_lease(drill_id, "reveal", self.worker, now, now + LEASE)

    def mark_posted(self, drill_id: int, message_id: str, thread_id: str | None) -> None:
        """Record where the platform put a drill (its thread is where answers go)."""
        self.deps.store.mark_posted(drill_id, message_id, thread_id, self.deps.clock.now())

    def pending_reveals(self, platform: str) -> list[tuple[int, datetime]]:
        """(drill id, reveal time) of every posted drill not yet revealed."""
        drills = self._my_drills(platform, self.deps.store.unrevealed_drills(platform))
        return [(d.id, d.reveal_at) for d in drills]

    def reveal_at(self, drill_id: int) -> datetime | None:
        """When a drill is revealed (None for an unknown drill)."""
        drill = self.deps.store.drill(drill_id)
        return drill.reveal_at if drill is not None else None

    def open_threads(self, platform: str) -> list[OpenThread]:
        """The thread of every posted drill not yet revealed, where answers may have come in."""
        store = self.deps.store
        found = []
        for drill in store.unrevealed_drills(platform):
            cfg = store.channel_by_id(drill.channel_id)
            if cfg is not None and drill.thread_id and self._mine(cfg.workspace):
                found.append(OpenThread(cfg.workspace, cfg.channel, drill.thread_id, drill.id))
        return found

    def due_reveals(self, platform: str, now: datetime) -> list[Post]:
        """Reveal posts whose time has come."""
        drills = self._my_drills(platform, self.deps.store.unrevealed_drills(platform))
        due = (d for d in drills if d.reveal_at <= now)
        return [p for d in due if (p := self.reveal_post(d.id)) is not None]

    def reveal_post(self, drill_id: int, grades: Graded = None) -> Post | None:
        """The reveal of a posted drill, None once revealed (`grades`: see counted_grades)."""
        store = self.deps.store
        drill = store.drill(drill_id)
        if drill is None or drill.revealed_at is not None or drill.posted_at is None:
            return None
        cfg = store.channel_by_id(drill.channel_id)
        question = self.deps.bank.get(drill.question_id)
        if cfg is None or question is None:
            return None
        text = reveal_text(question, expected_answer(question), store.figures(drill.id))
        view = group_view(question, [g for _, g in self.counted_grades(drill.id, grades)])
        if view:
            text += f"\n\n{view}"
        return Post(
            kind="reveal",
            workspace=cfg.workspace,
            channel=cfg.channel,
            text=text,
            drill_id=drill.id,
            thread=drill.thread_id,
            title="Answers",
        )

    def prose_answers(self, drill_id: int) -> list[tuple[str, Question, str]]:
        """(user, question, text) of each answer that counts for a prose drill: for a grader
        that runs outside the core, at the reveal (the optional LLM grader)."""
        store = self.deps.store
        drill = store.drill(drill_id)
        question = self.deps.bank.get(drill.question_id) if drill is not None else None
        if question is None or question.checker is not None:
            return []
        return [(a.user, question, a.text) for a in store.counted_attempts(drill_id)]

    def record_grades(self, drill_id: int, grades: Mapping[str, Grade]) -> None:
        """Keep the coverage another grader gave each counted answer as its score (the
        board's); junk stays unreadable, whatever grader looked at it."""
        store = self.deps.store
        for attempt in store.counted_attempts(drill_id):
            grade = grades.get(attempt.user)
            if grade is not None and attempt.verdict == "received" and not grade.junk:
                store.replace_attempt(replace(attempt, score=grade.coverage))

    def counted_grades(self, drill_id: int, given: Graded = None) -> list[tuple[Attempt, Grade]]:
        """Each answer that counts for a drill with its key-point grade (prose questions):
        the one `given` for its author (by the LLM grader), else the core's own."""
        store = self.deps.store
        drill = store.drill(drill_id)
        question = self.deps.bank.get(drill.question_id) if drill is not None else None
        if question is None:
            return []
        graded = []
        for attempt in store.counted_attempts(drill_id):
            grade = (given or {}).get(attempt.user) or grade_answer(
                self.deps.grader, question, attempt.text
            )
            if grade is not None:
                graded.append((attempt, grade))
        return graded

    def reveal_feedback(self, drill_id: int, grades: Graded = None) -> list[Post]:
        """For every person who answered a prose drill, privately: their key points ✓/✗ with
        the words that cover each (sent with the public reveal)."""
        store = self.deps.store
        drill = store.drill(drill_id)
        cfg = store.channel_by_id(drill.channel_id) if drill is not None else None
        if drill is None or cfg is None:
            return []
        return [
            Post(
                kind="feedback",
                workspace=cfg.workspace,
                channel=cfg.channel,
                text=f"**Your answer:** {your_answer(attempt)}\n\n{breakdown_text(grade)}",
                drill_id=drill_id,
                thread=drill.thread_id,
                title="Your key points",
                user=attempt.user,
            )
            for attempt, grade in self.counted_grades(drill_id, grades)
        ]

    def nudges(self, platform: str, now: datetime) -> list[Post]:
        """Weekly recaps and opt-in reminders due now, each claimed so it is sent once."""
        return due_recaps(self.deps, platform, now) + due_reminders(self.deps, platform, now)

    def mark_revealed(self, drill_id: int) -> bool:
        """Close a drill after its reveal was sent; False when it already was."""
        store = self.deps.store
        with store.transaction():
            closed = store.mark_revealed(drill_id, self.deps.clock.now())
            drill = store.drill(drill_id) if closed else None
            if drill is not None:
                settle_drill(self.deps, drill)  # the reveal settles each person's review card
        return closed
