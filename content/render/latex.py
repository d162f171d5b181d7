"""LaTeX math as readable Unicode (σ(x), 1/(1+e⁻ᶻ), ∑ᵢ xᵢ, ‖x‖², ℝⁿ), for every platform."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    text = re.sub(r"\|\|([^|\n]{1,200}?)\|\|", r"‖\1‖", text)  # ||w|| is the norm ‖w‖
    return re.sub(r"[ \t]{2,}", " ", text).strip()


_UNICODE_SUBSCRIPTS = "".join(_SUBSCRIPT.values())
_SUBSCRIPT_RUN = re.compile(f"[{re.escape(_UNICODE_SUBSCRIPTS)}]+")
_PLAIN_SUBSCRIPT = re.compile(r"(?<=[^\W_])_\(?[^\W_]")
_FROM_SUBSCRIPT = {tiny: plain for plain, tiny in _SUBSCRIPT.items()}


def harmonise_subscripts(texts: list[str]) -> list[str]:
    """The same subscript style across texts shown together: when one subscript has no Unicode
    form (W_hy), the others are written the same way (W_hh, not Wₕₕ)."""
    if not any(_PLAIN_SUBSCRIPT.search(t) for t in texts):
        return texts
    if not any(_SUBSCRIPT_RUN.search(t) for t in texts):
        return texts

    def plain(match: re.Match[str]) -> str:
        run = "".join(_FROM_SUBSCRIPT[ch] for ch in match.group())
        return "_" + run if run.isalnum() else f"_({run})"

    return [_SUBSCRIPT_RUN.sub(plain, t) for t in texts]


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
    return f"{mark}({_unwrapped(text)})"


def _unwrapped(text: str) -> str:
    """Text without the parentheses that enclose all of it: A_{(i,j)} reads A_(i,j), not
    A_(((i,j)))."""
    while text.startswith("(") and text.endswith(")") and _encloses(text):
        text = text[1:-1].strip()
    return text


def _encloses(text: str) -> bool:
    """True when the opening parenthesis at the start closes at the very end."""
    depth = 0
    for index, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return index == len(text) - 1
    return False
