"""Importer of a blog post answering the book's 8.3 (training neural networks) questions.

The format: a preamble, then questions as bold numbered headers (`**1) text**`, `3) **text**`)
and long prose answers with `•`/`◦` bullets, code and bare links. The numbering restarts, skips
and repeats, so it is never used. One header often merges several of the book's questions
("What’s a dead neuron? How do we detect them? How to prevent them?"); they are split into leaves,
each with the shared answer, or with its own part when the answer plainly has one per question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from content.fences import is_fence
from content.importers.base import RawItem
from content.importers.text import (
    dehyphenate,
    fence_indented_code,
    find_links_keeping_parens,
    squeeze_blank_lines,
    tidy_emphasis,
)

SOURCE = "blog-8-3"
# The post has no headers of its own; it answers the book's chapter 8.3.
SECTION = ("Training neural networks",)

_HEADER = re.compile(r"^\s*(?:\*\*)?\s*\d+\)\s*(?P<text>.*)$")
_GLUED_SENTENCE = re.compile(r"(?<=[a-z)][.?!])(?=[A-Z“\"])")
_SENTENCE_BREAK = re.compile(r"(?<=[.?!])\s+(?=[A-Z“\"])")
_ABBREVIATION = re.compile(r"\b(?:vs|e\.g|i\.e|etc|cf)\.$", re.IGNORECASE)
_IMPERATIVE = frozenset(
    "Draw Derive Write Implement Compare Explain Give Design Describe List Name Construct "
    "Prove Show Calculate Find Define Discuss State Contrast".split()
)
# A follow-up that goes with the sentence before it ("How do we prevent it?", "Why is that?").
_CONTINUES = re.compile(r"\bit\b|\bit[’']s\b|\bthat\?$", re.IGNORECASE)
# A question that leans on an earlier one ("How do we detect them?").
_REFERS_BACK = re.compile(
    r"\b(?:them|they|these|those|the two|one another|the other)\b", re.IGNORECASE
)
_BULLET = re.compile(r"^\s*(?:[-*+•◦]\s)")
_LIST_NUMBER = re.compile(r"^\s*\d+\.\s+")
_WORD = re.compile(r"[a-z0-9]{2,}")
_STOPWORDS = frozenset(
    """what how why when which who whose where is are was were be been do does did we you your
    our it its the an of in on for to and or vs with that this these those can could would should
    some there as at by from about into between them they not any all one other if than
    so""".split()
)
_GLUED_HEADING = re.compile(r"(?<=[.:])\*\*(?=[A-Z][^*\n]*\*\*)")


@dataclass
class Leaf:
    """One question split out of a header: its own sentences and the context it needs."""

    words: list[str]
    context: list[str] = field(default_factory=list)


# Answers to a book question that its header leaves out: header 4) asks to draw the activation
# functions but its answer opens with the book's sibling question, their pros and cons.
_UNASKED = {
    "Here are the pros and cons of some commonly used activation functions":
        "Pros and cons of each activation function.",
}  # fmt: skip
_LISTED = re.compile(r"^\s*(?:\d+[.)]\s|[-*+•◦]\s)")


def parse(text: str) -> list[RawItem]:
    """One raw item per leaf question of the blog post, in document order."""
    items: list[RawItem] = []
    for line, header, body in read_headers(text):
        leaves = split_header(header)
        parts = answer_parts(leaves, body) if len(leaves) > 1 else None
        for index, leaf in enumerate(leaves):
            answer = _answer_markdown(parts[index] if parts else body)
            items.append(_item(leaf, answer, line))
        items += [_item(Leaf([question]), answer, line) for question, answer in _unasked(body)]
    return items


def _unasked(body: list[str]) -> list[tuple[str, str]]:
    """(question, answer) for each section of the body that answers a question not asked: the
    opening paragraph and the numbered items and bullets of one kind that follow it."""
    found = []
    paragraphs = _paragraphs(body)
    for start, paragraph in enumerate(paragraphs):
        question = next(
            (q for opening, q in _UNASKED.items() if paragraph[0].startswith(opening)), None
        )
        if question is None:
            continue
        end, bullet = start + 1, None
        while end < len(paragraphs) and (listed := _LISTED.match(paragraphs[end][0])):
            mark = listed.group().strip()
            if not mark[0].isdigit():  # the section's own bullets; another kind starts a new part
                bullet = bullet or mark
                if mark != bullet:
                    break
            end += 1
        lines = [line for p in paragraphs[start:end] for line in [*p, ""]]
        found.append((question, _answer_markdown(lines)))
    return found


def read_headers(text: str) -> list[tuple[int, str, list[str]]]:
    """Each bold numbered header (line, repaired text) with the lines under it; no preamble."""
    found: list[tuple[int, str, list[str]]] = []
    in_fence = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        header = None if in_fence else _HEADER.match(line)
        if is_fence(line):
            in_fence = not in_fence
        if header and "**" in line:
            found.append((number, repair_header(header["text"]), []))
        elif found:
            found[-1][2].append(line)
    return found


def repair_header(text: str) -> str:
    """A header's words without bold markers, its squashed list and sentences pulled apart."""
    text = " ".join(dehyphenate(text.replace("**", "")).split())
    return _GLUED_SENTENCE.sub(" ", unglue_enumeration(text))


def unglue_enumeration(text: str) -> str:
    """An inline list that lost its line breaks ("is:1. too high2. too low3. ok.") as "a, b, c"."""
    start = re.search(r":\s*1\.\s*", text)
    if not start:
        return text
    rest, items, number = text[start.end() :], [], 2
    while marker := re.search(rf"(?<=[a-z]){number}\.\s*", rest):
        items.append(rest[: marker.start()].strip())
        rest, number = rest[marker.end() :], number + 1
    if not items:
        return text
    end = re.search(r"[.?!](?=[A-Z“\"]|\s|$)", rest)
    last, tail = (rest[: end.start()], rest[end.start() :]) if end else (rest, "")
    return f"{text[: start.start()]}: {', '.join([*items, last.strip()])}{tail}"


