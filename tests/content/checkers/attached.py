"""Loading content/checkers/attached.yaml for the tests."""

from pathlib import Path

import yaml

ATTACHED = Path(__file__).resolve().parents[3] / "content" / "checkers" / "attached.yaml"


def attached_entries() -> list[dict]:
    return yaml.safe_load(ATTACHED.read_text(encoding="utf-8"))


def entry(match: str) -> dict:
    """The entry with this match, or the one entry whose match begins with it."""
    entries = attached_entries()
    (found,) = [e for e in entries if e["match"] == match] or [
        e for e in entries if e["match"].startswith(match)
    ]
    return found
