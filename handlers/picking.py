"""Choosing a channel's next question: unused first, topics in rotation, never a figure one."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from content.catalog import Catalog, Owner
from content.packs import BUILTIN
from content.schema import Question
from storage.records import ChannelConfig


def _rank(seed: str, key: str) -> bytes:
    return hashlib.blake2b(f"{seed}|{key}".encode(), digest_size=8).digest()


class Picker:
    """Picks questions from the catalog's pools (it caches them, per collections and filters)."""

    def __init__(self, catalog: Catalog, runs_code: bool = False) -> None:
        self.catalog = catalog
        self.runs_code = runs_code
        """Without a sandbox a code question could not be checked: it is never picked."""

    def pool(
        self,
        topics: tuple[str, ...],
        difficulty: str | None,
        collections: frozenset[str] = frozenset({BUILTIN}),
    ) -> list[Question]:
        """Schedulable questions for a setup, relaxing difficulty, then topics, when empty."""
        eligible = self.catalog.eligible_in
        return (
            self._usable(eligible(collections, topics, difficulty))
            or self._usable(eligible(collections, topics))
            or self._usable(eligible(collections))
        )

    def _usable(self, questions: list[Question]) -> list[Question]:
        if self.runs_code:
            return questions
        return [q for q in questions if q.checker is None or q.checker.kind != "code"]

    def pick(
        self, cfg: ChannelConfig, asked: Sequence[tuple[str, str]], seed: str
    ) -> Question | None:
        """The next question for a channel, given what it was asked (oldest first)."""
        pool = self.pool(cfg.topics, cfg.difficulty, channel_collections(self.catalog, cfg))
        if not pool:
            return None
        used = {qid for qid, _ in asked}
        fresh = [q for q in pool if q.id not in used]
        if not fresh:
            # Every eligible question has been used: start a new round, but not with the last one.
            last = asked[-1][0] if asked else None
            fresh = [q for q in pool if q.id != last] or pool
        last_seen = {topic: i for i, (_, topic) in enumerate(asked)}
        topic = min({q.topic for q in fresh}, key=lambda t: (last_seen.get(t, -1), _rank(seed, t)))
        return min((q for q in fresh if q.topic == topic), key=lambda q: _rank(seed, q.id))

    def pick_for_person(
        self,
        topics: tuple[str, ...],
        difficulty: str | None,
        seen: set[str],
        seed: str,
        collections: frozenset[str] = frozenset({BUILTIN}),
        checkable: bool = False,
    ) -> Question | None:
        """A practice question the person has not had yet when there is one; with `checkable`,
        only one a checker marks the moment it is answered (from all topics if need be)."""
        pool = self.pool(topics, difficulty, collections)
        if checkable:
            everything = self.pool((), None, collections)
            pool = [q for q in pool if q.checker is not None] or [
                q for q in everything if q.checker is not None
            ]
        fresh = [q for q in pool if q.id not in seen] or pool
        return min(fresh, key=lambda q: _rank(seed, q.id)) if fresh else None


def channel_collections(catalog: Catalog, cfg: ChannelConfig | None) -> frozenset[str]:
    """What a channel draws from: the packs it chose, else (or when none is left) the bank."""
    if cfg is None:
        return frozenset({BUILTIN})
    chosen = catalog.collections(Owner(cfg.platform, cfg.workspace), cfg.packs)
    return chosen or frozenset({BUILTIN})
