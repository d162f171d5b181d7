"""Render neutral markdown for Discord, Slack or a terminal, and split it into sized messages."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexCommentNode,
    LatexEnvironmentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexNode,
    LatexSpecialsNode,
    LatexWalker,
)

Target = Literal["discord", "slack", "text"]

DISCORD_MESSAGE = 2000
DISCORD_EMBED_DESCRIPTION = 4096
DISCORD_EMBED_TOTAL = 6000
SLACK_SECTION = 3000
SLACK_BLOCKS = 50

ZWJ = "\u200d"

# ---------------------------------------------------------------- LaTeX -> Unicode

_SUPERSCRIPT = dict(
    zip(
        "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
        strict=True,
    )
)
_SUBSCRIPT = dict(
    zip(
        "0123456789+-−=()aehijklmnoprstuvxβγρφχ",
        "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ",
        strict=True,
    )
)
_FUNCTIONS = {
    "log", "ln", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "max", "min",
    "arg", "lim", "det", "sup", "inf", "argmax", "argmin", "sign", "Pr",
}  # fmt: skip
_BIG_OPERATORS = {"sum", "prod", "int", "oint", "bigcup", "bigcap", "coprod"}
_STYLE_MACROS = {
    "mathbf", "mathrm", "mathit", "mathsf", "mathtt", "boldsymbol", "bm", "operatorname",
    "textbf", "textit", "textrm", "mbox", "text", "mathnormal", "emph",
}  # fmt: skip
_SILENT_MACROS = {"left", "right", "displaystyle", "textstyle", "limits", "nolimits", "big",
                  "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr"}  # fmt: skip
_SPACING_MACROS = {",": " ", ";": " ", ":": " ", "!": "", "quad": "  ", "qquad": "   ", " ": " "}
_ENVIRONMENT_BRACKETS = {
    "cases": ("{ ", " }"),
    "pmatrix": ("(", ")"),
    "bmatrix": ("[", "]"),
    "vmatrix": ("|", "|"),
    "Vmatrix": ("‖", "‖"),
}
_NO_WRAP_BEFORE = set(")]}.,;:=+-−<>≤≥/'")
_ROW_BREAK = "\x01row\x01"
_CELL_BREAK = "\x01cell\x01"

_l2t = LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


@dataclass
class _Piece:
    """A converted run of LaTeX with how it behaves next to its neighbours."""

    text: str
    kind: str = "plain"  # plain | function | bigop | frac | group | spaced


def latex_to_unicode(s: str) -> str:
    """Readable Unicode for a LaTeX math fragment (σ(x), 1/(1+e⁻ᶻ), ∑ᵢ xᵢ, ‖x‖², ℝⁿ)."""
    try:
        nodes, _, _ = LatexWalker(s, tolerant_parsing=True).get_latex_nodes()
    except Exception:  # pylatexenc raises assorted errors on hostile input; keep the source
        return s
    text = _join(_convert_list(nodes or []))
    text = text.replace(_ROW_BREAK, "; ").replace(_CELL_BREAK, " ")
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def _convert_list(nodes: list[LatexNode]) -> list[_Piece]:
    """Convert a node list, attaching ^ and _ scripts to what precedes them."""
    atoms = _atoms(nodes)
    pieces: list[_Piece] = []
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        if isinstance(atom, str) and atom in ("^", "_") and pieces:
            j = i + 1
            while j < len(atoms) and _is_space(atoms[j]):
                j += 1
            if j < len(atoms):
                script = _scriptify(_join(_convert_atom(atoms[j], pieces)), atom == "^")
                pieces[-1].text += script
                if script[:1] in "^_" and script[-1:].isalnum():  # "∇_w J", not "∇_wJ"
                    pieces[-1].kind = "spaced"
                i = j + 1
                continue
        if _is_invisible_delimiter(atom, atoms[i + 1 : i + 2]):
            i += 1
        pieces.extend(_convert_atom(atom, pieces))
        i += 1
    return pieces


def _is_invisible_delimiter(atom: LatexNode | str, following: list[LatexNode | str]) -> bool:
    """True for \\left. and \\right., whose dot is not printed."""
    sizing = isinstance(atom, LatexMacroNode) and atom.macroname in ("left", "right")
    return sizing and len(following) == 1 and isinstance(following[0], str) and following[0] == "."


def _is_space(atom: LatexNode | str) -> bool:
    """True for a whitespace character atom."""
    return isinstance(atom, str) and atom.isspace()


def _atoms(nodes: list[LatexNode]) -> list[LatexNode | str]:
    """Nodes with character runs split into single characters."""
    atoms: list[LatexNode | str] = []
    for node in nodes:
        if isinstance(node, LatexCharsNode):
            atoms.extend(node.chars)
        elif not isinstance(node, LatexCommentNode):
            atoms.append(node)
    return atoms


def _convert_atom(atom: LatexNode | str, before: list[_Piece]) -> list[_Piece]:
    """Convert one character or node."""
    if isinstance(atom, str):
        return [_Piece(atom)]
    if isinstance(atom, LatexGroupNode):
        inner = _join(_convert_list(atom.nodelist or []))
        previous = before[-1].text if before else ""
        # "max{0, z}" in the sources means max(0, z); a bare LaTeX group would hide the comma's
        if "," in inner and previous[-1:].isalpha():
            inner = f"({inner})"
        return [_Piece(inner, "group")]
    if isinstance(atom, LatexMathNode):
        return _convert_list(atom.nodelist or [])
    if isinstance(atom, LatexEnvironmentNode):
        return [_Piece(_environment(atom))]
    if isinstance(atom, LatexSpecialsNode):
        if atom.specials_chars == "&":
            return [_Piece(_CELL_BREAK)]
        return [_Piece(_l2t.node_to_text(atom))]
    if isinstance(atom, LatexMacroNode):
        return [_macro(atom)]
    return []


def _args(node: LatexMacroNode) -> list[LatexNode | None]:
    """The parsed arguments of a macro (None for an absent optional one)."""
    return list(node.nodeargd.argnlist) if node.nodeargd and node.nodeargd.argnlist else []


def _arg_text(arg: LatexNode | None) -> str:
    """Converted text of one macro argument."""
    if arg is None:
        return ""
    nodes = arg.nodelist if isinstance(arg, LatexGroupNode) else [arg]
    return _join(_convert_list(nodes or []))


def _macro(node: LatexMacroNode) -> _Piece:
    """Convert one macro, with the constructs pylatexenc renders poorly handled here."""
    name = node.macroname
    args = [a for a in _args(node) if a is not None]
    space = " " if node.macro_post_space else ""
    if name == "frac" or name in ("dfrac", "tfrac"):
        num, den = (_arg_text(a) for a in (args + [None, None])[:2])
        return _Piece(f"{_wrap(num)}/{_wrap(den)}", "frac")
    if name == "sqrt":
        raw = _args(node)
        index, body = (_arg_text(raw[0]) if raw else ""), _arg_text(args[-1] if args else None)
        root = {"": "√", "2": "√", "3": "∛", "4": "∜"}.get(index, _scriptify(index, True) + "√")
        return _Piece(root + (body if _is_simple(body) else f"({body})"))
    if name in _STYLE_MACROS:
        return _Piece(_arg_text(args[-1] if args else None) + space)
    if name in _SILENT_MACROS:
        return _Piece("")
    if name in _SPACING_MACROS:
        return _Piece(_SPACING_MACROS[name])
    if name == "\\":
        return _Piece(_ROW_BREAK)
    if name in ("|", "Vert", "lVert", "rVert"):
        return _Piece("‖" + space)
    if name in ("vert", "lvert", "rvert", "mid"):
        return _Piece("|" + space)
    if name in _FUNCTIONS:
        return _Piece(name, "function")
    if name in _BIG_OPERATORS:
        return _Piece(_l2t.node_to_text(node), "bigop")
    text = _l2t.node_to_text(node)
    if not text and not args:
        text = name  # an unknown macro: its name is more useful than nothing
    return _Piece(text + space)


def _environment(node: LatexEnvironmentNode) -> str:
    """A cases/matrix/aligned environment on one line: rows split by '; '."""
    body = _join(_convert_list(node.nodelist or []))
    rows = []
    for row in body.split(_ROW_BREAK):
        cells = [" ".join(cell.split()) for cell in row.split(_CELL_BREAK)]
        line = " ".join(c for c in cells if c).rstrip(",")
        if line:
            rows.append(line)
    opening, closing = _ENVIRONMENT_BRACKETS.get(node.environmentname, ("", ""))
    return opening + "; ".join(rows) + closing


def _join(pieces: list[_Piece]) -> str:
    """Concatenate pieces, adding the spaces that function names and fractions need."""
    out = ""
    for index, piece in enumerate(pieces):
        text = piece.text
        following = pieces[index + 1].text if index + 1 < len(pieces) else ""
        if piece.kind == "frac" and _needs_parentheses(pieces[index + 1 :]):
            text = f"({text})"
        if piece.kind == "function" and out[-1:].isalnum():
            text = " " + text
        out += text
        if piece.kind in ("function", "bigop", "spaced") and following[:1].isalnum():
            out += " "
    return out


def _needs_parentheses(following: list[_Piece]) -> bool:
    """True when a fraction runs into a following factor ("(1/n)∑", "(α/2) w")."""
    rest = "".join(p.text for p in following).lstrip()
    return bool(rest) and rest[0] not in _NO_WRAP_BEFORE


def _is_simple(text: str) -> bool:
    """True when text reads unambiguously next to a fraction bar or root sign."""
    return bool(text) and not re.search(r"[\s+\-−*/=,<>≤≥;]", text)


def _wrap(text: str) -> str:
    """Parenthesise a fraction's part unless it is a single term."""
    return text if _is_simple(text) else f"({text})"


