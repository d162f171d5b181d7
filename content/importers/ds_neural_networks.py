"""Importer of "Data Science Interview Questions And Answers: Neural Networks" (source 002).

The format: `##`/`###` section headers, a contents list, then `Q.` blocks separated by `---`
lines, each followed by `<details><summary>Answer</summary> ... </details>` (mostly empty).
A block whose body is a stem followed by a numbered list of two or more sub-questions yields
one leaf per sub-question, its prompt carrying the stem. A numbered list is *not* a list of
sub-questions when the stem already asks the question ("Which ones ...?", "Choose all the
options that apply") or introduces an algorithm's steps; then the block is one leaf.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from content.fences import fence_line
from content.html import ANY_TABLE, IMAGE_TAG, strip_html, tags
from content.importers.base import RawItem
from content.importers.text import dehyphenate, find_images, find_links, squeeze_blank_lines

SOURCE = "ds-neural-networks"

_RULE = re.compile(r"^-{3,}\s*$")
_HEADER = re.compile(r"^#{2,6}\s+(?P<title>.+?)\s*#*\s*$")
# A block opens with "Q." or, once, with a stray printed number ("30. If we want ...").
_QUESTION_START = re.compile(r"^(?:Q\.|\d+\.(?=\s))[ \t]*")
_DETAILS = re.compile(
    r"<details>\s*<summary>.*?</summary>(?P<answer>.*?)(?:</details>|\Z)", re.S | re.I
)
_LAYOUT = ("br", "center", "b", "i", "p", "div", "span", "sup", "sub", "tr", "td", "table")
_TAGS = tags("img", *_LAYOUT)
_TAGS_BUT_IMAGES = tags(*_LAYOUT)
_ITEM = re.compile(r"^(?P<indent> *)(?P<number>\d+)\.[ \t]+(?=\S)")
_BULLET = re.compile(r"^ *(?:\d+\.|[-*+])[ \t]")
# "3. ... surprising? 4. Write the formulae": two items printed on one line.
_RUN_ON_ITEM = re.compile(r"^(?P<indent> *)(?P<a>\d+)\.(?P<first>.*?[?.])[ \t]+(?P<b>\d+)\.[ \t]+")
# The stem already asks the question, so a numbered list below it holds options or steps.
_STEM_ASKS = re.compile(r"\?|\bchoose\b|\bfollowing algorithm\b", re.IGNORECASE)
# "^^I": tab characters printed in caret notation by whatever exported the code.
_CARET_TAB = re.compile(r"(?:\^\^I)+")


@dataclass(frozen=True)
class _Block:
    """One `Q.` block: where it stands, its question text and its raw answer."""

    section: tuple[str, ...]
    line: int
    body: str
    answer: str


def parse(text: str) -> list[RawItem]:
    """One RawItem per leaf question of the document, in document order."""
    items: list[RawItem] = []
    for block in _blocks(text):
        items.extend(_leaves(block))
    return items


# ---------------------------------------------------------------- blocks


def _blocks(text: str) -> Iterator[_Block]:
    """The `Q.` blocks with their section, skipping the title and the contents list."""
    section: tuple[str, ...] = ()
    lines = text.replace("\r\n", "\n").split("\n")
    start = 0
    for index in range(len(lines) + 1):
        if index < len(lines) and not _RULE.match(lines[index]):
            continue
        chunk = lines[start:index]
        offset = start
        start = index + 1
        for position, line in enumerate(chunk):
            header = _HEADER.match(line)
            if header:
                section = (header.group("title").strip(),)
            elif line.strip():
                if _QUESTION_START.match(line):
                    yield _split_answer(section, offset + position + 1, chunk[position:])
                break


def _split_answer(section: tuple[str, ...], line: int, chunk: list[str]) -> _Block:
    """Separate a block's question from the <details> answer that follows it."""
    raw = "\n".join(chunk)
    details = _DETAILS.search(raw)
    body = raw[: details.start()] if details else raw
    answer = details.group("answer") if details else ""
    body = _QUESTION_START.sub("", body, count=1)
    return _Block(section, line, body, answer)


# ---------------------------------------------------------------- leaves


