"""Code that tries to get out of the sandbox: each attempt is bounded, fails, and leaks nothing."""

from __future__ import annotations

import os
import socket
import sqlite3
import time
from pathlib import Path

import pytest

from bot.sandbox import Limits, Sandbox, find_sandbox
from content.checkers.code import check as check_code
from content.checkers.code import parse_spec
from content.checkers.code.program import Program, RunResult
from content.verdicts import Verdict

TOKEN = "fake-discord-token-4f1d9a7c"
UID = 2_421_021
"""This module's runs' uid, so a count of its processes sees no other test's sandbox."""
LIMITS = Limits(cpu_seconds=1, wall_seconds=3.0, memory_bytes=256 * 1024 * 1024)
SPEC = parse_spec({"suite": "normal_pdf", "functions": ["normal_pdf"]})


class Recording:
    """The sandbox, keeping the raw result of each run to search it for leaks."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.results: list[RunResult] = []

    def run(self, program: Program) -> RunResult:
        result = self.sandbox.run(program)
        self.results.append(result)
        return result


@pytest.fixture(scope="module")
def confined() -> Sandbox:
    found = find_sandbox(limits=LIMITS, uid_for_run=lambda: UID)
    assert found.sandbox is not None, found.detail
    return found.sandbox


def attempt(confined: Sandbox, code: str) -> tuple[Verdict, RunResult]:
    recording = Recording(confined)
    started = time.monotonic()
    verdict = check_code(SPEC, f"```python\n{code}\n```", recording)
    elapsed = time.monotonic() - started
    (result,) = recording.results
    # Bounded: the wall-clock limit plus the time to reap the process tree.
    assert elapsed < LIMITS.wall_seconds + 2, elapsed
    assert verdict.verdict != "correct"
    return verdict, result


def everything(verdict: Verdict, result: RunResult) -> str:
    return verdict.message + (result.stdout + result.stderr).decode(errors="replace")


def sandboxed_processes() -> list[int]:
    """Processes left running as the sandbox's uid (there must be none after a run)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == UID:
                    found.append(int(entry.name))
            except FileNotFoundError:
                continue
    return found


def test_a_socket_reaches_nothing_not_even_the_hosts_loopback(confined: Sandbox) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        port = listener.getsockname()[1]
        verdict, _ = attempt(
            confined,
            f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=1)\n"
            "raise SystemExit('CONNECTED')",
        )
        with pytest.raises(BlockingIOError):
            listener.accept()
    assert "CONNECTED" not in verdict.message
    assert "ConnectionRefusedError" in verdict.message or "OSError" in verdict.message


