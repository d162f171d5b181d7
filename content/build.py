"""Building the bank: import every source, merge, curate, and write content/bank/*.yaml."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from content.bank import BANK_DIR
from content.curation import Curation, ItemRef, load_curation, resolve
from content.importers import SOURCE_RANK, import_all
from content.importers.base import RawItem
from content.merge import MergeResult, comparable, find_groups
from content.reviews import Reviews, load_reviews
from content.schema import TOPICS, Checker, Question, SourceAnswer, SourceRef
from content.topics import topic_for

CONTENT_DIR = Path(__file__).resolve().parent
ATTACHED_CHECKERS = CONTENT_DIR / "checkers" / "attached.yaml"

_STOP = set(
    "a an the of to in on for and or is are was be do does did you your we our it its this that "
    "what whats why how when which who would should could can with as by at from into i ii".split()
)
_FIGURE = re.compile(
    r"\bfig(?:ure)?\.?\s*\d|\b(?:figure|graph|image|diagram|picture|plot)s? (?:below|above)"
    r"|\bshown (?:below|above)|\bfollowing (?:figure|graph|diagram|image|picture)",
    re.IGNORECASE,
)
_CONTEXT = re.compile(
    r"\bline \d+|\bprevious (?:question|answer|exercise)|\bas (?:above|before)\b"
    r"|^(?:he|she|they)\b",
    re.IGNORECASE,
)
_HARD = re.compile(r"\b(derive|prove|implement|design|write .*(numpy|code)|from scratch)\b", re.I)
_EASY = re.compile(r"^(what is|what are|what's|define|true or false|name)\b", re.I)


@dataclass(frozen=True)
class Attachment:
    ref: ItemRef
    checker: Checker
    prompt_fix: str | None


@dataclass(frozen=True)
class Built:
    questions: list[Question]
    items: list[RawItem]
    merge: MergeResult
    groups: dict[str, list[int]]
    """Question id -> indices of the raw items merged into it."""


def slug(text: str, taken: set[str], context: str = "") -> str:
    """A short readable id from the question's words (eked out from its context), unique."""
    words = [w for w in comparable(text).split() if w not in _STOP]
    if len(words) < 3:
        words += [w for w in comparable(context).split() if w not in _STOP and w not in words]
    words = words or ["question"]
    base = "-".join(words[:7])[:60].strip("-")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def answer_kind(text: str, images: Iterable[str]) -> str:
    """prose, code, link-only or image-only, from what the answer is made of."""
    without_images = re.sub(r"!\[[^\]]*\]\([^)]*\)|<img[^>]*>", "", text).strip()
    if not without_images and any(True for _ in images):
        return "image-only"
    words = re.sub(r"https?://\S+|\[[^\]]*\]\([^)]*\)", "", without_images)
    if re.search(r"https?://", without_images) and len(comparable(words).split()) < 6:
        return "link-only"
    code = sum(len(block) for block in re.findall(r"```.*?```", text, flags=re.S))
    if code and code >= 0.5 * len(text):
        return "code"
    return "prose"


def estimate_difficulty(prompt: str) -> str:
    """A rough difficulty for an untagged question (recorded as not from a source)."""
    first = prompt.strip().splitlines()[0] if prompt.strip() else ""
    if _HARD.search(prompt):
        return "hard"
    if _EASY.search(first) and len(prompt) < 160:
        return "easy"
    return "medium"


def load_attachments(path: Path = ATTACHED_CHECKERS) -> list[Attachment]:
    """The checkers to attach, each naming its question by a piece of the source text."""
    if not path.exists():
        return []
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        Attachment(
            ref=ItemRef(match=e["match"], source=e.get("source")),
            checker=Checker(kind=e["kind"], spec=e.get("spec", {})),
            prompt_fix=e.get("prompt_fix"),
        )
        for e in entries
    ]


def _members(items: list[RawItem], group: list[int]) -> list[RawItem]:
    return sorted((items[i] for i in group), key=lambda it: (SOURCE_RANK[it.source], it.line))


def _best_prompt(members: list[RawItem]) -> str:
    """The best-ranked source's prompt, unless only another source carries the needed context."""
    with_context = [m for m in members if comparable(m.prompt) != comparable(m.question)]
    if with_context and members[0] not in with_context:
        return with_context[0].prompt
    return members[0].prompt