def _leaves(block: _Block) -> list[RawItem]:
    """The block's leaf questions: one per sub-question, or the whole block."""
    answer = _clean(block.answer)
    lines = _prepare(block.body)
    stem, items = _numbered_items(lines)
    if len(items) < 2 or _STEM_ASKS.search(_prose("\n".join(stem))):
        whole = _clean("\n".join(_unwrap_single_item(stem, items)))
        return [_item(block, whole, whole, answer, block.body)]
    stem_text = _clean("\n".join(stem))
    leaves = []
    for raw_item in items:
        own = _clean("\n".join(_dedent_item(raw_item)))
        prompt = f"{stem_text}\n\n{own}" if stem_text else own
        leaves.append(_item(block, own, prompt, answer, "\n".join(stem + raw_item)))
    return leaves


def _item(block: _Block, question: str, prompt: str, answer: str, raw: str) -> RawItem:
    """A RawItem with the links and images that the leaf's raw text and answer refer to."""
    sources = raw + "\n" + block.answer
    links = tuple(link for link in find_links(sources) if not link.endswith((".png", ".jpg")))
    return RawItem(
        source=SOURCE,
        section=block.section,
        question=question,
        prompt=prompt,
        answer=answer,
        links=links,
        images=find_images(sources),
        line=block.line,
    )


def _prepare(body: str) -> list[str]:
    """Body lines with HTML gone (bar <img> tags), soft wraps joined, run-on items split."""
    # A figure table shrinks to its <img> tags so each leaf can still tell which figures it shows.
    text = ANY_TABLE.sub(lambda m: " ".join(IMAGE_TAG.findall(m.group(0))), body)
    text = _strip_html(text, keep_images=True)
    lines = _fence_indented_tables(_join_soft_wraps(text.split("\n")))
    out: list[str] = []
    for line in lines:
        match = _RUN_ON_ITEM.match(line)
        if match and int(match.group("b")) == int(match.group("a")) + 1:
            out.append(f"{match.group('indent')}{match.group('a')}.{match.group('first')}")
            line = match.group("indent") + line[match.start("b") :]
        out.append(line)
    return out


def _numbered_items(lines: list[str]) -> tuple[list[str], list[list[str]]]:
    """The stem and the top-level numbered items (ignoring numbers inside code and math)."""
    literal = _literal_mask(lines)
    starts = [
        (index, len(match.group("indent")))
        for index, line in enumerate(lines)
        if not literal[index] and (match := _ITEM.match(line))
    ]
    if not starts:
        return lines, []
    top = min(indent for _, indent in starts)
    first = next(index for index, indent in starts if indent == top)
    bounds = [index for index, indent in starts if indent == top and index >= first]
    items = [lines[a:b] for a, b in zip(bounds, bounds[1:] + [len(lines)], strict=True)]
    return lines[:first], items


def _literal_mask(lines: list[str]) -> list[bool]:
    """For each line, whether it is inside a code fence or a $$ display formula."""
    mask: list[bool] = []
    in_fence = in_math = False
    for line in lines:
        is_fence = bool(fence_line(line, None))
        toggles_math = not in_fence and line.count("$$") % 2 == 1
        mask.append(in_fence or in_math or is_fence or toggles_math)
        if is_fence:
            in_fence = not in_fence
        elif toggles_math:
            in_math = not in_math
    return mask


def _dedent_item(item: list[str]) -> list[str]:
    """An item's lines without its number, continuation lines dedented (code left alone)."""
    match = _ITEM.match(item[0])
    width = match.end() if match else 0
    first = item[0][width:]
    literal = _literal_mask(item)
    rest = []
    for line, is_literal in zip(item[1:], literal[1:], strict=True):
        if is_literal and not fence_line(line, None):
            rest.append(line)
        else:
            spaces = len(line) - len(line.lstrip(" "))
            rest.append(line[min(spaces, width, 4) :])
    return [first, *rest]


def _unwrap_single_item(stem: list[str], items: list[list[str]]) -> list[str]:
    """The block's lines, with a lone "1." item (a printed-number artefact) made plain text."""
    if len(items) == 1:
        return stem + _dedent_item(items[0])
    return stem + [line for item in items for line in item]


# ---------------------------------------------------------------- text repairs


