"""The README's "Try it in your terminal" transcript happens when you follow it literally."""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path

from bot.console.cli import run
from bot.settings import load_settings

README = Path(__file__).resolve().parents[3] / "README.md"


def showcase() -> tuple[list[str], list[str], str]:
    """The make run arguments, the lines typed, and the transcript of the README's showcase."""
    section = README.read_text(encoding="utf-8").split("## Try it in your terminal")[1]
    transcript = section.split("```text\n")[1].split("```")[0]
    command = transcript.splitlines()[0]
    args = shlex.split(re.search(r'ARGS="([^"]*)"', command).group(1))  # type: ignore[union-attr]
    typed = [line[2:] for line in transcript.splitlines() if line.startswith("> ")]
    return args, typed, transcript


def words(text: str) -> str:
    return " ".join(text.split())


def test_the_showcase_transcript_is_what_the_terminal_prints(tmp_path: Path) -> None:
    args, typed, transcript = showcase()
    assert "--fresh" in args and typed == ["/coach drill levenshtein", "4", "/clock +1d"]
    settings = load_settings({}, DATABASE=tmp_path / "coach.db", DEFAULT_TZ="UTC")
    out = io.StringIO()
    script = io.StringIO("".join(line + "\n" for line in typed))
    assert run([*args, "--user", "ann"], script, out, settings) == 0
    printed = words(out.getvalue())
    # Each paragraph as shown (the README's terminal wrapped it; a pipe does not), leaving out
    # the shell's lines, the database path (here a temporary one) and the [… shortened] parts.
    for paragraph in transcript.split("\n\n"):
        for part in re.split(r"^\[….*$", paragraph, flags=re.M):
            lines = [
                line
                for line in part.splitlines()
                if line.strip()
                and not line.startswith(("$ ", ".venv/"))
                and "data/coach.db" not in line
                and "It is Mon 02 Mar" not in line
            ]
            if lines:
                assert words("\n".join(lines)) in printed, lines
    assert "✅ Correct." in printed and "It is Mon 02 Mar 08:59 UTC" in printed


def test_the_terminal_comes_first_and_the_bank_figures_after_the_platforms() -> None:
    headings = [
        line[3:] for line in README.read_text(encoding="utf-8").splitlines() if line[:3] == "## "
    ]
    assert headings[:3] == ["The two commands", "Try it in your terminal", "Using it"]
    after_slack = headings[headings.index("Run it on Slack") :]
    for later in ("The question bank", "When things go wrong", "Development"):
        assert later in after_slack, later