def _scriptify(text: str, superscript: bool) -> str:
    """x^2 -> x², x_i -> xᵢ; without a Unicode form: x^(…), x_ab."""
    text = text.strip()
    if not text:
        return ""
    table = _SUPERSCRIPT if superscript else _SUBSCRIPT
    # a word such as "tanh" in tiny letters is harder to read than f_tanh
    wordy = sum(ch.isalpha() for ch in text) >= 3
    if not wordy and all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    mark = "^" if superscript else "_"
    if len(text) == 1 or (not superscript and text.isalnum()):
        return mark + text
    return f"{mark}({text})"


# ---------------------------------------------------------------- safety

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# No word boundary after the name: "@everyone0" pings on Discord too, and a cut can expose it.
_DISCORD_MENTION = re.compile(r"@(?=everyone|here)|<@(?=[!&]?\d)|<#(?=\d)", re.IGNORECASE)
_SLACK_BROADCAST = re.compile(r"@(?=channel|everyone|here)", re.IGNORECASE)


def clean_control(text: str) -> str:
    """Normalise newlines and drop control, bidi-override and lone-surrogate characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def _escape_slack(text: str) -> str:
    """Escape the three characters Slack reserves for its own markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def neutralise_mentions(text: str, target: Target) -> str:
    """Make text unable to ping anyone on the target (ZWJ on Discord, escaping on Slack)."""
    if target == "discord":
        return _DISCORD_MENTION.sub(lambda m: m.group(0) + ZWJ, text)
    if target == "slack":
        return _SLACK_BROADCAST.sub("@" + ZWJ, _escape_slack(text))
    return text


