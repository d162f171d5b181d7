"""The terminal drill's loop: lines in, the coach's posts and replies out.

Each line is a `/coach ...` command, a `/clock ...` move, `/quit`, or an answer to the question
shown last (an open practice question, or the open drill). While the prompt waits, a watcher
sleeps until the next drill or reveal on the session's clock and prints it at its time; moving
the clock wakes it. Ctrl-C (stop()) and the end of input leave with one line, never taking a
partial line as an answer.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import suppress
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

from bot.console.clock import ClockError, MovableClock, parse_step, parse_when
from bot.console.output import Printer, to_text
from bot.console.upload import attach
from bot.pictures import render
from bot.runtime import Runtime
from bot.scheduler import DrillScheduler, Sent
from handlers.attempts import discussion_reason
from handlers.commands import is_command
from handlers.messages import local
from handlers.schedule import local_day, next_fire_after, zone
from handlers.text import quote, shorten
from handlers.types import Incoming, OpenDrill, OpenPractice, Picture, Post, Reply
from storage.errors import StoreUnavailable
from storage.records import ChannelConfig

PLATFORM: Final = "console"
WORKSPACE = "local"
CHANNEL = "terminal"
MENTION = re.compile(r"(?<![\w.])@\w")
"""An @name typed at the terminal: talk to (or about) someone, never an answer."""
GOODBYE = "Goodbye: your answers are saved."


class ConsoleSender:
    """Puts posts on the terminal; a drill's thread is named after the drill."""

    def __init__(self, printer: Printer, session: ConsoleSession) -> None:
        self.printer = printer
        self.session = session
        self.sent = 0

    async def send_post(self, post: Post) -> Sent:
        self.printer.post(post, self.session.local_now())
        self.sent += 1
        if post.kind == "drill":
            self.session.shown_last = "drill"
        return Sent(message_id=f"{post.kind}-{post.drill_id}", thread_id=f"drill-{post.drill_id}")

    async def find_post(self, post: Post) -> Sent | None:
        """What was printed cannot be read back: a post in flight at a crash is printed again."""
        return None