def test_proc_1_environ_cannot_be_read(confined: Sandbox, monkeypatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    verdict, result = attempt(confined, "raise SystemExit(open('/proc/1/environ').read())")
    assert "PermissionError" in verdict.message
    assert TOKEN not in everything(verdict, result)


def test_the_bots_environment_is_nowhere_inside(confined: Sandbox, monkeypatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    verdict, result = attempt(
        confined,
        "import os\n"
        "seen = [repr(dict(os.environ))]\n"
        "for pid in os.listdir('/proc'):\n"
        "    try:\n"
        "        seen.append(open(f'/proc/{pid}/environ').read())\n"
        "    except OSError:\n"
        "        pass\n"
        "raise SystemExit('ENV ' + ' '.join(seen))",
    )
    assert verdict.message.startswith("Your code failed before the tests ran: SystemExit: ENV")
    assert "HOME" in verdict.message  # what it could read is shown: only the sandbox's own
    assert TOKEN not in everything(verdict, result)


def test_writing_outside_the_tmpfs_fails_and_leaves_no_file(confined: Sandbox, tmp_path) -> None:
    targets = [tmp_path / "escaped", Path(__file__).parent / "escaped", Path("/escaped")]
    targets.append(Path(os.path.dirname(os.__file__)) / "escaped")
    verdict, _ = attempt(
        confined,
        f"targets = {[str(t) for t in targets]!r}\n"
        "written = []\n"
        "for target in targets:\n"
        "    try:\n"
        "        open(target, 'w').write('x')\n"
        "        written.append(target)\n"
        "    except OSError:\n"
        "        pass\n"
        "raise SystemExit(f'WROTE {written}')",
    )
    assert "WROTE []" in verdict.message
    assert not any(t.exists() for t in targets)


def test_the_database_file_is_not_in_view(confined: Sandbox, tmp_path) -> None:
    database = tmp_path / "coach.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE secrets (value TEXT)")
        connection.execute("INSERT INTO secrets VALUES ('the-secret-answer-77')")
    verdict, result = attempt(confined, f"raise SystemExit(open({str(database)!r}, 'rb').read())")
    assert "FileNotFoundError" in verdict.message
    assert "the-secret-answer-77" not in everything(verdict, result)


def test_a_fork_bomb_hits_the_process_limit_and_leaves_nothing(confined: Sandbox) -> None:
    verdict, result = attempt(confined, "import os\nwhile True:\n    os.fork()")
    assert result.stdout.count(b"load_error") <= LIMITS.processes  # at most that many ran
    assert "BlockingIOError" in verdict.message or "killed" in verdict.message
    assert sandboxed_processes() == []


def test_a_memory_bomb_meets_the_address_space_limit(confined: Sandbox) -> None:
    verdict, _ = attempt(confined, "blocks = []\nwhile True:\n    blocks.append(bytearray(2**24))")
    assert "MemoryError" in verdict.message


def test_an_endless_loop_is_stopped_by_the_cpu_limit(confined: Sandbox) -> None:
    verdict, result = attempt(confined, "while True:\n    pass")
    assert verdict.message == (
        "No test ran: your code used up its CPU time (an endless loop, or too slow)."
    )
    assert not result.timed_out


def test_a_sleeping_loop_is_stopped_by_the_wall_clock(confined: Sandbox) -> None:
    verdict, result = attempt(confined, "import time\nwhile True:\n    time.sleep(0.05)")
    assert result.timed_out
    assert "stopped after 3 s" in verdict.message


def test_huge_output_on_every_descriptor_is_cut_at_the_budget(confined: Sandbox) -> None:
    verdict, result = attempt(
        confined,
        "import os\nblock = b'x' * 65536\nwhile True:\n"
        "    print('y' * 65536)\n"
        "    for fd in range(1, 16):\n"
        "        try:\n"
        "            os.write(fd, block)\n"
        "        except OSError:\n"
        "            pass",
    )
    assert result.output_cut
    assert len(result.stdout) + len(result.stderr) <= LIMITS.output_bytes
    assert "more output than I read" in verdict.message


def test_the_bot_cannot_be_signalled(confined: Sandbox) -> None:
    verdict, _ = attempt(
        confined,
        "import os, signal\nerrors = []\n"
        f"for pid in ({os.getpid()}, 1):\n"
        "    try:\n"
        "        os.kill(pid, signal.SIGKILL)\n"
        "    except OSError as error:\n"
        "        errors.append(type(error).__name__)\n"
        "raise SystemExit(f'KILL {errors}')",
    )
    # The bot (this test's process) is not in the sandbox's PID namespace; its init is not ours.
    assert "KILL ['ProcessLookupError', 'PermissionError']" in verdict.message


def test_ctypes_mount_and_new_namespaces_are_refused(confined: Sandbox) -> None:
    verdict, _ = attempt(
        confined,
        "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
        "mounted = libc.mount(b'none', b'/tmp', b'tmpfs', 0, None)\n"
        "mount_errno = ctypes.get_errno()\n"
        "unshared = libc.unshare(0x10000000 | 0x00020000)\n"  # CLONE_NEWUSER | CLONE_NEWNS
        "raise SystemExit(f'MOUNT {mounted} {mount_errno} UNSHARE {unshared}')",
    )
    assert "MOUNT -1 1 UNSHARE -1" in verdict.message  # EPERM
