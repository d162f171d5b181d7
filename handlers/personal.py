"""What a person decides about their own data: being on the board, and deleting everything.

Deleting asks first: `/coach forget-me` explains and offers a button (or
`/coach forget-me confirm`); only the confirmation deletes. `/coach privacy` without a word says
where the person stands instead of flipping it.
"""

from __future__ import annotations

from dataclasses import replace

from handlers.answering import refusal
from handlers.commands import Command
from handlers.context import Deps
from handlers.types import Button, Incoming, Reply
from storage.records import Person

CONFIRM = "confirm"
FORGET_ACTION = "forget_me"
FORGET_VALUE = "forget:confirm"
"""The confirm button's value: the button deletes the data of whoever presses it."""
FORGET_BUTTON = Button(FORGET_ACTION, "Delete everything about me", FORGET_VALUE)
SHOWN = "You are on the leaderboard (`/coach privacy hide` takes you off)."
HIDDEN = (
    "You are hidden from the leaderboard; your streak still counts for you"
    " (`/coach privacy show` puts you back)."
)


def privacy(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    """`/coach privacy [hide|show]`: without a word, the current state."""
    store = deps.store
    person = store.person(incoming.platform, incoming.workspace, incoming.user) or Person(
        incoming.platform, incoming.workspace, incoming.user
    )
    choice = command.words[0].lower() if command.words else ""
    if not choice:
        return refusal(HIDDEN if person.hidden else SHOWN)
    if choice not in ("hide", "show", "on", "off"):
        return refusal("Use `/coach privacy hide` or `/coach privacy show`.")
    hidden = choice in ("hide", "on")
    store.save_person(replace(person, hidden=hidden))
    if hidden:
        return refusal("You are off the leaderboard. Your streak still counts for you.")
    return refusal("You are on the leaderboard.")


def is_hidden(deps: Deps, incoming: Incoming) -> bool:
    """Whether the asker chose to stay off the board."""
    person = deps.store.person(incoming.platform, incoming.workspace, incoming.user)
    return person is not None and person.hidden


def forget_me(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    """`/coach forget-me` asks; `/coach forget-me confirm` (or the button) deletes."""
    word = command.words[0].lower() if command.words else ""
    if word == CONFIRM:
        return forget(deps, incoming)
    if word:
        return refusal("To delete everything stored about you, type `/coach forget-me confirm`.")
    return [
        Reply(
            "This deletes everything stored about you here: your answers, streak, practice"
            " questions and board place. It cannot be undone. Press the button or type"
            " `/coach forget-me confirm` to go ahead.",
            ephemeral=True,
            buttons=(FORGET_BUTTON,),
        )
    ]


def forget(deps: Deps, incoming: Incoming) -> list[Reply]:
    """Delete everything stored about the person (confirmed)."""
    removed = deps.store.forget(incoming.platform, incoming.workspace, incoming.user)
    return refusal(f"Done: deleted everything stored about you here ({removed} records).")