# ---------------------------------------------------------------- markdown -> target

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)[^`\n]*$")
_IMAGE_TABLE = re.compile(r"<table\b(?:(?!</table>).){0,20000}?<img\b.*?</table>", re.I | re.S)
_HTML_LINK = re.compile(r"<a\s[^>]*?href\s*=\s*[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", re.I | re.S)
_HTML_BREAK = re.compile(r"<br\s*/?>", re.I)
_HTML_TAG = re.compile(
    r"</?(?:a|b|i|u|em|strong|p|div|span|img|table|tr|td|th|tbody|thead|details|summary|sup|"
    r"sub|center|font|figure|figcaption|hr|ul|ol|li|h[1-6]|small|big|code|pre)\b[^<>]{0,2000}>",
    re.I,
)
_DISPLAY_MATH = re.compile(r"\$\$(.{1,5000}?)\$\$|\\\[(.{1,5000}?)\\\]", re.S)
_INLINE_MATH = re.compile(
    r"(?<![\\$])\$(?!\$)((?:[^$\n]|\n(?![ \t]*\n)){1,2000}?)\$(?!\d)|\\\(([^\n]{1,2000}?)\\\)"
)
_INLINE_CODE = re.compile(r"(`+)([^`\n]{1,2000}?)\1(?!`)")
_SENTINEL = re.compile(r"\x00(\d+)\x00")
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
        _render_code(b.body, b.language, target) if b.fence else _render_prose(b.body, target)
        for b in _blocks(text)
    ]
    out = "\n\n".join(p for p in parts if p.strip())
    if target == "slack":
        return _SLACK_BROADCAST.sub("@" + ZWJ, out)  # & < > were escaped piece by piece
    return neutralise_mentions(out, target)


@dataclass(frozen=True)
class _Block:
    """A run of prose (fence == "") or a fenced code block with its opening line."""

    fence: str
    body: str

    @property
    def language(self) -> str:
        """The info string's language tag."""
        match = _FENCE.match(self.fence)
        return match.group(2) if match else ""


