"""Every `/coach` subcommand, once: the table the parser, the help text, the admin check, the
outage classification, the Discord slash-command schema and the Slack usage hint come from.

To add a command:

1. Write its handler, `def my_command(deps: Deps, command: Command, incoming: Incoming) ->
   list[Reply]`, in the module of its concern (handlers/views.py for what a person sees,
   handlers/channel_commands.py for a channel's setup, or a new module for a new feature).
2. Add one `Entry` to `COMMANDS` below: its name, a one-line help, the handler, its options
   (`Option(name, description, form="pair"|"word"|"text", choices=..., required=...)`), who may
   run it (`who="admin"` is checked against the platform's permissions) and what it writes
   (`writes="change"` or `"answer"` is kept during a store outage; see handlers.commands.Writes).

Nothing else changes: the router dispatches to the handler, `/coach help` lists it, Discord
gets a typed subcommand at the next `python -m bot discord sync`, and
tests/handlers/test_command_table.py runs it against a store that records writes, failing if it
writes but says it does not. Copy `usage_hint()` into slack/manifest.yml (a test compares them).
"""

from __future__ import annotations

from dataclasses import replace

from handlers import answering, drills, learning_commands
from handlers.answering import refusal
from handlers.away import set_away
from handlers.board import leaderboard
from handlers.channel_commands import pause, resume, setup
from handlers.commands import Choice, Command, Entry, Option
from handlers.context import Deps
from handlers.packs import pack_add
from handlers.personal import forget_me, privacy
from handlers.types import Incoming, Reply
from handlers.views import Views

