"""Builders of storage records for the storage tests."""

from __future__ import annotations

from datetime import UTC, datetime

from storage.records import Attempt

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def attempt(message_id: str, user: str = "u1", workspace: str = "w1", **kw: object) -> Attempt:
    fields: dict[str, object] = dict(
        platform="slack",
        workspace=workspace,
        message_id=message_id,
        user=user,
        text="x",
        verdict="received",
        score=0.0,
        at=NOW,
        drill_id=1,
    )
    fields.update(kw)
    return Attempt(**fields)  # type: ignore[arg-type]