def _strip_html(text: str, keep_images: bool = False) -> str:
    """Text without figure tables and HTML tags; anchors become markdown links or plain words."""
    return strip_html(text, _TAGS_BUT_IMAGES if keep_images else _TAGS, tables=ANY_TABLE)


def _join_soft_wraps(lines: list[str]) -> list[str]:
    """Join prose lines that a hard wrap broke mid-sentence ("suggested by\\nKaiming [14].")."""
    literal = _literal_mask(lines)
    out: list[str] = []
    out_literal: list[bool] = []
    for line, is_literal in zip(lines, literal, strict=True):
        previous = out[-1] if out else ""
        joinable = (
            out
            and not is_literal
            and not out_literal[-1]
            and (
                (re.search(r"[a-z,]$", previous.rstrip()) and re.match(r"[A-Za-z(]", line))
                or (re.search(r"\d$", previous.rstrip()) and re.match(r"[a-z]", line))
            )
            and not _BULLET.match(line)
        )
        broken_word = (
            out
            and not is_literal
            and not out_literal[-1]
            and re.search(r"[a-z]-$", previous.rstrip())
            and re.match(r"[a-z]{2}", line)
        )
        if broken_word:  # "activa-\ntion": a word hyphenated by a page's line break
            out[-1] = previous.rstrip()[:-1] + line.strip()
        elif joinable:
            out[-1] = previous.rstrip() + " " + line.strip()
        else:
            out.append(line)
            out_literal.append(is_literal)
    return out


def _clean(text: str) -> str:
    """Clean markdown: HTML gone, fences tidy, indented tables fenced, hyphenation repaired."""
    text = _strip_html(text)
    text = _CARET_TAB.sub("", text)
    lines = _fence_indented_tables(_tidy_fences(text.split("\n")))
    literal = _literal_mask(lines)
    lines = [line if lit else dehyphenate(line) for line, lit in zip(lines, literal, strict=True)]
    return squeeze_blank_lines(_renumber_lists("\n".join(lines)))


def _tidy_fences(lines: list[str]) -> list[str]:
    """Fenced code moved to the left margin when its fence is indented."""
    out: list[str] = []
    indent: int | None = None
    for line in lines:
        fence = fence_line(line, None)
        if indent is None and fence:
            indent = len(fence.group("indent"))
            out.append(line[indent:])
        elif indent is not None:
            spaces = len(line) - len(line.lstrip(" "))
            out.append(line[min(spaces, indent) :])
            if fence:
                indent = None
        else:
            out.append(line)
    return out


def _fence_indented_tables(lines: list[str]) -> list[str]:
    """Indented non-list lines after a line ending with ':' (a settings table) as fenced code."""
    literal = _literal_mask(lines)
    out: list[str] = []
    index = 0
    while index < len(lines):
        end = index
        while (
            end < len(lines)
            and lines[end].startswith("    ")
            and lines[end].strip()
            and not literal[end]
            and not _BULLET.match(lines[end])
            and not lines[end].lstrip().startswith("$")
        ):
            end += 1
        previous = next((line for line in reversed(out) if line.strip()), "")
        if end > index and previous.rstrip().endswith(":"):
            out += ["```", *(line.strip() for line in lines[index:end]), "```"]
            index = end
        else:
            out.append(lines[index])
            index += 1
    return out


def _renumber_lists(text: str) -> str:
    """Ordered lists numbered 1, 2, 3 even where the source printed 1, 1, 1."""
    lines = text.split("\n")
    literal = _literal_mask(lines)
    counters: dict[int, int] = {}
    for index, line in enumerate(lines):
        if literal[index]:
            continue
        match = _ITEM.match(line)
        if not match:
            if line.strip() and not line.startswith(" "):
                counters.clear()  # a paragraph at the margin ends every list
            continue
        indent = len(match.group("indent"))
        counters = {depth: n for depth, n in counters.items() if depth <= indent}
        counters[indent] = counters.get(indent, 0) + 1
        lines[index] = f"{match.group('indent')}{counters[indent]}. {line[match.end() :]}"
    return "\n".join(lines)


def _prose(text: str) -> str:
    """Text without code fences and formulas (so a '?' in code does not count)."""
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    return re.sub(r"\$\$.*?\$\$|\$[^$]*\$", " ", text, flags=re.S)
