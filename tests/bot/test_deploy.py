"""The deployment files: Dockerfile (hadolint and structure), compose, Heroku, .env.example, and
the image's start command and HEALTHCHECK run outside Docker against the fake Discord."""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from bot.settings import Settings
from tests.bot.test_sigterm import read_until
from tests.fakes.discord_server import FakeDiscord

ROOT = Path(__file__).resolve().parents[2]
ADAPTER_KNOBS = ("DISCORD_MESSAGE_CONTENT", "DISCORD_REQUESTS_PER_SECOND", "DISCORD_FANOUT")


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def last(name: str) -> str:
    return [args for ins, args in instructions() if ins == name][-1]


def healthcheck_command() -> list[str]:
    return list(json.loads(last("HEALTHCHECK").split(" CMD ", 1)[1]))


def image_env() -> dict[str, str]:
    return dict(shlex.split(pair)[0].split("=", 1) for pair in shlex.split(last("ENV")))


def test_hadolint_finds_nothing() -> None:
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or "hadolint"
    done = subprocess.run([hadolint, str(ROOT / "Dockerfile")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_image_is_slim_non_root_with_runtime_dependencies_only() -> None:
    bases = [args.split()[0] for ins, args in instructions() if ins == "FROM"]
    assert bases and all(base == "${PYTHON_IMAGE}" for base in bases)  # a mirror may stand in
    assert ("ARG", "PYTHON_IMAGE=python:3.11-slim") in instructions()
    user = last("USER").split(":")[0]
    assert user.isdigit() and int(user) > 0
    installs = " ".join(args for ins, args in instructions() if ins == "RUN" and "pip" in args)
    assert "[dev]" not in installs and "-e " not in installs
    assert healthcheck_command() == ["python", "-m", "bot.health"]
    assert image_env()["DATABASE_URL"] == "sqlite:////data/coach.db"
    assert '"/data"' in last("VOLUME")


def test_procfile_runs_exactly_one_worker_with_the_image_command() -> None:
    lines = [line for line in (ROOT / "Procfile").read_text().splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("worker:")
    assert shlex.split(lines[0].split(":", 1)[1]) == json.loads(last("CMD"))


def test_compose_keeps_the_database_on_a_named_volume_and_postgres_is_optional() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    bot, postgres = compose["services"]["bot"], compose["services"]["postgres"]
    volume, _, target = bot["volumes"][0].partition(":")
    assert volume in compose["volumes"] and target == "/data"
    assert bot["environment"]["DATABASE_URL"].endswith("sqlite:////data/coach.db}")
    assert postgres["profiles"] == ["postgres"] and "profiles" not in bot
    assert bot["depends_on"]["postgres"]["required"] is False
    assert (
        int(bot["stop_grace_period"].rstrip("s"))
        >= Settings.model_fields["SHUTDOWN_GRACE_SECONDS"].default
    )


def test_heroku_gets_one_worker_postgres_and_the_python_version() -> None:
    app = json.loads((ROOT / "app.json").read_text())
    assert app["formation"] == {"worker": {"quantity": 1, "size": "basic"}}
    assert any(addon["plan"].startswith("heroku-postgresql") for addon in app["addons"])
    assert set(app["env"]) <= set(Settings.model_fields)
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    assert [line for line in lines if line and not line.startswith("#")] == ["."]
    pinned = (ROOT / ".python-version").read_text().strip()
    required = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert required == f">={pinned}" and last("ARG") == f"PYTHON_IMAGE=python:{pinned}-slim"


def test_env_example_documents_every_setting() -> None:
    documented = (ROOT / ".env.example").read_text()
    for name in [*Settings.model_fields, *ADAPTER_KNOBS]:
        assert f"{name}=" in documented, name


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_the_image_start_command_and_healthcheck_run_outside_docker(tmp_path: Path) -> None:
    fake = FakeDiscord()
    await fake.start()
    fake.add_channel(fake.add_guild())
    env = {
        **image_env(),
        # `python` is the image's interpreter there, the one running these tests here.
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "PYTHONPATH": str(ROOT),
        # Outside the image: no /data volume and a port of our own; everything else as built.
        "DATABASE_URL": f"sqlite:///{tmp_path}/data/coach.db",
        "HEALTH_PORT": str(free_port()),
        "DISCORD_TOKEN": fake.token,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
    }
    command = json.loads(last("CMD"))
    healthcheck = shlex.split(
        last("HEALTHCHECK").split("CMD", 1)[1].strip().strip("[]"), posix=True
    )
    probe = [part.strip(",") for part in healthcheck]
    bot = await asyncio.create_subprocess_exec(
        *command,
        env=env,
        cwd=tmp_path,
        stderr=asyncio.subprocess.PIPE,
        stdin=asyncio.subprocess.DEVNULL,
    )
    log: list[str] = []
    try:
        await asyncio.wait_for(read_until(bot, "Scheduler started", log), 30)
        # JSON only, for the log collector: no plain line, no voice-library warnings.
        assert all(json.loads(line)["message"] for line in log), log
        assert not any("voice will NOT be supported" in line for line in log)
        checked = await asyncio.create_subprocess_exec(*probe, env=env, cwd=tmp_path)
        assert await checked.wait() == 0, "".join(log)
        bot.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(bot.wait(), 25) == 0
        assert (tmp_path / "data" / "coach.db").is_file()
        after = await asyncio.create_subprocess_exec(*probe, env=env, cwd=tmp_path)
        assert await after.wait() == 1  # nothing answers once the bot has stopped
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()
        await fake.close()


def test_the_builder_gets_no_secrets_caches_or_databases() -> None:
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    rules = [line.strip() for line in ignored if line.strip() and not line.startswith("#")]
    assert rules[0] == "*"  # everything out, then only what the image is built from back in
    allowed = {rule[1:].rstrip("/") for rule in rules if rule.startswith("!")}
    copied = {
        args.split()[0] for ins, args in instructions() if ins == "COPY" and "--from" not in args
    }
    assert copied <= allowed
    assert not {".env", ".venv", ".git", "data", "tests", "bench"} & allowed
    assert {"**/.env", "**/*.db"} <= set(rules)  # not even inside an allowed directory


def test_dependencies_are_installed_from_the_hashed_lock_and_no_wheels_stay() -> None:
    runs = " ".join(args for ins, args in instructions() if ins == "RUN")
    assert "--require-hashes -r requirements.lock" in runs
    assert "--no-deps ." in runs  # the project itself resolves nothing again
    copies = [args for ins, args in instructions() if ins == "COPY" and "--from" in args]
    assert copies == ["--from=build /opt/coach /opt/coach"]  # the environment, no wheel files
    lock = (ROOT / "requirements.lock").read_text()
    pins = [line for line in lock.splitlines() if "==" in line and not line.startswith("#")]
    assert pins and all(line.rstrip().endswith("\\") for line in pins)  # each has hashes
    pinned = {line.split("==")[0].lower().replace("_", "-") for line in pins}
    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for requirement in wanted:
        name = requirement.split("[")[0].split(">")[0].split("<")[0].split("=")[0].strip()
        assert name.lower().replace("_", "-").replace(".", "-") in {
            p.replace(".", "-") for p in pinned
        }, name
