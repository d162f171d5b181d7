"""Loading content/checkers/attached.yaml for the tests."""

from pathlib import Path

import yaml

ATTACHED = Path(__file__).resolve().parents[3] / "content" / "checkers" / "attached.yaml"


def attached_entries() -> list[dict]:
    return yaml.safe_load(ATTACHED.read_text(encoding="utf-8"))


def entry(match: str) -> dict:
    (found,) = [e for e in attached_entries() if e["match"] == match]
    return found
