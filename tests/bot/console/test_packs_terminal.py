"""End to end in the terminal: `python -m bot` with COACH_PACKS drills from a pack."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _run(tmp_path: Path, lines: list[str], packs: Path) -> subprocess.CompletedProcess[bytes]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DATABASE": str(tmp_path / "coach.db"),
        "DEFAULT_TZ": "Europe/Paris",
        "COACH_PACKS": str(packs),
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", "--clock", "2026-03-02T08:00", "--user", "ann"],
        input="".join(line + "\n" for line in lines).encode(),
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def test_a_drill_from_a_pack_with_coach_packs_set(tmp_path: Path) -> None:
    result = _run(
        tmp_path,
        [
            "/coach setup time=09:00 topics=classic-ml packs=ours",
            "/clock 2026-03-03T09:00",
            "0.4",
            "/coach drill subword tokenizer",
            "/coach drill answer it splits text into tokens and maps them to ids",
            "/coach drill levenshtein",
            "/coach streak",
        ],
        ROOT / "examples" / "packs",
    )
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    day_two = out.split("/clock 2026-03-03T09:00", 1)[1]
    # The day's drill comes from the pack (its only classic-ml question), checked by its checker.
    assert "A search returns 10 results, 4 of them relevant" in day_two
    assert "✅ Correct" in day_two
    # Practice by words searches the pack; the built-in bank is not this channel's.
    assert "What does a tokenizer do" in day_two
    assert "No question matches “levenshtein”" in day_two
    assert "Your streak: 1 drill day" in day_two
    assert "questions from: ours" in out


def test_a_pack_added_from_the_terminal_by_path(tmp_path: Path) -> None:
    pack = tmp_path / "mine.yaml"
    pack.write_text(
        "questions:\n  - question: What is the capital of dropout land?\n"
        "    answer: Bagging.\n    key_points: [bagging]\n"
    )
    empty = tmp_path / "packs"
    empty.mkdir()
    result = _run(
        tmp_path,
        [
            f"/coach pack add {tmp_path / 'missing.yaml'}",
            f"/coach pack add {pack}",
            "/coach setup packs=mine",
            "/coach drill",
        ],
        empty,
    )
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "(pack) cannot read" in out
    assert "Pack mine saved for this workspace: 1 question" in out
    assert "What is the capital of dropout land?" in out


def test_a_broken_pack_in_coach_packs_stops_the_start_with_its_line(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "bad.yaml").write_text("questions:\n  - question: Why?\n")
    result = _run(tmp_path, [], packs)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "COACH_PACKS:" in err and "bad.yaml:2: question 1: has no `answer:`" in err
