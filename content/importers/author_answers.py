"""Importer of one author's answers to the book's 8.1.2, 8.2.1, 8.2.2 and 8.3 questions.

The format: `# 8.x Title` headers; questions as `**N.** text` (sometimes `N. text`, `**N**`, or
no space after the marker); a group's sub-questions as `* i. text` under a `**N.**` whose stem
may be a label ("Pooling."), context the sub-questions need ("Given 5 documents: ..."), or
missing. Answers are free markdown: paragraphs, `->` lines, `*` bullets, code, and references
to images this project does not have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from content.fences import is_fence
from content.importers.base import RawItem
from content.importers.text import (
    dehyphenate,
    fence_indented_code,
    find_images,
    find_links_keeping_parens,
    mentions_unseen_figure,
    squeeze_blank_lines,
    strip_heading_number,
    tidy_emphasis,
)

SOURCE = "author-answers"

# Recorded in `images` when a prompt points at a figure ("this dataset") the source never shows.
UNSEEN_FIGURE = "(figure the question refers to; not in the source)"

_HEADER = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*#*$")
_GROUP = re.compile(r"^\*\*(?P<number>\d+)\.?\*\*\s*(?P<text>.*)$")
_PLAIN_NUMBER = re.compile(r"^(?P<number>\d+)\.\s+(?P<text>\S.*)$")
_ROMANS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
_SUB = re.compile(r"^(?:\*\s+)?(?P<roman>[ivx]+)\.\s+(?P<text>\S.*)$")
_QUESTION_OPENER = re.compile(
    r"^(?:What|What’s|What's|Why|How|When|Which|Who|Where|Is|Are|Can|Could|Do|Does|Should|Would)\b"
)
_SENTENCE_END = re.compile(r"(?<=[?.!])\s+(?=[A-Z])")
_TERMINAL = re.compile(r"[.?!:)]\W*$")
_ENDS_WITH_QUESTION = re.compile(r"\?[`*\"'”)]*$")
# A group stem this short is a category label ("Pooling."), unless it opens a scenario.
_LABEL_MAX_WORDS = 6
_SCENARIO = re.compile(r"^(?:Given|Imagine|Consider|Suppose|Assume|Let)\b")
_REFERS_OUT = re.compile(
    r"\b(?:it|they|them|this|these|those|both|the two|the other|one another|the former|"
    r"the latter)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9]{2,}")
_STOPWORDS = frozenset("the a an and or of in on for to vs is are its".split())
_ARROW_INDENTED = re.compile(r"^\s+->")
_ARROW_AFTER_TEXT = re.compile(r"^\S.*\s->\s")
_ARROW_BULLET = re.compile(r"^->\s*")
_TABBED_ROW = re.compile(r"\S\t")

# The book's group stems that this source leaves out, found by a sub-question they introduce;
# without them "Compare the two." does not say which two. Quoted from the book (see README).
_BOOK_STEMS: dict[str, str] = {
    "Why do we use feature selection?": "Feature selection.",
    "If the labels are known, how would you evaluate the performance of your k-means "
    "clustering algorithm?": "k-means clustering.",
    "What happens when you increase or decrease the value of k?": (
        "k-nearest neighbor classification."
    ),
    "Compare the two.": "k-means and GMM are both powerful clustering algorithms.",
    "What are some of the fundamental differences between bagging and boosting algorithms?": (
        "Bagging and boosting are two popular ensembling methods. Random forest is a bagging "
        "example while XGBoost is a boosting example."
    ),
    "Construct its adjacency matrix.": "Given this directed graph.",
}
# "8.1.2 Questions" says nothing once its number goes: name the book chapter the number denotes.
_BOOK_CHAPTERS = {"8.1": "Classic machine learning"}


@dataclass
class Leaf:
    """A question as written: its first line and the lines below it up to the next marker."""

    line: int
    text: str
    body: list[str] = field(default_factory=list)


@dataclass
class Group:
    """A numbered question; with sub-questions its text and body are their stem."""

    number: int
    section: tuple[str, ...]
    head: Leaf
    subs: list[Leaf] = field(default_factory=list)


def parse(text: str) -> list[RawItem]:
    """One raw item per leaf question of the author's answers, in document order."""
    items: list[RawItem] = []
    for group in read_groups(text):
        items += _group_items(group)
    return items


