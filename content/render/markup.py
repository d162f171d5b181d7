"""Neutral markdown as each platform's markup: Discord markdown, Slack mrkdwn, plain text."""

from __future__ import annotations

import re
from collections.abc import Callable

from content.html import IMAGE_TABLE, strip_html, tags
from content.render.blocks import blocks
from content.render.latex import harmonise_subscripts, latex_to_unicode
from content.render.safety import (
    LITERAL,
    MARKUP_CHARS,
    SLACK_BROADCAST,
    ZWJ,
    Target,
    clean_control,
    escape_slack,
    neutralise_mentions,
)
from content.render.tables import monospace, split_tables

_HTML_TAGS = tags(
    "a", "b", "i", "u", "em", "strong", "p", "div", "span", "img", "table", "tr", "td", "th",
    "tbody", "thead", "details", "summary", "sup", "sub", "center", "font", "figure",
    "figcaption", "hr", "ul", "ol", "li", "h[1-6]", "small", "big", "code", "pre",
)  # fmt: skip
_DISPLAY_MATH = re.compile(r"\$\$(.{1,5000}?)\$\$|\\\[(.{1,5000}?)\\\]", re.S)
_INLINE_MATH = re.compile(
    r"(?<![\\$])\$(?!\$)((?:[^$\n]|\n(?![ \t]*\n)){1,2000}?)\$(?!\d)|\\\(([^\n]{1,2000}?)\\\)"
)
_INLINE_CODE = re.compile(r"(`+)([^`\n]{1,2000}?)\1(?!`)")
_SENTINEL = re.compile(r"\x00(\d+)\x00")
_LITERAL = re.compile("([" + re.escape(MARKUP_CHARS) + "])" + LITERAL)
_HEADER = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BULLET = re.compile(r"^([ \t]*)[-*+][ \t]+")
_QUOTE = re.compile(r"^((?:[ \t]*>)+)[ \t]?")
_INLINE = re.compile(
    r"!\[(?P<alt>[^\[\]\n]{0,500})\]\((?P<src>[^()\s]{1,2000})(?:\s+\"[^\"\n]{0,500}\")?\)"
    r"|\[(?P<label>[^\[\]\n]{0,500})\]\((?P<url>[^()\s]{1,2000})(?:\s+\"[^\"\n]{0,500}\")?\)"
    r"|\*\*(?=\S)(?P<bold>[^\n]{0,1000}?\S)\*\*"
    r"|(?<!\w)__(?=\S)(?P<bold2>[^\n]{0,1000}?\S)__(?!\w)"
    r"|~~(?=\S)(?P<strike>[^\n]{0,1000}?\S)~~"
    r"|(?<![\w*])\*(?=[^\s*])(?P<em>[^\n]{0,1000}?[^\s*])\*(?![\w*])"
    r"|(?<![\w_])_(?=[^\s_])(?P<em2>[^\n]{0,1000}?[^\s_])_(?![\w_])"
)
_RULE_TEXT = "──────────"
# group name in _INLINE -> (Discord marker, Slack marker)
_EMPHASIS = {
    "bold": ("**", "*"),
    "bold2": ("__", "*"),
    "strike": ("~~", "~"),
    "em": ("*", "_"),
    "em2": ("_", "_"),
}


def render(markdown: str, target: Target) -> str:
    """Neutral markdown as the target's markup, LaTeX as Unicode, unable to ping anyone."""
    text = clean_control(markdown)
    parts = [
        _render_code(b.body, b.language, target)
        if b.fence
        else _render_prose_and_tables(b.body, target)
        for b in blocks(text)
    ]
    out = "\n\n".join(p for p in parts if p.strip())
    if target == "slack":
        return SLACK_BROADCAST.sub("@" + ZWJ, out)  # & < > were escaped piece by piece
    return neutralise_mentions(out, target)


def _render_code(body: str, lang: str, target: Target) -> str:
    """A code block in the target's form: fenced (Discord, Slack) or indented (terminal)."""
    body = body.replace("```", "`\u200b``")  # Discord ends a block at ``` anywhere
    if target == "discord":
        return f"```{lang}\n{body}\n```"
    if target == "slack":
        return f"```\n{escape_slack(body)}\n```"
    return "\n".join("    " + line if line.strip() else "" for line in body.split("\n"))


def _render_prose_and_tables(text: str, target: Target) -> str:
    """Prose with its markdown tables as aligned monospace blocks (chat shows pipes otherwise)."""
    return "\n\n".join(
        _render_code(monospace(run), "", target) if is_table else _render_prose(run, target)
        for run, is_table in split_tables(text)
        if run.strip()
    )