def sentences(text: str) -> list[str]:
    """The sentences of a header, not broken after "vs." or "e.g."."""
    out: list[str] = []
    for piece in _SENTENCE_BREAK.split(text):
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return [piece.strip() for piece in out if piece.strip()]


def _asks(sentence: str) -> bool:
    """Whether a sentence asks something: a question or an instruction ("Draw ...")."""
    return sentence.endswith("?") or sentence.split()[0] in _IMPERATIVE


def split_header(header: str) -> list[Leaf]:
    """The distinct questions a header merges, each with the stem its words lean on."""
    leaves: list[Leaf] = []
    pending: list[str] = []  # statements waiting for the question they introduce
    stem: list[str] = []  # a statement that opens the header and frames every question after it
    for sentence in sentences(header):
        if not _asks(sentence):
            pending.append(sentence)
        elif pending and _CONTINUES.search(sentence):
            leaves.append(Leaf([*pending, sentence], list(stem)))
            pending = []
        elif pending:
            stem = [" ".join(pending)] if not leaves else stem
            leaves.append(Leaf([*([] if not leaves else pending), sentence], list(stem)))
            pending = []
        elif leaves and _CONTINUES.search(sentence):
            leaves[-1].words.append(sentence)
        else:
            leaves.append(Leaf([sentence], list(stem)))
    if pending and leaves:
        leaves[-1].words += pending
    if len(leaves) <= 1:
        return [Leaf([header])]
    for leaf in leaves[1:]:
        if not leaf.context and _REFERS_BACK.search(" ".join(leaf.words)):
            leaf.context = [" ".join(leaves[0].words)]
    return leaves


def answer_parts(leaves: list[Leaf], body: list[str]) -> list[list[str]] | None:
    """The answer cut into one part per leaf where each part opens by restating its question."""
    paragraphs = _paragraphs(body)
    starts = [0]
    for index, leaf in enumerate(leaves[1:], start=1):
        others = set().union(*(_words(" ".join(o.words)) for o in leaves if o is not leaf))
        distinct = _words(" ".join(leaf.words)) - others
        found = next(
            (
                p
                for p in range(starts[-1] + (index > 1), len(paragraphs))
                if _restates(paragraphs[p], distinct)
            ),
            None,
        )
        if found is None:
            return None
        if found > starts[-1] + (index > 1) and _is_heading(paragraphs[found - 1]):
            found -= 1
        starts.append(found)
    bounds = [*starts, len(paragraphs)]
    parts = [
        [line for p in paragraphs[a:b] for line in [*p, ""]]
        for a, b in zip(bounds, bounds[1:], strict=False)
    ]
    return [_drop_part_number(part, index + 1) for index, part in enumerate(parts)]


def _paragraphs(lines: list[str]) -> list[list[str]]:
    """Blank-line separated paragraphs; a fenced block stays one paragraph."""
    paragraphs: list[list[str]] = [[]]
    in_fence = False
    for line in lines:
        if is_fence(line):
            in_fence = not in_fence
        if line.strip() or in_fence:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _restates(paragraph: list[str], distinct: set[str]) -> bool:
    """Whether a plain paragraph's first sentence names at least half of a question's own words."""
    first = paragraph[0]
    if not distinct or _BULLET.match(first) or is_fence(first):
        return False
    sentence = re.split(r"[.?!](?:\s|$)", _LIST_NUMBER.sub("", first).replace("*", ""))[0]
    shared = distinct & _words(sentence)
    return bool(shared) and len(shared) * 2 >= len(distinct)


def _is_heading(paragraph: list[str]) -> bool:
    """Whether a paragraph is a heading line ("**Relation Between Learning Rate ...**")."""
    text = " ".join(paragraph).strip()
    bold = text.startswith("**") and text.endswith("**")
    return len(paragraph) == 1 and (bold or (len(text.split()) <= 8 and text[-1:].isalnum()))


def _drop_part_number(part: list[str], number: int) -> list[str]:
    """A part without the post's own "2. " in front of its first paragraph."""
    if number > 1 and part and part[0].startswith(f"{number}. "):
        return [part[0][len(f"{number}. ") :], *part[1:]]
    return part


def _words(text: str) -> set[str]:
    """Content words of a text, lowercased."""
    return {word for word in _WORD.findall(text.lower()) if word not in _STOPWORDS}


def _answer_markdown(lines: list[str]) -> str:
    """An answer as clean markdown: bullets as list items, glued and padded bold repaired."""
    out: list[str] = []
    in_fence = False
    for line in lines:
        if is_fence(line):
            in_fence = not in_fence
        if not in_fence:
            line = re.sub(r"^\s*•\s*", "- ", re.sub(r"^\s*◦\s*", "  - ", line))
        out.append(line)
    text = _GLUED_HEADING.sub("\n\n**", dehyphenate("\n".join(out)))
    return squeeze_blank_lines(tidy_emphasis(fence_indented_code(text)))


def _item(leaf: Leaf, answer: str, line: int) -> RawItem:
    """The raw item of one leaf question."""
    question = " ".join(leaf.words)
    prompt = " ".join([*leaf.context, question])
    return RawItem(
        source=SOURCE,
        section=SECTION,
        question=question,
        prompt=prompt,
        answer=answer,
        links=find_links_keeping_parens(f"{prompt}\n{answer}"),
        line=line,
    )