class ConsoleSession:
    """One person at a terminal, in the local channel."""

    def __init__(
        self,
        runtime: Runtime,
        clock: MovableClock,
        printer: Printer,
        user: str,
        echo: bool,
        where: str = "",
    ) -> None:
        self.runtime = runtime
        self.clock = clock
        self.printer = printer
        self.user = user
        self.echo = echo
        self.where = where
        """Where the state lives (the SQLite file), said once at the start."""
        self.sender = ConsoleSender(printer, self)
        self.shown_last = "drill"
        """Which question a plain line answers when both are open: the one shown last."""
        self.scheduler = DrillScheduler(
            runtime.coach, self.sender, PLATFORM, clock, llm=runtime.llm
        )
        self._ids = itertools.count(1)
        self._run = time.time_ns()
        self._catching_up = asyncio.Lock()
        self._stopped = asyncio.Event()
        self._waiting = False
        self._cfg: ChannelConfig | None = None
        self._drill: OpenDrill | None = None
        """The channel and its open drill as last read: what a typed line goes to while the
        database is away (the core keeps the line and writes it once the database is back)."""

    def channel(self) -> ChannelConfig:
        """The local channel, set up with the defaults the first time; the last one read while
        the database cannot answer."""
        tz = self.runtime.settings.DEFAULT_TZ
        try:
            self._cfg = self.runtime.coach.channel_or_default(PLATFORM, WORKSPACE, CHANNEL, tz)
        except StoreUnavailable:
            if self._cfg is None:
                raise
        return self._cfg

    def open_drill(self, cfg: ChannelConfig) -> OpenDrill | None:
        """The channel's open drill; the last one read while the database cannot answer."""
        with suppress(StoreUnavailable):
            self._drill = self.runtime.coach.open_drill(cfg)
        return self._drill

    def _open_practice(self, incoming: Incoming) -> OpenPractice | None:
        try:
            return self.runtime.coach.open_practice(incoming)
        except StoreUnavailable:
            return None  # the line goes to the drill: the core keeps it

    def local_now(self) -> str:
        return local(self.clock.now(), self.channel())

    def stop(self) -> None:
        """Leave at the next chance (Ctrl-C): the line being typed is dropped."""
        self._stopped.set()

    # -- the session -----------------------------------------------------------------------

    async def start(self) -> None:
        cfg = self.channel()
        kept = f" Your answers are kept in {self.where}." if self.where else ""
        self.printer.line(f"Interview coach: terminal drill. It is {self.local_now()}.{kept}")
        self.printer.line(
            "Type your answer, /coach help, /clock +1d to move time; Ctrl-D or /quit to leave."
        )
        self.printer.line()
        await self.catch_up(early=True)
        coach = self.runtime.coach
        drill = self.open_drill(cfg)
        today = local_day(self.clock.now(), cfg)
        latest = coach.latest_drill_day(cfg)
        if latest is not None and latest > today:
            # Re-running an earlier --clock after a played week: no drill of today would come.
            self.printer.line(
                f"This database holds a drill of {latest:%a %d %b %Y}, later than the clock: "
                "start afresh with python -m bot --fresh.",
                "note",
            )
            self.printer.line()
            return
        if drill is not None and (drill.day != today or not self.sender.sent):
            self.printer.line(f"Open drill of {drill.day:%a %d %b}:", "heading")
            self.printer.line(to_text(drill.prompt))
            self.shown_last = "drill"
            self.printer.line()
        if drill is None:
            self._say("/coach drill")
            self._say_when_the_drill_comes(cfg)

    def _say_when_the_drill_comes(self, cfg: ChannelConfig) -> None:
        upcoming = next_fire_after(self.clock.now(), cfg) if not cfg.paused else None
        if upcoming is None:
            self.printer.line("No daily drill is scheduled (/coach setup plans one).", "note")
        else:
            jump = upcoming.astimezone(zone(cfg)).strftime("%Y-%m-%dT%H:%M")
            self.printer.line(
                f"The next daily drill comes {local(upcoming, cfg)}: /clock {jump} jumps there.",
                "note",
            )
        self.printer.line()

    async def run(self, lines: AsyncIterator[str]) -> None:
        await self.start()
        watcher = asyncio.create_task(self._watch())
        try:
            while (line := await self._next_line(lines)) is not None:
                if self.echo:
                    self.printer.line(f"> {quote(line, 200) if line.strip() else line}")
                if line.strip().lower() in ("/quit", "/exit"):
                    break
                await self.step(line)
        finally:
            watcher.cancel()
            with suppress(asyncio.CancelledError):
                await watcher
            with suppress(StopAsyncIteration, RuntimeError):
                await lines.aclose()  # type: ignore[attr-defined]
        self.printer.line(GOODBYE)

    async def _next_line(self, lines: AsyncIterator[str]) -> str | None:
        """The next typed line; None at the end of input or on Ctrl-C."""
        if self._stopped.is_set():
            return None
        self._waiting = True
        self.printer.prompt()
        reading = asyncio.ensure_future(anext(lines))
        stopping = asyncio.ensure_future(self._stopped.wait())
        try:
            await asyncio.wait({reading, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            self._waiting = False
            stopping.cancel()
        if self._stopped.is_set():
            reading.cancel()
            with suppress(asyncio.CancelledError, StopAsyncIteration):
                await reading
            return None
        self.printer.typed()
        try:
            return reading.result()
        except StopAsyncIteration:
            return None

    async def _watch(self) -> None:
        """Print drills and reveals as they fall due while the prompt waits."""
        while True:
            # Catch up before every sleep: a move of the clock made meanwhile is never missed.
            await self.catch_up()
            if self._waiting:
                self.printer.prompt()
            await self.clock.sleep_until(self._next_due())

    def _next_due(self) -> datetime | None:
        """The next instant something is due: the channel's drill or a pending reveal."""
        now = self.clock.now()
        cfg = self.channel()
        try:
            reveals = self.runtime.coach.daily.pending_reveals(PLATFORM)
        except StoreUnavailable:
            reveals = [(0, now + timedelta(minutes=1))]  # look again in a minute
        times = [at for _, at in reveals if at > now]
        upcoming = next_fire_after(now, cfg) if not cfg.paused else None
        if upcoming is not None:
            times.append(upcoming)
        return min(times, default=None)

    async def catch_up(self, early: bool = False) -> None:
        """Post what is due, one catch-up at a time (the watcher and a typed line may race)."""
        async with self._catching_up:
            await self.scheduler.catch_up(early=early)

    async def step(self, line: str) -> None:
        """Handle one typed line."""
        if line.strip().lower().startswith("/clock"):
            self._move_clock(line.strip()[len("/clock") :].strip())
        else:
            await self.catch_up()
            self._say(line)
        await self.catch_up()
        with suppress(StoreUnavailable):  # housekeeping: the next line tries again
            self.runtime.coach.checkpoint()

    def _move_clock(self, arg: str) -> None:
        try:
            if not arg:
                pass
            elif arg[:1].isdigit() and "-" in arg[:5]:
                when = parse_when(arg, self.channel().tz)
                if when < self.clock.now():
                    raise ClockError(
                        f"{local(when, self.channel())} is in the past: the clock only goes forward"
                    )
                self.clock.set(when)
            else:
                self.clock.advance(parse_step(arg))
        except ClockError as err:
            self.printer.line(f"(clock) {err}.", "clock")
            self.printer.line()
            return
        offset = self.clock.now().astimezone(zone(self.channel())).strftime("%z")
        self.printer.line(
            f"(clock) It is now {self.local_now()} (UTC{offset[:3]}:{offset[3:]}).", "clock"
        )
        self.printer.line()

    def _say(self, text: str) -> None:
        """Send a typed line to the question it is for, and say which one that was."""
        text, upload, unreadable = attach(text)
        if unreadable:
            self.printer.line(f"(pack) {unreadable}")
            return
        cfg = self.channel()
        drill = self.open_drill(cfg)
        incoming = Incoming(
            platform=PLATFORM,
            workspace=WORKSPACE,
            channel=CHANNEL,
            user=self.user,
            user_name=self.user,
            text=text,
            message_id=f"{self._run}-{next(self._ids)}",
            time=self.clock.now().astimezone(UTC),
            thread=drill.thread if drill else None,
            is_admin=True,
            mentions_other=MENTION.search(text) is not None,
            attachment=upload,
        )
        coach = self.runtime.coach
        if text.strip().startswith("/"):
            replies = coach.handle(incoming)
            if not replies and not is_command(text):
                self.printer.line("(not a command: commands start with /coach, like /coach help)")
                self.printer.line()
            self._print(replies)
            return
        practice = self._open_practice(incoming)
        if drill is not None and self.shown_last == "drill":
            # The question shown last is the one answered: a drill posted after the practice
            # question (the first start's, on a day without a drill) takes the line.
            practice = None
        if practice is not None and discussion_reason(incoming) is None:
            self.printer.line(f"(to your practice question: {shorten(practice.prompt, 60)})")
            self._print(coach.handle(replace(incoming, text="/coach drill answer " + text)))
            return
        if drill is None:
            self._print(coach.handle(replace(incoming, text="/coach answer " + text)))
            return
        prompt = shorten(drill.prompt, 60)
        waiting = coach.waiting()
        replies = coach.handle(incoming)
        if not replies and coach.waiting() > waiting:
            self.printer.line(
                "(the database is not answering: your line is kept and goes to the drill of"
                f" {drill.day:%a %d %b} once it is back)"
            )
            self.printer.line()
        elif replies:
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
            if any(b.value.startswith("practice:") for b in reply.buttons):
                self.shown_last = "practice"
            self.printer.reply(reply)
            if reply.picture is not None:
                path = self._save_picture(reply.picture)
                self.printer.line(f"(picture saved to {path}: open it to see)", "note")
                self.printer.line()

    def _save_picture(self, picture: Picture) -> Path:
        """The picture as a PNG beside the database (the terminal cannot show it)."""
        folder = Path(self.where).parent if self.where else Path(tempfile.gettempdir())
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / picture.filename
        path.write_bytes(render(picture))
        return path