def _blocks(text: str) -> list[_Block]:
    """Split markdown into prose and fenced code blocks; an unclosed fence runs to the end."""
    blocks: list[_Block] = []
    prose: list[str] = []
    code: list[str] | None = None
    fence = ""
    for line in text.split("\n"):
        if code is None:
            if _FENCE.match(line):
                blocks.append(_Block("", "\n".join(prose)))
                prose, code, fence = [], [], line.strip()
            else:
                prose.append(line)
        elif _closes(line, fence):
            blocks.append(_Block(fence, "\n".join(code)))
            code = None
        else:
            code.append(line)
    if code is not None:
        blocks.append(_Block(fence, "\n".join(code)))
    blocks.append(_Block("", "\n".join(prose)))
    return [b for b in blocks if b.fence or b.body.strip()]


def _fence_marker(fence: str) -> str:
    """The run of backticks or tildes that opens a fence line."""
    match = re.match(r"`+|~+", fence.strip())
    return match.group(0) if match else "```"


def _closes(line: str, fence: str) -> bool:
    """True when line closes the code block opened by fence."""
    marker = _fence_marker(fence)
    stripped = line.strip()
    return stripped.startswith(marker) and not stripped.strip(marker[0])


def _render_code(body: str, lang: str, target: Target) -> str:
    """A code block in the target's form: fenced (Discord, Slack) or indented (terminal)."""
    body = body.replace("```", "`\u200b``")  # Discord ends a block at ``` anywhere
    if target == "discord":
        return f"```{lang}\n{body}\n```"
    if target == "slack":
        return f"```\n{_escape_slack(body)}\n```"
    return "\n".join("    " + line if line.strip() else "" for line in body.split("\n"))


def _render_prose(text: str, target: Target) -> str:
    """Prose: HTML dropped, math and inline code protected, then line and inline markup."""
    text = _strip_html(text)
    literals: list[str] = []

    def protect(rendered: str) -> str:
        literals.append(rendered)
        return f"\x00{len(literals) - 1}\x00"

    text = _INLINE_CODE.sub(lambda m: protect(_render_inline_code(m.group(2), target)), text)
    text = _DISPLAY_MATH.sub(lambda m: "\n" + protect(_render_math(_first(m), target)) + "\n", text)
    text = _INLINE_MATH.sub(lambda m: protect(_render_math(_first(m), target)), text)
    lines = [_render_line(line, target) for line in text.split("\n")]
    rendered = "\n".join(lines)
    for _ in range(2):  # a literal may sit inside another literal's text only once deep
        rendered = _SENTINEL.sub(lambda m: literals[int(m.group(1))], rendered)
    return _squeeze(rendered)


def _first(match: re.Match[str]) -> str:
    """The first group that took part in the match."""
    return next(group for group in match.groups() if group is not None)


def _strip_html(text: str) -> str:
    """Drop figure tables and HTML tags, keeping link targets and tag text."""
    text = _IMAGE_TABLE.sub("", text)
    text = _HTML_LINK.sub(lambda m: f"[{' '.join(m.group(2).split())}]({m.group(1)})", text)
    text = _HTML_BREAK.sub("\n", text)
    return _HTML_TAG.sub("", text)


def _render_inline_code(code: str, target: Target) -> str:
    """An inline code span."""
    if target == "slack":
        return f"`{_escape_slack(code)}`"
    if target == "text":
        return code
    return f"`{code}`"


def _render_math(latex: str, target: Target) -> str:
    """LaTeX as Unicode, escaped so the target does not read it as markup."""
    text = latex_to_unicode(latex)
    if target == "discord":
        return re.sub(r"([\\*_~`]|\|(?=\|))", r"\\\1", text)
    if target == "slack":
        return _escape_slack(text)
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
    leaf: Callable[[str], str] = _escape_slack if target == "slack" else (lambda s: s)
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
        return _escape_slack(label) if target == "slack" else label
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
        safe_url = _escape_slack(url).replace("|", "%7C")
        return f"<{safe_url}|{_escape_slack(label)}>"
    if target == "text":
        return url if label == url else f"{label} ({url})"
    return f"[{label}]({url})"


