"""The README's Architecture section names only files that exist: the folder map, by folder, and
every path in the text."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("bot", "handlers", "content", "storage", "tests")


def architecture() -> str:
    readme = (ROOT / "README.md").read_text()
    return readme.split("## Architecture", 1)[1].split("\n## ", 1)[0]


def named_paths(section: str) -> set[str]:
    """Full paths anywhere, and in the folder map a file or folder named on a folder's row."""
    paths = set(re.findall(rf"\b(?:{'|'.join(FOLDERS)})/[\w/.]*\w", section))
    folder = ""
    for line in section.split("```", 2)[1].splitlines():
        if line[:1].isalpha():
            folder, _, line = line.partition("/")
        names = re.findall(r"(?<![\w/])(\w+\.py|\w+/)(?![\w/])", line)
        paths |= {f"{folder}/{n.rstrip('/')}" for n in names if n.rstrip("/") not in FOLDERS}
    return paths


def test_every_path_in_the_architecture_section_exists() -> None:
    paths = named_paths(architecture())
    assert {"handlers/command_table.py", "handlers/routing.py", "bot/timetable.py"} <= paths
    assert sorted(p for p in paths if not (ROOT / p).exists()) == []
