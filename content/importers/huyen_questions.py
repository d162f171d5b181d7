"""Importer of the book's deep-learning question list, and the reader of its nested-list format.

The format (shared with huyen_answers, which is the same list with tags and answers): markdown
headers, then ordered lists nested by indentation. An item with sub-items is a group: a bare
label ("Pooling.") or a stem whose words the sub-questions need ("Given 5 documents: ...").
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field

from content.fences import is_fence
from content.importers.base import RawItem
from content.importers.text import (
    dehyphenate,
    find_images,
    find_links,
    repair_encoding,
    repair_mac_roman_runs,
    squeeze_blank_lines,
    strip_heading_number,
    strip_html_debris,
)

SOURCE = "huyen-questions"

_ITEM = re.compile(r"^(?P<indent> *)\d+\.(?: +(?P<rest>.*))?$")
# After the item's own number: repeated printed numbers ("1. 1. [E] ...") and a difficulty tag.
_PREFIX = re.compile(r"^(?:\d+\.\s+)*(?:\[(?P<tag>[EMH])\]\s*)?(?:\d+\.(?:\s+|$))*")
_HEADER = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.*?)\s*#*$")
_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
_LIST_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>\d+\.|[-*+])\s+(?P<text>.*)$")
_INDENT = "    "
_DIFFICULTY = {"E": "easy", "M": "medium", "H": "hard"}
# A group stem this short, with no text of its own below it, is a category label.
_LABEL_MAX_WORDS = 6
# Words in a leaf's first sentence that point outside the leaf ("How do we detect them?").
_REFERS_OUT = re.compile(
    r"\b(?:it|they|them|this|these|those|both|the two|the other|the former|the latter)\b",
    re.IGNORECASE,
)
_REFERS_TO_PAIR = re.compile(
    r"\b(?:both|the two|these two|the other|the former|the latter)\b", re.IGNORECASE
)
_NAMES_PAIR = re.compile(r"\b(?:vs\b\.?|versus|and|or|compare)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[?.!])\s+(?=[A-Z])")


@dataclass
class Node:
    """One numbered item of the outline, with what the document puts under it."""

    indent: int
    line: int
    text: str
    """The item's own words, cleaned; "" for a group whose stem is missing."""
    difficulty: str | None
    written: str = ""
    """The item's words as written (for the images its HTML refers to)."""
    body: list[str] = field(default_factory=list)
    enumeration: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    section: tuple[str, ...] = ()

    def takes_answer(self) -> bool:
        """Whether untagged items below this one are its answer's lists, not sub-questions."""
        return self.difficulty is not None and bool(self.text)

    def takes_enumeration(self, text: str) -> bool:
        """Whether an item reading `text` continues this question ("... is:" / "too high")."""
        return (
            self.text.endswith(":")
            and text[:1].islower()
            and not self.children
            and not any(line.strip() for line in self.body)
        )


def parse(text: str) -> list[RawItem]:
    """One raw item per leaf question of the question list, in document order."""
    return items_from_outline(SOURCE, text)


def items_from_outline(source: str, text: str) -> list[RawItem]:
    """Raw items of every leaf of a nested-list question document."""
    clean = repair_mac_roman_runs(repair_encoding(text))
    return [_item(source, leaf, path) for leaf, path in _leaves(read_outline(clean))]


def read_outline(text: str) -> list[Node]:
    """The document's numbered items as a forest, each with the headers above it."""
    roots: list[Node] = []
    stack: list[Node] = []
    headers: list[tuple[int, str]] = []
    in_fence = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.expandtabs(4).rstrip()
        item = None if in_fence else _ITEM.match(line)
        header = None if in_fence or item else _HEADER.match(line)
        if is_fence(line, None):
            in_fence = not in_fence
        if header:
            headers = _push_header(headers, header, first=number == 1)
            stack = []
        elif not in_fence and _RULE.match(line.strip()) and not line.startswith(" "):
            stack = []
        elif item:
            _place_item(item, number, stack, roots, tuple(t for _, t in headers))
        elif stack:
            stack[-1].body.append(line)
    return roots


def _push_header(
    headers: list[tuple[int, str]], match: re.Match[str], first: bool
) -> list[tuple[int, str]]:
    """The header stack after a markdown header; a title on the first line is no section."""
    level = len(match.group("hashes"))
    kept = [(lvl, title) for lvl, title in headers if lvl < level]
    if first and level == 1:
        return kept
    return [*kept, (level, strip_heading_number(match.group("title")))]


def _place_item(
    match: re.Match[str], line: int, stack: list[Node], roots: list[Node], section: tuple[str, ...]
) -> None:
    """Attach a numbered line to the outline: as a sub-item, an answer's list, or a new item."""
    indent = len(match.group("indent"))
    tag, rest = _split_prefix(match.group("rest") or "")
    current = stack[-1] if stack else None
    if current and not tag and indent > current.indent:
        if current.takes_enumeration(rest):
            current.enumeration.append(rest)
            return
        if current.takes_answer():
            current.body.append(match.group(0))
            return
    while stack and stack[-1].indent >= indent:
        stack.pop()
    node = Node(indent, line, _clean_inline(rest), _DIFFICULTY[tag] if tag else None, rest)
    node.section = section
    (stack[-1].children if stack else roots).append(node)
    stack.append(node)


def _split_prefix(words: str) -> tuple[str | None, str]:
    """An item's difficulty tag letter (or None) and its words without printed numbers."""
    prefix = re.match(_PREFIX, words)
    end = prefix.end() if prefix else 0
    return (prefix.group("tag") if prefix else None), words[end:].strip()