def _squeeze(text: str) -> str:
    """Trim trailing spaces and collapse runs of blank lines."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


# ---------------------------------------------------------------- splitting

MIN_SPLIT_LIMIT = 20
_FENCE_START = ("```", "~~~")
# a line inside a code block that some renderers (Discord) would take for its end
_FENCE_LIKE_LINE = re.compile(r"^( {0,3}[`~])(?=``|~~)", re.MULTILINE)


@dataclass(frozen=True)
class _Part:
    """A piece of a message that fits the limit, and the whitespace that preceded it."""

    text: str
    separator: str


def split_message(text: str, limit: int) -> list[str]:
    """Chunks of at most limit characters, cut at paragraphs, lines, then words; fences closed."""
    if limit < MIN_SPLIT_LIMIT:
        raise ValueError(f"limit must be at least {MIN_SPLIT_LIMIT}, got {limit}")
    blocks = _blocks(text)
    if len(text) <= limit and not any(block.fence for block in blocks):
        return [text] if text.strip() else []
    parts: list[_Part] = []
    for block in blocks:
        if block.fence:
            parts += _code_parts(block, limit)
        else:
            parts += _prose_parts(block.body, limit)
    return _pack(parts, limit)


def _pack(parts: list[_Part], limit: int) -> list[str]:
    """Greedily fill chunks with consecutive parts."""
    chunks: list[str] = []
    current = ""
    for part in parts:
        joined = current + part.separator + part.text if current else part.text
        if len(joined) <= limit:
            current = joined
        else:
            chunks.append(current)
            current = part.text
    chunks.append(current)
    return [chunk.strip("\n") for chunk in chunks if chunk.strip()]


def _prose_parts(prose: str, limit: int) -> list[_Part]:
    """Paragraphs, or lines, words and finally slices of a paragraph too long for one chunk."""
    parts: list[_Part] = []
    for paragraph in re.split(r"\n[ \t]*\n", prose.strip("\n")):
        if len(paragraph) <= limit:
            parts.append(_Part(paragraph, "\n\n"))
            continue
        for index, line in enumerate(paragraph.split("\n")):
            separator = "\n\n" if index == 0 else "\n"
            parts += _line_parts(line, limit, separator)
    if parts:
        parts[0] = _Part(parts[0].text, "\n")
    return parts


def _line_parts(line: str, limit: int, separator: str) -> list[_Part]:
    """A line as one part, or cut at spaces, slicing words longer than the limit."""
    if len(line) <= limit:
        return [_Part(line, separator)]
    # "```x`" is prose only while its last backtick stays on the line; a cut would open a fence
    line = _FENCE_LIKE_LINE.sub("\\1\u200b", line)
    parts: list[_Part] = []
    for word in _words(line):
        for index, piece in enumerate(_slices(word, limit)):
            parts.append(_Part(piece, (separator if not parts else " ") if index == 0 else ""))
    return parts


def _words(line: str) -> list[str]:
    """Space-separated words, never starting one with a fence marker (it would open a block)."""
    words: list[str] = []
    for word in line.split(" "):
        if words and (word.startswith(_FENCE_START) or not word):
            words[-1] += " " + word
        else:
            words.append(word)
    return words


def _slices(text: str, size: int) -> list[str]:
    """Consecutive slices of at most size characters, none starting with a fence marker."""
    slices: list[str] = []
    while len(text) > size:
        cut = size
        while cut > 1 and text[cut:].lstrip(" ").startswith(_FENCE_START):
            cut -= 1
        if cut == 1:  # nothing but fence characters: defuse the rest with a zero-width space
            cut, text = size, text[:size] + "\u200b" + text[size:]
        slices.append(text[:cut])
        text = text[cut:]
    return slices + [text]


def _code_parts(block: _Block, limit: int) -> list[_Part]:
    """A fenced block whole, or several closed and reopened fences holding its lines."""
    opener, closer = block.fence, _fence_marker(block.fence)
    body = _FENCE_LIKE_LINE.sub("\\1\u200b", block.body)
    if limit - len(opener) - len(closer) - 2 < MIN_SPLIT_LIMIT // 4:
        # an absurdly long fence line: keep it, defused, as the first code line instead
        body = _FENCE_LIKE_LINE.sub("\\1\u200b", opener) + "\n" + body
        opener = closer = "```"
    whole = f"{opener}\n{body}\n{closer}"
    if len(whole) <= limit:
        return [_Part(whole, "\n")]
    budget = limit - len(opener) - len(closer) - 2
    groups: list[str] = []
    for line in body.split("\n"):
        for piece in _slices(line, budget):
            if groups and len(groups[-1]) + 1 + len(piece) <= budget:
                groups[-1] += "\n" + piece
            else:
                groups.append(piece)
    return [_Part(f"{opener}\n{group}\n{closer}", "\n") for group in groups]