def read_groups(text: str) -> list[Group]:
    """The document's numbered questions with their sub-questions and the lines under each."""
    groups: list[Group] = []
    section: tuple[str, ...] = ()
    in_fence = False
    lines = [line.rstrip() for line in text.splitlines()]
    for number, line in enumerate(lines, start=1):
        current = groups[-1] if groups and groups[-1].section == section else None
        marker = None if in_fence else _marker(line, current, lines, number)
        if is_fence(line):
            in_fence = not in_fence
        if marker == "header":
            section = _section(_HEADER.match(line).group("title"))  # type: ignore[union-attr]
        elif isinstance(marker, Group):
            marker.section = section
            groups.append(marker)
        elif isinstance(marker, Leaf) and current:
            current.subs.append(marker)
        elif current:
            (current.subs[-1] if current.subs else current.head).body.append(line)
    return groups


def _marker(line: str, current: Group | None, lines: list[str], number: int):
    """What a line starts: "header", a new Group, a sub-question Leaf, or None (body text)."""
    if _HEADER.match(line):
        return "header"
    group = _GROUP.match(line)
    if group:
        return Group(int(group["number"]), (), Leaf(number, group["text"].strip()))
    plain = _PLAIN_NUMBER.match(line)
    expected = current.number + 1 if current else 1
    if plain and int(plain["number"]) == expected and _starts_paragraph(lines, number):
        return Group(expected, (), Leaf(number, plain["text"].strip()))
    if current is None:
        return None
    sub = _SUB.match(line)
    if sub and sub["roman"] == _ROMANS[min(len(current.subs), len(_ROMANS) - 1)]:
        return Leaf(number, sub["text"].strip())
    if current.subs and _is_unmarked_question(lines, number):
        return Leaf(number, line.strip())
    return None


def _starts_paragraph(lines: list[str], number: int) -> bool:
    """Whether a line opens a paragraph that does not continue a numbered list above it."""
    if number >= 2 and lines[number - 2].strip():
        return False
    above = next((line for line in reversed(lines[: number - 1]) if line.strip()), "")
    return not _PLAIN_NUMBER.match(above)


def _is_unmarked_question(lines: list[str], number: int) -> bool:
    """Whether a one-line paragraph is a sub-question whose `ii.` the author left out."""
    line = lines[number - 1]
    alone = (number < 2 or not lines[number - 2].strip()) and (
        number >= len(lines) or not lines[number].strip()
    )
    return (
        alone
        and bool(_QUESTION_OPENER.match(line))
        and line.endswith("?")
        and len(line.split()) >= 5
    )


def _section(title: str) -> tuple[str, ...]:
    """A header as section entries, without its number ("8.2.2 Computer vision")."""
    number = title.split()[0] if title.split() else ""
    name = strip_heading_number(title)
    chapter = next((v for k, v in _BOOK_CHAPTERS.items() if number.startswith(k + ".")), None)
    return (chapter, name) if chapter and name == "Questions" else (name,)


def _group_items(group: Group) -> list[RawItem]:
    """The raw items of a group: itself when it has no sub-questions, else one per sub."""
    if not group.subs:
        return [_item(group.section, group.head, [])] if group.head.text else []
    stem = _clean_line(group.head.text) or next(
        (
            _BOOK_STEMS[_clean_line(s.text)]
            for s in group.subs
            if _clean_line(s.text) in _BOOK_STEMS
        ),
        "",
    )
    stem_body = [line.strip() for line in group.head.body if line.strip()]
    if _is_label(stem, stem_body):
        label = stem.rstrip(".").strip()
        lead = stem if _TERMINAL.search(stem) else f"{stem}."
        return [
            _item(group.section + (label,), sub, [lead] if _needs_label(sub, label) else [])
            for sub in group.subs
        ]
    context = [stem, "\n".join(f"- {line}" for line in stem_body)] if stem_body else [stem]
    return [_item(group.section, sub, context) for sub in group.subs]


def _is_label(stem: str, stem_body: list[str]) -> bool:
    """Whether a group stem is a category label rather than context its leaves need."""
    return (
        bool(stem)
        and not stem_body
        and len(stem.split()) <= _LABEL_MAX_WORDS
        and not stem.endswith((":", "?"))
        and not _SCENARIO.match(stem)
    )


def _needs_label(leaf: Leaf, label: str) -> bool:
    """Whether a leaf says too little without its label ("How to prevent them?")."""
    first_sentence = _SENTENCE_END.split(_clean_line(leaf.text), maxsplit=1)[0]
    return bool(_REFERS_OUT.search(first_sentence)) or not (_words(label) & _words(leaf.text))


def _words(text: str) -> set[str]:
    """Content words of a text, lowercased and crudely singular."""
    return {w.removesuffix("s") for w in _WORD.findall(text.lower()) if w not in _STOPWORDS}