def _leaves(roots: list[Node]) -> Iterator[tuple[Node, list[Node]]]:
    """Every leaf with a question, with its ancestors (outermost first), in document order."""
    # An explicit stack, not recursion: a hostile document may nest thousands of levels deep.
    pending: list[tuple[Node, list[Node]]] = [(root, []) for root in reversed(roots)]
    while pending:
        node, path = pending.pop()
        if node.children:
            pending += [(child, [*path, node]) for child in reversed(node.children)]
        elif node.text:
            yield node, path


def _item(source: str, leaf: Node, path: list[Node]) -> RawItem:
    """The raw item of one leaf: its words, the context its group gives it, its answer."""
    question = _question_text(leaf)
    labels = [node for node in path if _is_label(node)]
    context = [_stem(node) for node in path if node.text and not _is_label(node)]
    context += _missing_referents(leaf, question, path, labels, bool(context))
    answer = _markdown(leaf.body)
    written = [line for node in [*path, leaf] for line in (node.written, *node.body)]
    return RawItem(
        source=source,
        section=leaf.section + tuple(_label_title(node) for node in labels),
        question=question,
        prompt=_join(context + [question]),
        answer=answer,
        difficulty=next((n.difficulty for n in [leaf, *path[::-1]] if n.difficulty), None),
        links=find_links("\n".join([*context, question, answer])),
        images=find_images("\n".join(written)),
        line=leaf.line,
    )


def _question_text(node: Node) -> str:
    """A question's own words as one clean line, followed by its inline enumeration if any."""
    words = node.text
    items = [f"{n}. {_clean_inline(text)}" for n, text in enumerate(node.enumeration, start=1)]
    return "\n".join([words, *items])


def _clean_inline(text: str) -> str:
    """One line of question text without HTML debris, doubled spaces or PDF hyphenation."""
    return " ".join(dehyphenate(strip_html_debris(text)).split())


def _is_label(node: Node) -> bool:
    """Whether a group stem is a bare category label rather than context its leaves need."""
    return (
        bool(node.text)
        and len(node.text.split()) <= _LABEL_MAX_WORDS
        and not node.text.endswith((":", "?"))
        and not any(line.strip() for line in node.body)
    )


def _label_title(node: Node) -> str:
    """A label as a section entry: "Activation functions." -> "Activation functions"."""
    return node.text.rstrip(".").strip()


def _stem(node: Node) -> str:
    """A group stem with the text under it (documents, a listing) as markdown."""
    body = _markdown(node.body)
    if (
        body
        and "```" not in body
        and len(body.splitlines()) > 1
        and not any(_LIST_ITEM.match(line) for line in body.splitlines())
    ):
        body = f"```\n{body}\n```"
    return _join([node.text, body])


def _missing_referents(
    leaf: Node, question: str, path: list[Node], labels: list[Node], has_context: bool
) -> list[str]:
    """Context a leaf that points outside itself needs when its group gives only a label."""
    first_sentence = _SENTENCE_END.split(question, maxsplit=1)[0]
    if has_context or not labels or not _REFERS_OUT.search(first_sentence):
        return []
    label = labels[-1]
    parts = [label.text]
    if _REFERS_TO_PAIR.search(first_sentence) and not _NAMES_PAIR.search(label.text):
        siblings = path[-1].children
        index = siblings.index(leaf)
        if index > 0:
            parts.append(_question_text(siblings[index - 1]))
    return parts


def _join(parts: list[str]) -> str:
    """Prompt parts on one line when each is one line, else as paragraphs."""
    parts = [part for part in parts if part]
    if all("\n" not in part for part in parts):
        return " ".join(parts)
    return "\n\n".join(parts)


def _markdown(lines: list[str]) -> str:
    """Lines written under an item as markdown: flat paragraphs, nested lists, code kept as is."""
    out: list[str] = []
    lists: list[int] = []  # indentation of each open list level, outermost first
    numbers: dict[int, int] = {}  # last number written at each list depth
    code: list[str] | None = None
    for raw in lines:
        if code is not None:
            # The book's <br> and <img> debris is layout, even between fences: never code.
            if is_fence(raw, None):
                out += [
                    *textwrap.dedent("\n".join(code)).splitlines(),
                    strip_html_debris(raw).strip(),
                ]
                code = None
            else:
                code.append(strip_html_debris(raw).rstrip())
            continue
        line = strip_html_debris(raw).rstrip()
        indent = len(line) - len(line.lstrip())
        item = _LIST_ITEM.match(line)
        if is_fence(line, None):
            out.append(line.strip())
            code = []
        elif item:
            out.append(_list_line(item, lists, numbers))
        elif line and lists and indent > lists[0]:
            out.append(_INDENT * sum(1 for level in lists if level < indent) + line.strip())
        else:
            if line:
                lists.clear()
                numbers.clear()
            out.append(line.strip())
    if code is not None:
        out += textwrap.dedent("\n".join(code)).splitlines()
    return squeeze_blank_lines("\n".join(out))


def _list_line(item: re.Match[str], lists: list[int], numbers: dict[int, int]) -> str:
    """A list item re-indented by its depth; "1. 1. 1." numbering becomes "1. 2. 3."."""
    indent = len(item.group("indent"))
    while lists and lists[-1] > indent:
        lists.pop()
    if not lists or lists[-1] < indent:
        lists.append(indent)
    depth = len(lists) - 1
    for deeper in [d for d in numbers if d > depth]:
        del numbers[deeper]
    marker = item.group("marker")
    if marker[0].isdigit():
        number = int(marker[:-1])
        previous = numbers.get(depth)
        if previous is not None and number <= previous:
            number = previous + 1
        numbers[depth] = number
        marker = f"{number}."
    return f"{_INDENT * depth}{marker} {item.group('text').strip()}"
