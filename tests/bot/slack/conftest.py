"""The real slack-bolt app, wired to the core, against the fake Slack on loopback."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from bot.runtime import Runtime, build_runtime
from bot.settings import load_settings
from bot.slack.app import SlackBot, build_bot
from bot.slack.modes import socket_mode
from content.bank import Bank, load_bank
from content.schema import Question
from handlers.clock import ManualClock
from tests.fakes.slack_server import Call, FakeSlack
from tests.handlers.conftest import question

SECRET = "signing-secret-for-tests"
CHANNEL = "C1"
GRADED = "compare-batch-norm-layer-norm"
LONG_ANSWER_PARAGRAPHS = 400
PARAGRAPH = "The gradient of the loss tells each weight how to move; " * 7


@cache
def graded_question() -> Question:
    """A real prose question with its shipped rubric (layers-architectures), for feedback."""
    found = load_bank().get(GRADED)
    assert found is not None
    return found


def slack_bank() -> Bank:
    """One checkable question (optimisation), one with a very long answer (training), one
    graded by key points (layers-architectures) and a code question (regularisation)."""
    long_answer = "\n\n".join(f"Paragraph {i}. {PARAGRAPH}" for i in range(LONG_ANSWER_PARAGRAPHS))
    return Bank(
        [
            question(
                "numeric-q",
                topic="optimisation",
                checker={"kind": "numeric", "spec": {"value": 0.5, "abs_tol": 0.01}},
                reviewed={"answer": "It is 0.5.", "key_points": ["half"]},
            ),
            question(
                "long-q",
                topic="training",
                answers=[{"source": "test", "kind": "prose", "text": long_answer}],
            ),
            graded_question(),
            question(
                "dropout-code",
                topic="regularisation",
                checker={"kind": "code", "spec": {"suite": "dropout", "functions": ["f"]}},
            ),
        ]
    )


class FakeSleep:
    """Sleeping moves the manual clock instead of waiting; the durations are kept."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.durations: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.durations.append(seconds)
        self.clock.advance(timedelta(seconds=seconds))


