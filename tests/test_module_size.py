"""No module outside tests/ and bench/ grows past 400 lines (the developers' guide): split it."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 400


def test_every_module_is_at_most_400_lines() -> None:
    files = [
        f
        for package in ("bot", "handlers", "content", "storage")
        for f in (ROOT / package).rglob("*.py")
    ]
    assert len(files) > 50
    long = {
        str(f.relative_to(ROOT)): n for f in files if (n := len(f.read_text().splitlines())) > LIMIT
    }
    assert long == {}
