"""Starting with a token the platform refuses: one clear line naming it and a non-zero exit, from
the real `python -m bot` process against the fake Discord and the fake Slack."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from tests.fakes.discord_server import FakeDiscord
from tests.fakes.slack_server import FakeSlack


async def exits(tmp_path: Path, *args: str, **env: str) -> tuple[int, list[str]]:
    """Run the bot until it exits by itself; (its status, its stderr lines)."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(Path.cwd()),
        "DATABASE": str(tmp_path / "coach.db"),
        "LOG_FORMAT": "json",
        **env,
    }
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=environment,
        cwd=tmp_path,
        stdin=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        _, err = await asyncio.wait_for(bot.communicate(), 60)
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()
    return bot.returncode, err.decode().splitlines()


def error_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if not line.startswith("{")]  # the log is JSON lines


async def test_a_refused_discord_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    fake = FakeDiscord()
    await fake.start()
    try:
        head, _, _ = fake.token.rpartition(".")
        status, lines = await exits(
            tmp_path,
            "discord",
            DISCORD_TOKEN=head + ".wrong-signature",
            DISCORD_API_BASE=fake.api_base,
            DISCORD_GATEWAY_URL=fake.gateway_url,
        )
    finally:
        await fake.close()
    assert status == 2, lines
    assert error_lines(lines) == [
        "error: DISCORD_TOKEN: Discord refused the token (Improper token has been passed.)"
    ]
    assert "wrong-signature" not in "\n".join(lines)
    assert not any("voice will NOT be supported" in line for line in lines)


@pytest.mark.parametrize("refused", ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"])
async def test_a_refused_slack_token_is_one_line_and_exit_2(tmp_path: Path, refused: str) -> None:
    fake = FakeSlack()
    await fake.start()
    try:
        tokens = {"SLACK_BOT_TOKEN": fake.teams["T1"].bot_token, "SLACK_APP_TOKEN": fake.app_token}
        tokens[refused] = "xoxb-revoked" if refused == "SLACK_BOT_TOKEN" else "xapp-revoked"
        status, lines = await exits(tmp_path, "slack", SLACK_API_URL=fake.base_url, **tokens)
    finally:
        await fake.stop()
    assert status == 2, lines
    assert error_lines(lines) == [
        f"python -m bot slack: {refused}: Slack refused the token (invalid_auth)"
    ]
    assert fake.sockets == []  # never connected
    assert not any("revoked" in line for line in lines)
