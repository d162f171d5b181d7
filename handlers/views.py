"""Commands that show or change one person's view: status, streaks, board, privacy, practice."""

from __future__ import annotations

from dataclasses import replace

from content.schema import Question
from content.search import Hit
from handlers import packs
from handlers.answering import answer_practice, refusal, your_answer
from handlers.checking import expected_answer
from handlers.commands import Command
from handlers.context import Deps
from handlers.daily import Daily
from handlers.finding import choices_text, find
from handlers.grading import breakdown_text, grade_answer
from handlers.holidays import next_drill_after
from handlers.messages import answers_text, practice_text, status_text, streak_text
from handlers.progress import weakest_topic
from handlers.review import Who
from handlers.schedule import FULL_DAY_NAMES, local_day
from handlers.settings_command import parse_difficulty, parse_topics
from handlers.streaks import current_on, freezes_on, missed_days
from handlers.text import shorten
from handlers.types import Button, Incoming, Reply
from storage.records import ChannelConfig, Drill, Practice

CHECKABLE = "checkable"
"""`/coach drill checkable`: only questions whose answers are checked the moment you answer."""


class Views:
    """The read-mostly commands of one person."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def status_of(self, cfg: ChannelConfig) -> str:
        store = self.deps.store
        now = self.deps.clock.now()
        drill = store.open_drill(cfg.id) if cfg.id else None
        question = self.deps.bank.get(drill.question_id) if drill else None
        open_text = shorten(question.prompt, 80) if question else None
        skipped = store.holidays(cfg.id, local_day(now, cfg)) if cfg.id else []
        text = status_text(cfg, next_drill_after(store, now, cfg), open_text, skipped)
        recap = store.recap_day(cfg.id) if cfg.id else None
        if recap is not None:
            text += f"\nWeekly recap: {FULL_DAY_NAMES[recap].title()}s, at the drill time."
        return text

    def status(self, incoming: Incoming) -> list[Reply]:
        cfg = self.deps.store.channel(incoming.platform, incoming.workspace, incoming.channel)
        if cfg is None:
            return refusal(
                "This channel has no drill yet. An admin can start one with `/coach setup`."
            )
        return [Reply(self.status_of(cfg), ephemeral=True)]

    def streak(self, incoming: Incoming) -> list[Reply]:
        store = self.deps.store
        person = store.person(incoming.platform, incoming.workspace, incoming.user)
        cfg = (
            store.channel_by_id(person.last_channel_id)
            if person and person.last_channel_id
            else None
        )
        if person is None or cfg is None or cfg.id is None:
            return [Reply(streak_text(person, 0, (0, 0)), ephemeral=True)]
        missed = missed_days(store, person, cfg.id, local_day(self.deps.clock.now(), cfg))
        text = streak_text(person, current_on(person, missed), freezes_on(person, missed))
        return [Reply(text, ephemeral=True)]

    def reveal_for(self, incoming: Incoming, drill: Drill) -> list[Reply]:
        """The model answers, privately, for someone who has answered this drill.

        Before the public reveal this closes their attempt: what they write afterwards is
        discussion. The reply starts with the answer that counts and its verdict."""
        store = self.deps.store
        counted = store.latest_attempt(drill.id, incoming.user)
        if drill.revealed_at is None and counted is None:
            return refusal("Answer first: the answers are shown early only to people who answered.")
        question = self.deps.bank.get(drill.question_id)
        if question is None:
            return refusal("This drill's question is no longer in the bank.")
        answers = answers_text(question, expected_answer(question))
        if counted is None:
            return [Reply(answers, ephemeral=True)]
        if drill.revealed_at is None:
            now = self.deps.clock.now()
            store.add_early_reveal(
                drill.id, incoming.platform, incoming.workspace, incoming.user, now
            )
        closed = (
            ""
            if drill.revealed_at
            else "\n*Your attempt is now closed: later messages are discussion.*"
        )
        head = f"**Your answer:** {your_answer(counted)}{closed}"
        grade = grade_answer(self.deps.grader, question, counted.text)
        if grade is not None:
            head += f"\n\n{breakdown_text(grade)}"
        return [Reply(f"{head}\n\n{answers}", ephemeral=True)]

    def practice(self, incoming: Incoming, command: Command) -> list[Reply]:
        """`/coach drill [topic] [difficulty]` or `/coach drill answer <text>`."""
        store = self.deps.store
        if command.words and command.words[0].lower() == "answer":
            practice = store.latest_practice(incoming.platform, incoming.workspace, incoming.user)
            if practice is None:
                return refusal("You have no practice question: ask for one with `/coach drill`.")
            text = command.rest.split(None, 1)[1] if len(command.words) > 1 else ""
            return answer_practice(self.deps, replace(incoming, text=text), practice)
        words = tuple(w for w in command.words if w.lower() != CHECKABLE)
        checkable = len(words) < len(command.words)
        weak: tuple[str, ...] = ()
        if words and words[0].lower() == "weak":
            topic = weakest_topic(self.deps, Who.of(incoming), self.deps.clock.now())
            if topic is None:
                return refusal("Answer a few drills first: then `drill weak` knows your weakest.")
            weak, words = (topic,), words[1:]
        try:
            topics, difficulty = _practice_filters(words)
        except ValueError:
            return self._practice_by_words(incoming, command.rest)
        topics = weak or topics
        seen = store.practiced_questions(incoming.platform, incoming.workspace, incoming.user)
        seed = f"{incoming.user}|{incoming.message_id}"
        collections = packs.scope(self.deps, incoming)
        question = self.deps.picker.pick_for_person(
            topics, difficulty, seen, seed, collections, checkable
        )
        if question is None:
            if checkable:
                return refusal("No question here is checked the moment it is answered.")
            return refusal("The question bank is empty.")
        return self._start_practice(incoming, question)

    def _practice_by_words(self, incoming: Incoming, text: str) -> list[Reply]:
        """A drill by words: the clear best match at once, else the top three to pick from."""
        catalog = self.deps.catalog
        collections = packs.scope(self.deps, incoming)

        def search(words: str, limit: int) -> list[Hit]:
            return catalog.search_in(words, limit, collections)

        def lookup(question_id: str) -> Question | None:
            # Only an id of what this channel may see: another workspace's pack stays unseen.
            seen = catalog.collection(question_id) in collections
            return catalog.get(question_id) if seen else None

        found = find(search, lookup, text)
        if found.question is None:
            return [Reply(choices_text(text, found.choices), ephemeral=True)]
        return self._start_practice(incoming, found.question)

    def _start_practice(self, incoming: Incoming, question: Question) -> list[Reply]:
        store = self.deps.store
        practice = store.add_practice(
            incoming.platform, incoming.workspace, incoming.user, question.id, self.deps.clock.now()
        )
        value = f"practice:{practice.id}"
        buttons = (Button("answer", "Answer", value), Button("skip", "Another one", value))
        return [Reply(practice_text(question), ephemeral=True, buttons=buttons)]

    def open_practice(self, incoming: Incoming) -> Practice | None:
        """The person's latest practice question while it waits for an answer."""
        store = self.deps.store
        practice = store.latest_practice(incoming.platform, incoming.workspace, incoming.user)
        return practice if practice is not None and not practice.answered else None

    def practice_answers(self, practice: Practice) -> list[Reply]:
        question = self.deps.bank.get(practice.question_id)
        if question is None:
            return refusal("That practice question is no longer in the bank.")
        return [Reply(answers_text(question, expected_answer(question)), ephemeral=True)]


def _practice_filters(words: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
    topics: tuple[str, ...] = ()
    difficulty: str | None = None
    for word in words:
        if word.lower() in ("easy", "medium", "hard", "any"):
            difficulty = parse_difficulty(word)
        else:
            topics = parse_topics(word)
    return topics, difficulty


__all__ = ["Views", "Daily"]
