"""`/coach pack add PATH` in the terminal: the file at PATH, attached as a platform would."""

from __future__ import annotations

import re
from pathlib import Path

from content.packs import MAX_BYTES
from handlers.types import Attachment

PACK_ADD = re.compile(r"^\s*/coach\s+pack\s+add\s+(?P<path>\S.*?)\s*$", re.IGNORECASE)


def attach(text: str) -> tuple[str, Attachment | None, str | None]:
    """The command text, the file it names (if any) and why that file could not be read."""
    found = PACK_ADD.match(text)
    if found is None:
        return text, None, None
    path = Path(found["path"]).expanduser()
    command = "/coach pack add"
    if path.is_dir():
        return command, None, f"{path} is a folder: add one .yaml file, or list it in COACH_PACKS"
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)  # one byte more is enough to say "too big"
    except OSError as err:
        return command, None, f"cannot read {path}: {err.strerror or err}"
    return command, Attachment(path.name, data), None