def _render_prose(text: str, target: Target) -> str:
    """Prose: HTML dropped, math and inline code protected, then line and inline markup."""
    text = strip_html(text, _HTML_TAGS, tables=IMAGE_TABLE, breaks=True)
    literals: list[str] = []

    def protect(rendered: str) -> str:
        literals.append(rendered)
        return f"\x00{len(literals) - 1}\x00"

    maths: list[int] = []

    def math(match: re.Match[str]) -> str:
        maths.append(len(literals))
        return protect(latex_to_unicode(_first(match)))

    text = _LITERAL.sub(lambda m: protect(_render_literal(m.group(1), target)), text)
    text = _INLINE_CODE.sub(lambda m: protect(_render_inline_code(m.group(2), target)), text)
    text = _DISPLAY_MATH.sub(lambda m: "\n" + math(m) + "\n", text)
    text = _INLINE_MATH.sub(math, text)
    # one style of subscript per passage: Wₕₕ beside W_hy (ʸ has no subscript form) reads W_hh
    harmonised = harmonise_subscripts([literals[i] for i in maths])
    for index, unicode_text in zip(maths, harmonised, strict=True):
        literals[index] = _escape_math(unicode_text, target)
    lines = [_render_line(line, target) for line in text.split("\n")]
    rendered = "\n".join(lines)
    for _ in range(2):  # a literal may sit inside another literal's text only once deep
        rendered = _SENTINEL.sub(lambda m: literals[int(m.group(1))], rendered)
    return _squeeze(rendered)


def _first(match: re.Match[str]) -> str:
    """The first group that took part in the match."""
    return next(group for group in match.groups() if group is not None)


def _render_literal(char: str, target: Target) -> str:
    """A markup character echoed from user text, shown as itself."""
    if target == "discord":
        return "\\" + char
    if target == "slack":
        # mrkdwn has no escapes: a zero-width space keeps *, _, ~ and ` from pairing up.
        return escape_slack(char) + ("\u200b" if char in "*_~`" else "")
    return char


def _render_inline_code(code: str, target: Target) -> str:
    """An inline code span."""
    if target == "slack":
        return f"`{escape_slack(code)}`"
    if target == "text":
        return code
    return f"`{code}`"


def _escape_math(text: str, target: Target) -> str:
    """Math already in Unicode, escaped so the target does not read it as markup."""
    if target == "discord":
        return re.sub(r"([\\*_~`]|\|(?=\|))", r"\\\1", text)
    if target == "slack":
        return escape_slack(text)
    return text


def _render_line(line: str, target: Target) -> str:
    """One prose line: headers, rules, bullets and quotes, then inline markup."""
    if _RULE.match(line):
        return _RULE_TEXT
    header = _HEADER.match(line)
    if header:
        level, title = len(header.group(1)), _inline(header.group(2), target)
        if target == "discord":
            return f"{header.group(1)} {title}" if level <= 3 else f"**{title}**"
        return f"*{title}*" if target == "slack" else title
    prefix = ""
    quote = _QUOTE.match(line)
    if quote:
        depth = quote.group(1).count(">")
        prefix, line = ("> " if target != "text" else "| ") * depth, line[quote.end() :]
    bullet = _BULLET.match(line)
    if bullet:
        marker = {"discord": "- ", "slack": "• ", "text": "- "}[target]
        prefix, line = prefix + bullet.group(1) + marker, line[bullet.end() :]
    return prefix + _inline(line, target)


def _inline(text: str, target: Target) -> str:
    """Inline markdown (images, links, emphasis) in the target's form, plain text escaped."""
    leaf: Callable[[str], str] = escape_slack if target == "slack" else (lambda s: s)
    out, position = [], 0
    for match in _INLINE.finditer(text):
        out.append(leaf(text[position : match.start()]))
        out.append(_inline_match(match, target))
        position = match.end()
    out.append(leaf(text[position:]))
    return "".join(out)


def _inline_match(match: re.Match[str], target: Target) -> str:
    """Render one inline construct found by _INLINE."""
    groups = match.groupdict()
    if groups["src"] is not None:
        alt = " ".join(groups["alt"].split())
        label = f"(figure: {alt})" if alt else "(figure)"
        return escape_slack(label) if target == "slack" else label
    if groups["url"] is not None:
        return _link(groups["label"], groups["url"], target)
    for name, (neutral, slack) in _EMPHASIS.items():
        inner = groups[name]
        if inner is None:
            continue
        body = _inline(inner, target)
        if target == "text":
            return body
        marks = slack if target == "slack" else neutral
        return f"{marks}{body}{marks}"
    return match.group(0)


def _link(label: str, url: str, target: Target) -> str:
    """A markdown link in the target's form."""
    label = " ".join(label.split()) or url
    if target == "slack":
        safe_url = escape_slack(url).replace("|", "%7C")
        return f"<{safe_url}|{escape_slack(label)}>"
    if target == "text":
        return url if label == url else f"{label} ({url})"
    return f"[{label}]({url})"


def _squeeze(text: str) -> str:
    """Trim trailing spaces and collapse runs of blank lines."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")