class Harness:
    """Builds Slack payloads and sends them to the app through the fake Socket Mode link."""

    def __init__(self, fake: FakeSlack, bot: SlackBot, clock: ManualClock) -> None:
        self.fake = fake
        self.bot = bot
        self.clock = clock
        self.ids = itertools.count(1)

    @property
    def runtime(self) -> Runtime:
        return self.bot.runtime

    def command_payload(self, text: str, user: str, channel: str = CHANNEL) -> dict[str, Any]:
        n = next(self.ids)
        return {
            "token": "legacy",
            "team_id": "T1",
            "team_domain": "t1",
            "channel_id": channel,
            "channel_name": "drills",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/coach",
            "text": text,
            "api_app_id": self.fake.app_id,
            "is_enterprise_install": "false",
            "response_url": f"{self.fake.base_url}response/{n}",
            "trigger_id": f"trigger-{n}",
        }

    async def command(self, text: str, user: str, channel: str = CHANNEL) -> dict[str, Any]:
        """Send /coach <text> and return the app's ack."""
        envelope = await self.fake.send_envelope(
            "slash_commands", self.command_payload(text, user, channel)
        )
        return await self.fake.wait_ack(envelope)

    def reply_event(
        self, text: str, user: str, thread_ts: str, event_id: str = "", ts: str = ""
    ) -> dict[str, Any]:
        n = next(self.ids)
        ts = ts or f"{int(self.clock.now().timestamp())}.{900000 + n:06d}"
        return {
            "token": "legacy",
            "team_id": "T1",
            "api_app_id": self.fake.app_id,
            "event": {
                "type": "message",
                "channel": CHANNEL,
                "channel_type": "channel",
                "user": user,
                "text": text,
                "ts": ts,
                "thread_ts": thread_ts,
                "team": "T1",
                "event_ts": ts,
            },
            "type": "event_callback",
            "event_id": event_id or f"Ev{n}",
            "event_time": int(self.clock.now().timestamp()),
            "authorizations": [
                {"enterprise_id": None, "team_id": "T1", "user_id": "UBOT1", "is_bot": True}
            ],
        }

    def button_payload(self, action: str, value: str, user: str, message_ts: str) -> dict:
        n = next(self.ids)
        return {
            "type": "block_actions",
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": "T1"},
            "api_app_id": self.fake.app_id,
            "token": "legacy",
            "container": {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": CHANNEL,
                "is_ephemeral": False,
            },
            "trigger_id": f"trigger-{n}",
            "team": {"id": "T1", "domain": "t1"},
            "channel": {"id": CHANNEL, "name": "drills"},
            "message": {"type": "message", "ts": message_ts, "text": "Question of the day"},
            "response_url": f"{self.fake.base_url}response/{n}",
            "actions": [
                {
                    "action_id": f"coach:{action}",
                    "block_id": "coach_buttons",
                    "value": value,
                    "type": "button",
                    "action_ts": f"{int(self.clock.now().timestamp())}.000001",
                }
            ],
        }

    def modal_submission(self, opened: Call, text: str, user: str = "UANN") -> dict[str, Any]:
        """The Answer modal that `opened` (a views.open call) showed, submitted with `text`."""
        view = opened.args["view"]
        view = json.loads(view) if isinstance(view, str) else view
        typed = {"answer": {"text": {"type": "plain_text_input", "value": text}}}
        return {
            "type": "view_submission",
            "team": {"id": "T1", "domain": "t1"},
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": "T1"},
            "api_app_id": self.fake.app_id,
            "token": "legacy",
            "trigger_id": "trigger-modal",
            "view": {
                **view,
                "id": opened.response["view"]["id"],
                "team_id": "T1",
                "state": {"values": typed},
            },
        }

    async def setup_channel(self, topics: str, admin: str = "UADMIN") -> None:
        """An admin sets the channel up for a 09:00 UTC drill every day."""
        await self.command(f"setup time=09:00 tz=UTC days=daily topics={topics}", admin)
        await self.fake.wait_for_call(
            "chat.postMessage", lambda c: "Setup saved" in json_text(c.args)
        )

    async def post_todays_drill(self) -> dict[str, Any]:
        """Move the clock to 09:00 and let the scheduler post; returns the drill's message."""
        self.clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
        scheduler = self.runtime.scheduler(self.bot.sender, "slack")
        await scheduler.catch_up()
        return next(m for m in self.fake.messages[CHANNEL] if m["text"] == "Question of the day")


async def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll a condition the fake cannot see (a log line) until it holds."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


def json_text(value: Any) -> str:
    """Everything a call carried, as one string (blocks included), for content assertions."""
    return json.dumps(value, ensure_ascii=False)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))  # a Monday


@pytest.fixture
async def fake(clock: ManualClock) -> AsyncIterator[FakeSlack]:
    server = FakeSlack(clock=clock)
    server.add_user("UADMIN", "ada", is_admin=True)
    server.add_user("UOWNER", "olga", is_owner=True)
    server.add_user("UANN", "ann")
    server.add_user("UBOB", "bob")
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def sleep(clock: ManualClock) -> FakeSleep:
    return FakeSleep(clock)


def make_runtime(tmp_path: Path, fake: FakeSlack, clock: ManualClock, **env: str) -> Runtime:
    settings = load_settings(
        {
            "DATABASE": str(tmp_path / "coach.db"),
            "SLACK_BOT_TOKEN": fake.teams["T1"].bot_token,
            "SLACK_APP_TOKEN": fake.app_token,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.base_url,
            **env,
        }
    )
    return build_runtime(settings, clock=clock, bank=slack_bank())


@pytest.fixture
async def bot(tmp_path: Path, fake: FakeSlack, clock: ManualClock, sleep: FakeSleep):
    runtime = make_runtime(tmp_path, fake, clock)
    yield build_bot(runtime, http_mode=False, sleep=sleep)
    runtime.close()


@pytest.fixture
async def slack(fake: FakeSlack, bot: SlackBot, clock: ManualClock) -> AsyncIterator[Harness]:
    """The bot connected to the fake over Socket Mode."""
    async with socket_mode(bot, fake.app_token):
        yield Harness(fake, bot, clock)
