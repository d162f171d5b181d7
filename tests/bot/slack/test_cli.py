"""`python -m bot slack`: mode choice and fail-fast settings."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from bot.settings import SettingsError, load_settings
from bot.slack import cli
from bot.slack.app import build_bot, configured_admins, web_client
from bot.slack.modes import run
from storage.records import ChannelConfig
from tests.bot.slack.conftest import make_runtime


def settings(**env: str):
    return load_settings(env)


def test_socket_mode_when_an_app_token_is_set() -> None:
    s = settings(SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1")
    assert cli.check_mode(s, http=False) == "xapp-1"


def test_http_mode_with_a_signing_secret() -> None:
    s = settings(SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1", SLACK_SIGNING_SECRET="s")
    assert cli.check_mode(s, http=True) is None
    assert (
        cli.check_mode(settings(SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s"), False) is None
    )


@pytest.mark.parametrize(
    "env",
    [{}, {"SLACK_BOT_TOKEN": "xoxb-1"}, {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "x"}],
    ids=["no-token", "no-mode", "http-without-secret"],
)
def test_missing_settings_fail_fast(env: dict[str, str]) -> None:
    with pytest.raises(SettingsError):
        cli.check_mode(settings(**env), http="SLACK_APP_TOKEN" in env)


def test_main_reports_a_missing_token_without_starting(monkeypatch, capsys) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    assert cli.main([]) == 2
    assert "SLACK_BOT_TOKEN" in capsys.readouterr().err


def test_api_url_setting_points_the_client_elsewhere() -> None:
    s = settings(SLACK_BOT_TOKEN="xoxb-1", SLACK_API_URL="http://127.0.0.1:9/api")
    assert web_client(s).base_url == "http://127.0.0.1:9/api/"
    assert web_client(settings(SLACK_BOT_TOKEN="xoxb-1")).base_url == "https://slack.com/api/"


def test_admin_list_accepts_commas_and_spaces() -> None:
    assert configured_admins("U1, U2 U3,,") == frozenset({"U1", "U2", "U3"})


async def test_run_connects_and_posts_a_drill_that_is_due(tmp_path, fake, clock, sleep) -> None:
    runtime = make_runtime(tmp_path, fake, clock)
    runtime.store.save_channel(
        ChannelConfig("slack", "T1", "C1", time="08:00", days=tuple(range(7))), clock.now()
    )
    bot = build_bot(runtime, http_mode=False, sleep=sleep)
    task = asyncio.create_task(run(bot, fake.app_token, "127.0.0.1", 0))
    try:
        await fake.wait_for(lambda: fake.sockets)
        posted = await fake.wait_for_call("chat.postMessage")
        assert posted[0].args["text"] == "Question of the day"
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        runtime.close()
    assert fake.sockets == [] or all(ws.closed for ws in fake.sockets)


async def test_web_api_calls_share_one_kept_alive_connection(bot, fake) -> None:
    async with bot.http_session():
        await bot.client.auth_test()
        await bot.client.auth_test()
    first, second = fake.calls_to("auth.test")
    assert first.peer == second.peer  # without the session, each call opens a connection
    assert bot.client.session is None  # closed and handed back at exit
