"""The terminal drill's loop: lines in, the coach's posts and replies out.

Each line is a `/coach ...` command, a `/clock ...` move, `/quit`, or an answer in the open
drill's thread. Before each line the scheduler catches up (due reveals, due drills), so moving
the clock shows reveals and new drills as they fall due.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterable
from dataclasses import replace

from bot.console.clock import MovableClock, parse_step, parse_when
from bot.console.output import Printer
from bot.runtime import Runtime
from bot.scheduler import DrillScheduler, Sent
from handlers.attempts import discussion_reason
from handlers.commands import is_command
from handlers.messages import local
from handlers.schedule import local_day, next_fire_after
from handlers.text import quote
from handlers.types import Incoming, Post, Reply
from storage.records import ChannelConfig

PLATFORM = "console"
WORKSPACE = "local"
CHANNEL = "terminal"
MENTION = re.compile(r"(?<![\w.])@\w")
"""An @name typed at the terminal: talk to (or about) someone, never an answer."""


class ConsoleSender:
    """Puts posts on the terminal; a drill's thread is named after the drill."""

    def __init__(self, printer: Printer, session: ConsoleSession) -> None:
        self.printer = printer
        self.session = session
        self.sent = 0

    async def send_post(self, post: Post) -> Sent:
        self.printer.post(post, self.session.local_now())
        self.sent += 1
        return Sent(message_id=f"{post.kind}-{post.drill_id}", thread_id=f"drill-{post.drill_id}")

    async def find_post(self, post: Post) -> Sent | None:
        """What was printed cannot be read back: a post in flight at a crash is printed again."""
        return None


class ConsoleSession:
    """One person at a terminal, in the local channel."""

    def __init__(
        self, runtime: Runtime, clock: MovableClock, printer: Printer, user: str, echo: bool
    ) -> None:
        self.runtime = runtime
        self.clock = clock
        self.printer = printer
        self.user = user
        self.echo = echo
        self.sender = ConsoleSender(printer, self)
        self.scheduler = DrillScheduler(runtime.coach, self.sender, PLATFORM, clock)
        self._ids = itertools.count(1)
        self._run = time.time_ns()

    def channel(self) -> ChannelConfig:
        """The local channel, set up with the defaults the first time."""
        tz = self.runtime.settings.DEFAULT_TZ
        return self.runtime.coach.channel_or_default(PLATFORM, WORKSPACE, CHANNEL, tz)

    def local_now(self) -> str:
        return local(self.clock.now(), self.channel())

    async def start(self) -> None:
        cfg = self.channel()
        self.printer.line(f"Interview coach: terminal drill. It is {self.local_now()}.")
        self.printer.line("Type your answer to the question, /coach help, /clock +1d, /quit.")
        self.printer.line()
        await self.scheduler.catch_up(early=True)
        drill = self.runtime.coach.open_drill(cfg)
        if drill is None:
            upcoming = next_fire_after(self.clock.now(), cfg)
            when = local(upcoming, cfg) if upcoming else "never (no drill days)"
            self.printer.line(f"No drill open right now. Next drill: {when}.")
            self.printer.line()
        elif drill.day != local_day(self.clock.now(), cfg) or not self.sender.sent:
            self.printer.line(f"Open drill of {drill.day:%a %d %b}: {drill.prompt}")
            self.printer.line()

    async def run(self, lines: Iterable[str]) -> None:
        await self.start()
        for raw in lines:
            line = raw.rstrip("\n")
            if self.echo:
                self.printer.line(f"> {quote(line, 200) if line.strip() else line}")
            if line.strip().lower() in ("/quit", "/exit"):
                break
            await self.step(line)

    async def step(self, line: str) -> None:
        """Handle one typed line."""
        if line.strip().lower().startswith("/clock"):
            self._move_clock(line.strip()[len("/clock") :].strip())
        else:
            await self.scheduler.catch_up()
            self._say(line)
        await self.scheduler.catch_up()
        self.runtime.coach.checkpoint()

    def _move_clock(self, arg: str) -> None:
        try:
            if arg.startswith("+"):
                self.clock.advance(parse_step(arg))
            elif arg:
                self.clock.set(parse_when(arg, self.channel().tz))
        except ValueError as err:
            self.printer.line(f"(clock) {err}")
            return
        self.printer.line(f"(clock) It is now {self.local_now()}.")
        self.printer.line()

    def _say(self, text: str) -> None:
        """Send a typed line to the question it is for, and say which one that was."""
        cfg = self.channel()
        drill = self.runtime.coach.open_drill(cfg)
        incoming = Incoming(
            platform=PLATFORM,
            workspace=WORKSPACE,
            channel=CHANNEL,
            user=self.user,
            user_name=self.user,
            text=text,
            message_id=f"{self._run}-{next(self._ids)}",
            time=self.clock.now(),
            thread=drill.thread if drill else None,
            is_admin=True,
            mentions_other=MENTION.search(text) is not None,
        )
        coach = self.runtime.coach
        if text.strip().startswith("/"):
            replies = coach.handle(incoming)
            if not replies and not is_command(text):
                self.printer.line("(not a command: commands start with /coach, like /coach help)")
                self.printer.line()
            self._print(replies)
            return
        practice = coach.open_practice(incoming)
        if practice is not None and discussion_reason(incoming) is None:
            self.printer.line(f"(to your practice question: {quote(practice.prompt, 60)})")
            self._print(coach.handle(replace(incoming, text="/coach drill answer " + text)))
            return
        if drill is None:
            self._print(coach.handle(replace(incoming, text="/coach answer " + text)))
            return
        prompt = quote(drill.prompt, 60)
        replies = coach.handle(incoming)
        if replies:
            self.printer.line(f"(to the drill of {drill.day:%a %d %b}: {prompt})")
        else:
            self.printer.line(
                "(not counted as an answer: it reads as discussion; your answer to the drill of"
                f" {drill.day:%a %d %b} stays as it was)"
            )
            self.printer.line()
        self._print(replies)

    def _print(self, replies: list[Reply]) -> None:
        for reply in replies:
            self.printer.reply(reply)
