"""The core (handlers, content, storage) must never import a chat platform's library."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLATFORM_LIBS = {"discord", "slack_bolt", "slack_sdk"}


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", ["handlers", "content", "storage"])
def test_core_imports_no_platform_library(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"{package}/ has no Python files"
    offenders = {
        str(f.relative_to(ROOT)): sorted(_imported_roots(f) & PLATFORM_LIBS)
        for f in files
        if _imported_roots(f) & PLATFORM_LIBS
    }
    assert offenders == {}


def test_the_check_itself_sees_a_platform_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("import os\nfrom slack_sdk.web import WebClient\nimport discord.ext\n")
    assert _imported_roots(sample) & PLATFORM_LIBS == {"slack_sdk", "discord"}
