"""Every configuration error stops the start with one line naming the setting, never a secret."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings

TOKEN = "sekrit-token-value"
PASSWORD = "hunter2-password"


def one_line_error(environ: dict[str, str], **kw: object) -> str:
    with pytest.raises(SettingsError) as err:
        load_settings(environ, **kw)
    message = str(err.value)
    assert "\n" not in message and TOKEN not in message and PASSWORD not in message
    return message


def test_a_bad_timezone_names_default_tz() -> None:
    message = one_line_error({"DEFAULT_TZ": "Mars/Olympus", "DISCORD_TOKEN": TOKEN})
    assert message.startswith("DEFAULT_TZ:") and "IANA" in message


@pytest.mark.parametrize(
    ("url", "says"),
    [
        (f"mysql://root:{PASSWORD}@db/coach", "'mysql' is not supported"),
        ("sqlite://coach.db", "three slashes"),
        ("sqlite:///", "needs a file path"),
        (f"postgresql://u:{PASSWORD}@/db", "needs a host"),
        (f"{PASSWORD}", "not supported"),
    ],
)
def test_a_bad_database_url_names_it_without_its_password(url: str, says: str) -> None:
    message = one_line_error({"DATABASE_URL": url, "SLACK_BOT_TOKEN": TOKEN})
    assert message.startswith("DATABASE_URL:") and says in message


def test_database_url_forms_and_the_older_database_setting() -> None:
    assert load_settings({}).database.target == "data/coach.db"
    assert load_settings({"DATABASE": "/tmp/x.db"}).database.target == "/tmp/x.db"
    url = load_settings({"DATABASE": "/tmp/x.db", "DATABASE_URL": "sqlite:////srv/c.db"}).database
    assert (url.dialect, url.target) == ("sqlite", "/srv/c.db")
    heroku = load_settings({"DATABASE_URL": "postgres://u:p@h:5432/d"}).database
    assert (heroku.dialect, heroku.target) == ("postgresql", "postgresql://u:p@h:5432/d")


def test_sqlite_is_refused_on_heroku_and_postgres_accepted() -> None:
    message = one_line_error({"DYNO": "worker.1", "DISCORD_TOKEN": TOKEN})
    assert message.startswith("DATABASE_URL: SQLite is refused on Heroku")
    message = one_line_error({"DYNO": "worker.1", "DATABASE_URL": "sqlite:///data/c.db"})
    assert "heroku addons:create heroku-postgresql" in message
    ok = load_settings({"DYNO": "worker.1", "DATABASE_URL": f"postgres://u:{PASSWORD}@h/d"})
    assert ok.database.is_postgres


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LOG_FORMAT", "xml"),
        ("LOG_LEVEL", "LOUD"),
        ("HEALTH_PORT", "70000"),
        ("SHUTDOWN_GRACE_SECONDS", "45"),
        ("SLACK_PORT", "http"),
        ("MAX_ANSWER_CHARS", "5"),
    ],
)
def test_each_malformed_setting_names_itself(name: str, value: str) -> None:
    assert one_line_error({name: value, "DISCORD_TOKEN": TOKEN}).startswith(f"{name}:")


def test_a_dotenv_file_fills_in_what_the_environment_does_not_set(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("# comment\nDEFAULT_TZ=Europe/Paris\nLOG_FORMAT=json\nnot a line\n")
    settings = load_settings({"LOG_FORMAT": "text"}, env_file=env_file)
    assert (settings.DEFAULT_TZ, settings.LOG_FORMAT) == ("Europe/Paris", "text")
    assert load_settings({}, env_file=tmp_path / "missing.env").DEFAULT_TZ == "UTC"


def run_bot(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """python -m bot in a clean environment whose working directory holds no .env."""
    base = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(Path.cwd())}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**base, "DATABASE": str(tmp_path / "c.db"), **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("args", "env", "names"),
    [
        (["discord"], {}, "DISCORD_TOKEN is not set"),
        (["slack"], {}, "SLACK_BOT_TOKEN is not set"),
        (["slack"], {"SLACK_BOT_TOKEN": TOKEN}, "SLACK_SIGNING_SECRET"),
        (["discord"], {"DISCORD_TOKEN": TOKEN, "DEFAULT_TZ": "Nowhere/X"}, "DEFAULT_TZ:"),
        (["discord"], {"DISCORD_TOKEN": TOKEN, "DYNO": "worker.1"}, "SQLite is refused"),
        (["console"], {"DATABASE_URL": f"oracle://a:{PASSWORD}@h"}, "DATABASE_URL:"),
        (
            ["console"],
            {"DATABASE_URL": f"postgresql://u:{PASSWORD}@127.0.0.1:1/db"},
            "DATABASE_URL: cannot open the database",
        ),
    ],
)
def test_the_start_stops_with_one_line_naming_the_setting(
    tmp_path: Path, args: list[str], env: dict[str, str], names: str
) -> None:
    done = run_bot(tmp_path, env, *args)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and names in lines[0], done.stderr
    assert TOKEN not in done.stderr + done.stdout and PASSWORD not in done.stderr + done.stdout


def test_the_dotenv_file_of_the_working_directory_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"DISCORD_TOKEN={TOKEN}\nDEFAULT_TZ=Nowhere/X\n")
    done = run_bot(tmp_path, {}, "discord")
    assert done.returncode == 2 and done.stderr.startswith("error: DEFAULT_TZ:")


@pytest.mark.parametrize("zone", ["x" * 300, "Europe/" + "P" * 6000])
def test_a_timezone_too_long_for_a_file_name_is_one_clear_line(zone: str) -> None:
    message = one_line_error({"DEFAULT_TZ": zone, "DISCORD_TOKEN": TOKEN})
    assert message.startswith("DEFAULT_TZ:") and "IANA" in message and zone not in message


def test_each_database_has_its_own_spool_file() -> None:
    def spool(url: str) -> object:
        return load_settings({"DATABASE_URL": url}).spool_file

    one = spool("postgresql://u:secret@db:5432/coach")
    assert one == spool("postgresql://u:rotated@db/coach")  # a new password: the same file
    assert one != spool("postgresql://u:secret@db:5432/other")
    assert "secret" not in str(one)
    assert spool("sqlite:///data/a.db") == Path("data/a.db.kept.jsonl")
    assert spool("sqlite:///:memory:") is None
