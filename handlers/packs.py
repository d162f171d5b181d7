"""Question packs in the core: what a channel may choose, and `/coach pack add`.

A pack added with `/coach pack add` belongs to the server or workspace it was added in: it is
stored with that (platform, workspace), only that workspace's channels may choose it or find its
questions, and it is not personal data (no one's id is stored with it), so `/coach forget-me`
leaves it in place; an admin replaces it by adding a pack of the same name.
"""

from __future__ import annotations

import logging

from content.catalog import Owner
from content.packs import BUILTIN, PackError, parse_pack, slug_of
from handlers.answering import refusal
from handlers.commands import Command
from handlers.context import Deps
from handlers.picking import channel_collections
from handlers.text import quote
from handlers.types import Incoming, Reply
from storage.errors import StoreUnavailable

log = logging.getLogger(__name__)
SHOWN_PROBLEMS = 15
"""A pack's problems listed in one reply; the count says how many more there are."""


def ensure_loaded(deps: Deps) -> None:
    """Load the stored packs once; while the store cannot read, the next call tries again."""
    if deps.catalog.stored_loaded:
        return
    try:
        load_stored(deps)
    except StoreUnavailable as err:
        log.warning("stored question packs not loaded yet (%s): trying again on use", err)


def load_stored(deps: Deps) -> int:
    """Put every workspace's stored packs into the catalog; return how many loaded."""
    catalog = deps.catalog
    loaded = 0
    for stored in deps.store.stored_packs():
        try:
            pack = parse_pack(stored.body, stored.name, f"pack {stored.name}")
        except PackError as err:
            # It validated when added; the rules may have tightened since. Say which, keep going.
            log.error("stored pack %d (%s) no longer validates: %s", stored.id, stored.name, err)
            continue
        catalog.store_pack(Owner(stored.platform, stored.workspace), stored.id, pack)
        loaded += 1
    catalog.stored_loaded = True
    return loaded


def owner_of(incoming: Incoming) -> Owner:
    return Owner(incoming.platform, incoming.workspace)


def scope(deps: Deps, incoming: Incoming) -> frozenset[str]:
    """The collections this channel draws from and searches (the bank when not set up)."""
    ensure_loaded(deps)
    cfg = deps.store.channel(incoming.platform, incoming.workspace, incoming.channel)
    return channel_collections(deps.catalog, cfg)


def parse_packs(deps: Deps, owner: Owner, text: str) -> tuple[str, ...]:
    """`packs=ours,builtin` as names this workspace may choose (ValueError names a bad one)."""
    names = tuple(dict.fromkeys(n.strip().lower() for n in text.split(",") if n.strip()))
    allowed = deps.catalog.names(owner)
    if any(name not in allowed for name in names):
        # Another process of the bot (sharing the database) may have added it since we loaded.
        load_stored(deps)
        allowed = deps.catalog.names(owner)
    for name in names:
        if name not in allowed:
            raise ValueError(
                f"no pack named {quote(name, 40)} here; packs: {', '.join(sorted(allowed))}"
            )
    if not names:
        raise ValueError(f"packs= takes pack names, like packs={BUILTIN}")
    return names


def pack_add(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    """Validate an uploaded pack and keep it for this server or workspace."""
    upload = incoming.attachment
    if upload is None:
        return refusal(
            "Send the pack's YAML file with the command: on Discord, in `/coach pack add`'s"
            " `file` option; on Slack, share the file in the channel with the message"
            " `@coach pack add`; in the terminal, `/coach pack add PATH`."
            " `python -m content lint --pack FILE` checks it first."
        )
    stem = upload.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    try:
        pack = parse_pack(upload.data, slug_of(stem, 40), quote(upload.name, 60) or "pack")
    except PackError as err:
        return refusal(_problems_text(err.problems))
    catalog = deps.catalog
    if pack.name in catalog.packs or pack.name == BUILTIN:
        return refusal(
            f"A pack named `{pack.name}` comes with this bot: give yours another `name:`."
        )
    body = upload.data.decode("utf-8-sig")
    stored = deps.store.save_pack(
        incoming.platform,
        incoming.workspace,
        pack.name,
        body,
        len(pack.questions),
        deps.clock.now(),
    )
    catalog.store_pack(owner_of(incoming), stored.id, pack)
    count = len(pack.questions)
    return refusal(
        f"Pack `{pack.name}` saved for this workspace: {count} question"
        f"{'s' if count != 1 else ''}. Drill from it with `/coach setup packs={pack.name},"
        f"{BUILTIN}` (or `packs={pack.name}` alone)."
    )


def _problems_text(problems: list[str]) -> str:
    lines = [f"- {quote(p, 300)}" for p in problems[:SHOWN_PROBLEMS]]
    more = len(problems) - SHOWN_PROBLEMS
    if more > 0:
        lines.append(f"- …and {more} more")
    return "The pack was not saved; fix these and add it again:\n" + "\n".join(lines)