def _item(section: tuple[str, ...], leaf: Leaf, context: list[str]) -> RawItem:
    """The raw item of one leaf: its words, the context it needs, its answer."""
    question_lines, rest = _split_question(leaf)
    hints, answer_lines = _split_hints(rest)
    question = _question_markdown(question_lines)
    answer = answer_markdown(answer_lines)
    prompt = _join([*context, question, *hints])
    images = find_images("\n".join([prompt, answer]))
    if mentions_unseen_figure(prompt) and not find_images(prompt):
        images = (*images, UNSEEN_FIGURE)
    return RawItem(
        source=SOURCE,
        section=section,
        question=question,
        prompt=prompt,
        answer=answer,
        links=find_links_keeping_parens("\n".join([prompt, answer])),
        images=images,
        line=leaf.line,
    )


def _split_question(leaf: Leaf) -> tuple[list[str], list[str]]:
    """A question's lines (it runs on past its first line when that line stops mid-sentence)."""
    if _TERMINAL.search(leaf.text):
        return [leaf.text], leaf.body
    for index, line in enumerate(leaf.body):
        if _ENDS_WITH_QUESTION.search(line.strip()):
            return [leaf.text, *leaf.body[: index + 1]], leaf.body[index + 1 :]
    return [leaf.text], leaf.body


def _split_hints(lines: list[str]) -> tuple[list[str], list[str]]:
    """The book's "Hint: ..." copied under a question (part of the prompt), and the rest."""
    filled = [index for index, line in enumerate(lines) if line.strip()]
    if filled and lines[filled[0]].strip().startswith("Hint:"):
        return [_clean_line(lines[filled[0]])], lines[filled[0] + 1 :]
    return [], lines


def _question_markdown(lines: list[str]) -> str:
    """A question's words as markdown: one line, or paragraphs with its table."""
    if len(lines) == 1:
        return _clean_line(lines[0])
    blocks = _tables(lines)
    return squeeze_blank_lines(
        "\n\n".join(_clean_line(b) if "\n" not in b else b for b in blocks if b.strip())
    )


def _tables(lines: list[str]) -> list[str]:
    """Paragraphs of the lines, tab-separated rows (blank lines between) made one table."""
    blocks: list[str] = []
    rows: list[list[str]] = []
    for line in lines:
        if _TABBED_ROW.search(line):
            rows.append([cell.strip() for cell in re.split(r"\t+", line) if cell.strip()])
        elif line.strip():
            if rows:
                blocks.append(_table(rows))
                rows = []
            blocks.append(line)
    if rows:
        blocks.append(_table(rows))
    return blocks


def _table(rows: list[list[str]]) -> str:
    """Rows as a markdown table, the first row its header."""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join([lines[0], "|" + " --- |" * width, *lines[1:]])


def answer_markdown(lines: list[str]) -> str:
    """An answer's lines as clean markdown: `->` lines as bullets, diagrams and code fenced."""
    text = "\n".join(_arrow_bullets(_fence_arrow_diagrams([line.rstrip() for line in lines])))
    return squeeze_blank_lines(tidy_emphasis(fence_indented_code(dehyphenate(text))))


def _fence_arrow_diagrams(lines: list[str]) -> list[str]:
    """Runs of arrow-drawn trees ("I -> am" / "  -> do") wrapped in a text fence."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        end = index
        if not lines[index].strip() or not _is_diagram_line(lines, index):
            out.append(lines[index])
            index += 1
            continue
        while end < len(lines) and (_is_diagram_line(lines, end) or not lines[end].strip()):
            end += 1
        run = [line for line in lines[index:end] if line.strip()]
        if end > index and any(_ARROW_INDENTED.match(line) for line in run) and run:
            while lines[end - 1].strip() == "":
                end -= 1
            out += ["", "```text", *run, "```", ""]
            index = end
        else:
            out.append(lines[index])
            index += 1
    return out


def _is_diagram_line(lines: list[str], index: int) -> bool:
    """Whether a line draws part of an arrow tree, or heads the arrows indented below it."""
    line = lines[index]
    below = lines[index + 1] if index + 1 < len(lines) else ""
    return bool(
        _ARROW_INDENTED.match(line)
        or _ARROW_AFTER_TEXT.match(line)
        or (line.strip() and _ARROW_INDENTED.match(below))
    )


def _arrow_bullets(lines: list[str]) -> list[str]:
    """The author's `-> point` lines as markdown bullets, outside code."""
    out: list[str] = []
    in_fence = False
    for line in lines:
        if is_fence(line):
            in_fence = not in_fence
        out.append(line if in_fence else _ARROW_BULLET.sub("- ", line))
    return out


def _clean_line(text: str) -> str:
    """One line of question text, whitespace collapsed and PDF hyphenation joined."""
    return " ".join(dehyphenate(text).split())


def _join(parts: list[str]) -> str:
    """Prompt parts on one line when each is one line, else as paragraphs."""
    parts = [part for part in parts if part]
    if all("\n" not in part for part in parts):
        return " ".join(parts)
    return "\n\n".join(parts)
