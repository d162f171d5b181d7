"""Which sandboxed run an event's answer needs, found without writing anything.

Adapters ask before handing the event to the core (bot/code_runs.py), so the run happens in a
worker thread instead of on the event loop; the core then finds the result waiting.
"""

from __future__ import annotations

from content.checkers import code_program
from content.checkers.code.program import Program
from content.schema import Question
from handlers import drills
from handlers.answering import usable
from handlers.command_table import TABLE
from handlers.commands import CommandError, is_command, parse
from handlers.context import Deps
from handlers.types import Action, Incoming
from storage.errors import StoreUnavailable


def program_for(deps: Deps, event: Incoming | Action) -> Program | None:
    """The program checking this event's answer would run; None when it runs none."""
    if deps.code_runner is None:
        return None
    try:
        found = _answered(deps, event)
    except StoreUnavailable:
        return None  # the core will keep the answer and check it when the store is back
    if found is None or found[0].checker is None:
        return None
    text = usable(deps, found[1])
    return None if isinstance(text, list) else code_program(found[0].checker, text)


def _answered(deps: Deps, event: Incoming | Action) -> tuple[Question, str] | None:
    """The question an event answers and the answer's text, as the router will see them."""
    store = deps.store
    question_id: str | None = None
    if isinstance(event, Action):
        kind, _, raw_id = event.value.partition(":")
        if event.action != "answer" or not raw_id.isdigit():
            return None
        held = store.drill(int(raw_id)) if kind == "drill" else store.practice(int(raw_id))
        question_id, text = (held.question_id if held else None), event.incoming.text
    elif is_command(event.text):
        try:
            command = parse(event.text, TABLE)
        except CommandError:
            return None
        words = command.words
        if command.name == "answer":
            drill = drills.target_drill(deps, event)
            question_id, text = (drill.question_id if drill else None), command.rest
        elif command.name == "drill" and words and words[0].lower() == "answer":
            practice = store.latest_practice(event.platform, event.workspace, event.user)
            question_id = practice.question_id if practice else None
            text = command.rest.split(None, 1)[1] if len(words) > 1 else ""
        else:
            return None
    else:
        drill = drills.thread_drill(deps, event)
        question_id, text = (drill.question_id if drill else None), event.text
    question = deps.bank.get(question_id) if question_id else None
    return (question, text) if question is not None else None