def _question(qid: str, members: list[RawItem], reviews: Reviews) -> Question:
    lead = members[0]
    tagged = next((m.difficulty for m in members if m.difficulty), None)
    prompt = _best_prompt(members)
    review = reviews.get(qid)
    answers = [
        SourceAnswer(
            source=m.source,
            kind=answer_kind(m.answer, m.images),  # type: ignore[arg-type]
            text=m.answer,
            erratum=review.errata.get(m.source) if review else None,
            omit=bool(review and m.source in review.omit),
        )
        for m in members
        if m.answer.strip()
    ]
    # An image the answer does not show belongs to the question, and we do not have it.
    question_images = [img for m in members for img in m.images if img not in m.answer]
    return Question(
        id=qid,
        topic=topic_for(lead.source, lead.section, lead.question),
        difficulty=tagged or estimate_difficulty(prompt),  # type: ignore[arg-type]
        difficulty_from_source=tagged is not None,
        prompt=prompt,
        sources=[
            SourceRef(
                source=m.source, line=max(m.line, 1), section=list(m.section), question=m.question
            )
            for m in members
        ],
        answers=answers,
        needs_figure=bool(question_images) or bool(_FIGURE.search(prompt)),
        needs_context=bool(_CONTEXT.search(prompt.strip())),
        links=list(dict.fromkeys(link for m in members for link in m.links)),
        reviewed=review.reviewed if review else None,
    )


def _groups_hit(ref: ItemRef, groups: dict[str, list[int]], items: list[RawItem]) -> list[str]:
    """Ids of the questions whose own words contain the match, else whose prompts do."""
    for in_prompt in (False, True):
        hits = [qid for qid, g in groups.items() if any(ref.hits(items[i], in_prompt) for i in g)]
        if hits:
            return hits
    return []


def _check_reviews(reviews: Reviews, questions: dict[str, Question]) -> None:
    """A review must name a question that exists, and errata only sources that answered it."""
    for qid, review in reviews.items():
        if qid not in questions:
            raise ValueError(f"a review names unknown question id {qid!r}")
        answered = {a.source for a in questions[qid].answers}
        stray = (set(review.errata) | set(review.omit)) - answered
        if stray:
            raise ValueError(f"review of {qid!r} has errata for sources without an answer: {stray}")


def _apply(question: Question, changes: dict[str, Any]) -> Question:
    return Question.model_validate({**question.model_dump(), **changes})


def build(
    items: list[RawItem] | None = None,
    curation: Curation | None = None,
    attachments: list[Attachment] | None = None,
    reviews: Reviews | None = None,
) -> Built:
    """The whole bank, deterministically, from the sources and the hand decisions."""
    items = import_all() if items is None else items
    curation = load_curation() if curation is None else curation
    attachments = load_attachments() if attachments is None else attachments
    reviews = load_reviews() if reviews is None else reviews

    dropped = {resolve(ref, items) for ref in curation.exclude}
    kept = [item for i, item in enumerate(items) if i not in dropped]
    pairs = lambda refs: {frozenset(resolve(r, kept) for r in pair) for pair in refs}  # noqa: E731
    merge = find_groups(kept, forced=pairs(curation.merge), apart=pairs(curation.apart))

    taken: set[str] = set()
    ordered = sorted(
        merge.groups, key=lambda g: min((SOURCE_RANK[kept[i].source], kept[i].line) for i in g)
    )
    groups: dict[str, list[int]] = {}
    questions: dict[str, Question] = {}
    for group in ordered:
        members = _members(kept, group)
        qid = slug(members[0].question, taken, context=members[0].prompt)
        groups[qid] = group
        questions[qid] = _question(qid, members, reviews)

    for attachment in attachments:
        hits = _groups_hit(attachment.ref, groups, kept)
        if len(hits) != 1:
            raise ValueError(f"checker match {attachment.ref.match!r} hits {hits or 'nothing'}")
        changes: dict[str, Any] = {"checker": attachment.checker}
        if attachment.prompt_fix:  # written to stand on its own: no figure, no context needed
            changes.update(prompt=attachment.prompt_fix, needs_figure=False, needs_context=False)
        questions[hits[0]] = _apply(questions[hits[0]], changes)

    _check_reviews(reviews, questions)
    for qid, fix in curation.questions.items():
        if qid not in questions:
            raise ValueError(f"curation names unknown question id {qid!r}")
        questions[qid] = _apply(questions[qid], fix.overrides())

    return Built(
        questions=sorted(questions.values(), key=lambda q: q.id),
        items=kept,
        merge=merge,
        groups=groups,
    )


class _Dumper(yaml.SafeDumper):
    """Block style for multi-line text so bank files read (and diff) like documents."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def bank_files(questions: list[Question]) -> dict[str, str]:
    """File name -> YAML text, one file per topic, questions sorted by id."""
    files: dict[str, str] = {}
    for topic, title in TOPICS.items():
        chosen = [q for q in questions if q.topic == topic]
        if not chosen:
            continue
        doc = {
            "topic": topic,
            "title": title,
            "questions": [q.model_dump(mode="json", exclude_defaults=True) for q in chosen],
        }
        files[f"{topic}.yaml"] = yaml.dump(
            doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
        )
    return files


def write_bank(questions: list[Question], directory: Path = BANK_DIR) -> list[Path]:
    """Replace the bank files in `directory` with a fresh build."""
    directory.mkdir(parents=True, exist_ok=True)
    files = bank_files(questions)
    for stale in directory.glob("*.yaml"):
        if stale.name not in files:
            stale.unlink()
    written = []
    for name, text in files.items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
