"""No token and no terminal (a container, a worker dyno): the bot says what to set and exits 2,
instead of a terminal drill that ends at once and is restarted in a silent loop."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.__main__ import NO_TOKEN

ROOT = Path(__file__).resolve().parents[2]


def python_m_bot(tmp_path: Path, *args: str, stdin: object) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        stdin=stdin,
        capture_output=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )


def test_no_token_and_stdin_on_dev_null_exits_2_naming_the_variables(tmp_path: Path) -> None:
    result = python_m_bot(tmp_path, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [NO_TOKEN]
    assert "DISCORD_TOKEN" in NO_TOKEN and "SLACK_BOT_TOKEN" in NO_TOKEN
    assert not (tmp_path / "data").exists()  # nothing was started


def test_a_piped_script_or_the_explicit_console_still_runs(tmp_path: Path) -> None:
    script = tmp_path / "script.txt"
    script.write_text("/coach help\n")
    with script.open() as lines:
        piped = python_m_bot(tmp_path, "--clock", "2026-03-02T09:30", stdin=lines)
    assert piped.returncode == 0 and b"/coach" in piped.stdout
    explicit = python_m_bot(tmp_path, "console", stdin=subprocess.DEVNULL)
    assert explicit.returncode == 0