ANSWER_LIMIT = 4000
"""The longest answer a slash-command form takes; longer text is refused by the core anyway."""
DIFFICULTY = tuple(Choice(d) for d in ("easy", "medium", "hard", "any"))
DAYS = tuple(Choice(d) for d in ("daily", "mon-fri", "mon,wed,fri", "tue,thu"))
WEEKDAYS = tuple(Choice(d) for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun", "off"))
PERIODS = (
    Choice("week", "the last 7 days"),
    Choice("month", "the last 30 days"),
    Choice("all", "all time"),
)


def status(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    return Views(deps).status(incoming)


def help_(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    return [Reply(help_text(), ephemeral=True)]


def practice(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    return Views(deps).practice(incoming, command)


def answer(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    drill = drills.target_drill(deps, incoming)
    if drill is None:
        return refusal("There is no open drill here to answer.")
    text = replace(incoming, text=command.rest)
    return answering.answer_drill(deps, text, drill, explicit=True)


def reveal(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    drill = drills.target_drill(deps, incoming)
    if drill is None:
        return refusal("There is no open drill here.")
    return Views(deps).reveal_for(incoming, drill)


def streak(deps: Deps, command: Command, incoming: Incoming) -> list[Reply]:
    return Views(deps).streak(incoming)


COMMANDS: tuple[Entry, ...] = (
    Entry(
        "setup",
        "Set this channel's drill time, days and topics",
        setup,
        options=(
            Option("time", "Local drill time, HH:MM", "pair", example="09:00"),
            Option(
                "tz",
                "IANA timezone, like Europe/Paris",
                "pair",
                complete="timezone",
                example="Europe/Paris",
            ),
            Option("days", "Which days to drill", "pair", choices=DAYS, example="mon-fri"),
            Option(
                "topics",
                "Comma-separated topics, or all",
                "pair",
                complete="topic",
                example="nlp,training",
            ),
            Option(
                "difficulty", "Question difficulty", "pair", choices=DIFFICULTY, example="medium"
            ),
            Option("reveal", "When answers are revealed: 20h, 90m or next", "pair", example="20h"),
            Option(
                "skip",
                "Holidays with no drill: dates, comma-separated (none clears)",
                "pair",
                example="2026-12-24,2026-12-25",
            ),
            Option(
                "packs",
                "Question packs to draw from, comma-separated (builtin is the bank)",
                "pair",
                example="builtin",
            ),
            Option(
                "recap",
                "Weekly recap day, posted at the drill time (off for none)",
                "pair",
                choices=WEEKDAYS,
                example="fri",
            ),
        ),
        who="admin",
        writes="change",
    ),
    Entry("pause", "Pause this channel's drills", pause, who="admin", writes="change"),
    Entry("resume", "Resume this channel's drills", resume, who="admin", writes="change"),
    Entry("status", "This channel's drill settings and the next drill", status),
    Entry("help", "What the coach can do", help_),
    Entry(
        "drill",
        "A private practice question (by topic, or by words about it), or answer your latest",
        practice,
        options=(
            Option(
                "topic",
                "A topic (nlp, training), checkable, or words about the question",
                complete="topic",
                example="nlp",
            ),
            Option("difficulty", "Question difficulty", choices=DIFFICULTY, example="medium"),
            Option(
                "answer",
                "Your answer to your latest practice question",
                "text",
                max_length=ANSWER_LIMIT,
                example="0.5",
                keyword="answer",
                writes="answer",
            ),
        ),
        writes="unkept",
    ),
    Entry(
        "answer",
        "Answer the open drill privately",
        answer,
        options=(
            Option(
                "text", "Your answer", "text", required=True, max_length=ANSWER_LIMIT, example="0.5"
            ),
        ),
        writes="answer",
    ),
    # Writes: seeing the answers early closes the person's attempt, and that must be recorded.
    Entry(
        "reveal",
        "See the model answers now, privately (after answering)",
        reveal,
        writes="change",
    ),
    Entry("streak", "Your streak", streak),
    Entry(
        "leaderboard",
        "This channel's board: right answers over the drills each person received",
        leaderboard,
        options=(Option("period", "Which days count (month by default)", choices=PERIODS),),
    ),
    Entry(
        "away",
        "Pause your streak while away (at most 30 days); until=off when back",
        set_away,
        options=(Option("until", "Your last day away, YYYY-MM-DD", "pair", example="2026-12-31"),),
        writes="change",
    ),
    Entry(
        "privacy",
        "Hide yourself from the leaderboard, or show again",
        privacy,
        options=(
            Option(
                "mode",
                "Hide or show; without it, whether you are hidden",
                example="hide",
                choices=(Choice("hide", "hide me from the leaderboard"), Choice("show", "show me")),
            ),
        ),
        writes="change",
    ),
    Entry(
        "review",
        "Your next due review question, privately; cap=N sets how many a day",
        learning_commands.review,
        options=(
            Option("cap", "Reviews a day, 1 to 50 (5 by default)", "pair", example="5"),
            Option(
                "rate",
                "Rate your last answer that nothing checked: again, hard, good or easy",
                "text",
                keyword="rate",
                example="good",
                writes="change",
            ),
        ),
        writes="unkept",
    ),
    Entry(
        "remind",
        "A private reminder when reviews are due or your streak is at risk; off stops it",
        learning_commands.remind,
        options=(
            Option("at", "Your local time for the reminder, HH:MM", "pair", example="18:00"),
            Option("off", "Stop reminders", choices=(Choice("off", "stop reminders"),)),
        ),
        writes="change",
    ),
    Entry(
        "me",
        "Your own settings; tz=Area/City sets your time zone for reviews and reminders",
        learning_commands.me,
        options=(
            Option(
                "tz", "Your IANA time zone", "pair", complete="timezone", example="Europe/Paris"
            ),
        ),
        writes="change",
    ),
    Entry("stats", "A picture of your drill days and topics, privately", learning_commands.stats),
    Entry(
        "forget-me",
        "Delete everything stored about you (asks first)",
        forget_me,
        options=(
            Option(
                "confirm",
                "Delete now, without asking again",
                choices=(Choice("confirm", "yes, delete everything about me"),),
                example="confirm",
            ),
        ),
        writes="change",
    ),
    Entry(
        "pack",
        "Add a question pack for this server or workspace (a YAML file)",
        pack_add,
        options=(
            Option("action", "What to do with the pack", choices=(Choice("add"),), required=True),
            Option("file", "The pack's YAML file", "file", required=True),
        ),
        who="admin",
        # Not kept through a store outage: up to 512 kB each, a queue of uploads could fill
        # memory, and the admin who sent it is there to send it again.
        writes="unkept",
    ),
)
TABLE: dict[str, Entry] = {entry.name: entry for entry in COMMANDS}


def description(entry: Entry) -> str:
    """The line a platform shows next to the command (admins' ones say so)."""
    if entry.who == "admin":
        return f"Admins: {entry.help[0].lower()}{entry.help[1:]}"
    return entry.help


def help_text() -> str:
    """`/coach help`: every command with its arguments and help line."""

    def line(entry: Entry) -> list[str]:
        lines = [f"- `/coach {entry.synopsis()}`: {entry.help[0].lower()}{entry.help[1:]}."]
        for option in entry.options:
            if option.keyword:
                usage = f"{entry.name} {option.keyword} <text>"
                lines.append(f"- `/coach {usage}`: {option.description.lower()}.")
        return lines

    anyone = [ln for e in COMMANDS if e.who == "anyone" for ln in line(e)]
    admins = [ln for e in COMMANDS if e.who == "admin" for ln in line(e)]
    return "\n".join(
        (
            "**Interview coach**: one ML interview question per drill day, in a thread.",
            "Reply in the drill's thread (or `/coach answer <text>`) to answer; edit or answer"
            " again until the reveal, the latest counts. Chat in the thread (thanks, +1, a reply"
            " to someone, an @mention, a line starting with / or !) is discussion: it never"
            " replaces your answer. After `/coach reveal` your answer is final.",
            *anyone,
            "Admins (setup takes any subset of its keys):",
            *admins,
        )
    )


def usage_hint() -> str:
    """The Slack slash command's usage hint (slack/manifest.yml): every subcommand's synopsis."""
    return " | ".join(entry.synopsis() for entry in COMMANDS)
