"""The built-in bank and every question pack, as one bank the core draws from.

Collections are keyed: `builtin`, a COACH_PACKS pack by its name, and a pack a workspace added
(`/coach pack add`) by `<name>.<stored id>`, with its questions' ids `<name>.<stored id>:<id>`.
Any id resolves (a drill of any workspace can be revealed), but what a channel draws from and
what a search sees is only what that channel chose among the collections of its own workspace.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from content.bank import Bank
from content.packs import BUILTIN, Pack
from content.schema import Question
from content.search import Hit, SearchIndex


@dataclass(frozen=True)
class Owner:
    """The workspace a stored pack belongs to."""

    platform: str
    workspace: str


class Catalog(Bank):
    """A bank of the built-in questions and every pack, each question in one collection."""

    def __init__(self, bank: Bank, packs: Mapping[str, Pack] | None = None) -> None:
        self.builtin = bank
        self.packs: dict[str, Pack] = dict(packs or {})
        """The COACH_PACKS packs, by name: every workspace may choose them."""
        self._stored: dict[str, tuple[Owner, Pack]] = {}
        self.stored_loaded = False
        """Whether the workspaces' stored packs were read (the core does it once)."""
        self._collection_of: dict[str, str] = {}
        super().__init__(self._all())
        self.__dict__["index"] = SearchIndex.of(bank.questions, BUILTIN)
        for name, pack in self.packs.items():
            self.index.add(pack.questions, name)
        self._pools: dict[tuple[frozenset[str], tuple[str, ...], str | None], list[Question]] = {}

    def _all(self) -> Iterable[Question]:
        self._collection_of = {q.id: BUILTIN for q in self.builtin.questions}
        for name, pack in self.packs.items():
            self._collection_of.update((q.id, name) for q in pack.questions)
        for key, (_, pack) in self._stored.items():
            self._collection_of.update((q.id, key) for q in pack.questions)
        return [
            *self.builtin.questions,
            *(q for pack in self.packs.values() for q in pack.questions),
            *(q for _, pack in self._stored.values() for q in pack.questions),
        ]

    def store_pack(self, owner: Owner, stored_id: int, pack: Pack) -> str:
        """Add (or replace) a workspace's pack; return its collection key."""
        key = f"{pack.name}.{stored_id}"
        renamed = tuple(
            q.model_copy(update={"id": f"{key}:{q.id.split(':', 1)[1]}"}) for q in pack.questions
        )
        self._stored[key] = (owner, Pack(pack.name, renamed))
        self._rebuild()
        self.index.add(renamed, key)
        return key

    def drop_pack(self, key: str) -> None:
        if self._stored.pop(key, None) is not None:
            self._rebuild()
            self.index.drop(key)

    def _rebuild(self) -> None:
        questions = sorted(self._all(), key=lambda q: q.id)
        self.questions = questions
        self._by_id = {q.id: q for q in questions}
        self._pools.clear()

    def names(self, owner: Owner) -> dict[str, str]:
        """The packs a workspace may choose, name to collection key (its own override none)."""
        found = {BUILTIN: BUILTIN, **{name: name for name in self.packs}}
        for key, (who, pack) in self._stored.items():
            if who == owner:
                found.setdefault(pack.name, key)
        return found

    def collections(self, owner: Owner, chosen: Collection[str]) -> frozenset[str]:
        """The collection keys of the pack names a channel chose (unknown names are skipped)."""
        names = self.names(owner)
        return frozenset(names[name] for name in chosen if name in names)

    def collection(self, question_id: str) -> str | None:
        return self._collection_of.get(question_id)

    def owner(self, key: str) -> Owner | None:
        stored = self._stored.get(key)
        return stored[0] if stored else None

    def count(self, key: str) -> int:
        return sum(1 for collection in self._collection_of.values() if collection == key)

    def search_in(self, text: str, limit: int, collections: Collection[str]) -> list[Hit]:
        return self.index.search(text, limit, collections)

    def eligible_in(
        self,
        collections: Collection[str],
        topics: Iterable[str] = (),
        difficulty: str | None = None,
    ) -> list[Question]:
        """Questions the drill may post from these collections, within topics and difficulty."""
        key = (frozenset(collections), tuple(sorted(set(topics))), difficulty)
        if key not in self._pools:
            self._pools[key] = [
                q
                for q in self.eligible(topics, difficulty)
                if self._collection_of.get(q.id) in key[0]
            ]
        return self._pools[key]
