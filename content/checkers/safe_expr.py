"""A safe expression reader: `ast` parse, a whitelist walk, NumPy closures; never eval."""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from content.checkers.text import normalise

MAX_CHARS = 400
MAX_NODES = 200
MAX_POWER_DEPTH = 3
MAX_CONSTANT_EXPONENT = 1000.0

Values = Mapping[str, np.ndarray]
Closure = Callable[[Values], "np.ndarray | float"]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


FUNCTIONS: dict[str, tuple[int, Callable[..., np.ndarray]]] = {
    "exp": (1, np.exp),
    "log": (1, np.log),
    "ln": (1, np.log),
    "log2": (1, np.log2),
    "log10": (1, np.log10),
    "sqrt": (1, np.sqrt),
    "sin": (1, np.sin),
    "cos": (1, np.cos),
    "tan": (1, np.tan),
    "sinh": (1, np.sinh),
    "cosh": (1, np.cosh),
    "tanh": (1, np.tanh),
    "sigmoid": (1, _sigmoid),
    "sigma": (1, _sigmoid),
    "σ": (1, _sigmoid),
    "relu": (1, lambda x: np.maximum(x, 0.0)),
    "abs": (1, np.abs),
    "sign": (1, np.sign),
    "sgn": (1, np.sign),
    "floor": (1, np.floor),
    "ceil": (1, np.ceil),
    "max": (2, np.maximum),
    "min": (2, np.minimum),
}
CONSTANTS = {"e": float(np.e), "pi": float(np.pi), "π": float(np.pi)}
_BINARY: dict[type, Callable[..., np.ndarray]] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.divide,
    ast.Pow: np.power,
}


class ExprError(ValueError):
    """The text is not an expression this reader accepts."""


@dataclass(frozen=True)
class Compiled:
    """A checked expression: its canonical text and a NumPy evaluator."""

    text: str
    closure: Closure

    def evaluate(self, values: Values) -> np.ndarray:
        """The expression at every point (all arrays in `values` have the same length)."""
        size = len(next(iter(values.values()))) if values else 1
        return np.broadcast_to(np.asarray(self.closure(values), dtype=float), (size,))


_LATEX = [
    (re.compile(r"\^\s*\{([^{}]*)\}"), r"^(\1)"),
    (re.compile(r"\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}"), r"((\1)/(\2))"),
    (re.compile(r"\\lfloor"), "⌊"),
    (re.compile(r"\\rfloor"), "⌋"),
    (re.compile(r"⌊([^⌊⌋]*)⌋"), r"floor(\1)"),
    (re.compile(r"⌈([^⌈⌉]*)⌉"), r"ceil(\1)"),
    (re.compile(r"\\(?:left|right)\b"), ""),
    (re.compile(r"\\(?:cdot|times)\b"), "*"),
    (
        re.compile(
            r"\\(sigma|exp|ln|log|sqrt|tanh|sin|cos|max|min|pi|theta|alpha|eta|beta|lambda|mu"
            r"|Omega|omega|epsilon|sign)\b"
        ),
        r"\1",
    ),
]
_ASSIGN = re.compile(r"<-|←|:=|==")
_LEAD_IN = re.compile(r"^.*\b(?:is|equals|gives|returns?)\b", re.IGNORECASE)
_TRAILER = re.compile(
    r"(?:,\s*|\s+)(?:where|with|for|so|i\.e\.|which|applied|since|because)\b.*$|;.*$",
    re.IGNORECASE | re.DOTALL,
)
"""Words after the formula ("…, where σ is the sigmoid") explain it; they are not part of it."""
_ROOT = re.compile(r"√\s*([\w.]+)")
_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)|(?P<name>[^\W\d]\w*)|(?P<op>\*\*|[-+*/(),])|(?P<bad>\S))"
)


def _right_side(text: str) -> str:
    text = _ASSIGN.sub("=", text)
    text = text.rsplit("=", 1)[-1].strip().rstrip(":")  # "… one line with SciPy:" then code
    if ":" in text:
        text = text.rsplit(":", 1)[-1]
    return _TRAILER.sub("", text).strip().rstrip(".;!,").strip()


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "bad":
            raise ExprError(f"unexpected character {match.group('bad')!r}")
        if kind is not None:
            tokens.append((kind, match.group(kind)))
    return tokens


_FUNCTION_OF_NUMBER = re.compile(r"([^\W\d]+)(\d+)")


def _split_name(name: str, names: Mapping[str, str]) -> list[tuple[str, str]]:
    """ "xy" is x*y when both are variables and "xy" itself is not a name; "ln2" is ln 2."""
    if name in names or name in FUNCTIONS or name in CONSTANTS:
        return [("name", name)]
    if all(c in names or c in CONSTANTS for c in name):
        return [("name", c) for c in name]
    glued = _FUNCTION_OF_NUMBER.fullmatch(name)
    if glued and glued.group(1) in FUNCTIONS:
        return [("name", glued.group(1)), ("num", glued.group(2))]
    return [("name", name)]


def _bare_arguments(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """ "ln 2" and "sin x" as people write them: a function before a lone operand calls it."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if (
            kind == "name"
            and value in FUNCTIONS
            and FUNCTIONS[value][0] == 1
            and following is not None
            and following[0] in ("num", "name")
            and following[1] not in FUNCTIONS
        ):
            out += [(kind, value), ("op", "("), following, ("op", ")")]
            i += 2
            continue
        out.append((kind, value))
        i += 1
    return out


def _implicit_products(tokens: list[tuple[str, str]], names: Mapping[str, str]) -> str:
    out: list[str] = []
    previous = ("op", "(")
    expanded: list[tuple[str, str]] = []
    for kind, value in tokens:
        if kind == "name":
            expanded += _split_name(value, names)
        else:
            expanded.append((kind, value))
    for kind, value in _bare_arguments(expanded):
        p_kind, p_value = previous
        ends_operand = (
            p_kind == "num" or p_value == ")" or (p_kind == "name" and p_value not in FUNCTIONS)
        )
        starts_operand = kind in ("num", "name") or value == "("
        if ends_operand and starts_operand:
            out.append("*")
        out.append(value)
        previous = (kind, value)
    return " ".join(out)


_NOTATION = [
    (re.compile(r"\\(?:text|operatorname|mathrm)\s*\{([^{}]*)\}"), r"\1"),
    # ∇_w J(w; X, y), ∇J: the gradient of a named function is one name, "gradJ"
    (
        re.compile(
            r"(?:∇|\\nabla)\s*(?:_\s*\{?\s*\w+\s*\}?)?\s*\{?\s*([^\W\d]\w*)\s*\}?(?:\s*\([^()]*\))?"
        ),
        r" grad\1",
    ),
    # wᵀw, w^T w, w.T @ w: with scalar stand-ins a vector's square
    (re.compile(r"([^\W\d]\w*)\s*(?:ᵀ|\^\s*\{?\s*T\s*\}?|\.T\b)\s*[@*]?\s*\1\b"), r"(\1*\1)"),
    # ‖w‖₂, ‖w‖_1: a norm of a scalar stand-in is its absolute value
    (re.compile(r"‖\s*([^‖]+?)\s*‖\s*(?:_\s*\{?\s*[12]\s*\}?|[₁₂])?"), r" abs(\1)"),
    (re.compile(r"\|\s*([^|]+?)\s*\|"), r" abs(\1)"),
    # ∑ᵢ wᵢ²: a sum over the one stand-in term, and its index subscripts
    (
        re.compile(
            r"(?:\\sum|∑|Σ)\s*(?:_\s*\{?\s*[ij](?:\s*=\s*1)?\s*\}?|[ᵢⱼ])?(?:\^\s*\{?\s*\w\s*\}?)?"
        ),
        "",
    ),
    (re.compile(r"(?<=[^\W\d_])(?:_\s*\{?\s*[ij]\s*\}?|[ᵢⱼ])(?!\w)"), ""),
]
"""Vector notation a formula answer uses, read with scalar stand-ins for the vectors: the
checker evaluates at scalar points, which tells α·sign(w) from αw and wᵀw/2 from wᵀw."""


def prepare(reply: str, names: Mapping[str, str]) -> str:
    """The formula part of a reply with chat and LaTeX spellings turned into Python operators."""
    text = reply.replace("||", "‖")  # before normalise, which reads || as a spoiler mark
    if len(text) > MAX_CHARS:
        raise ExprError("it is too long")
    text = normalise(text)
    for pattern, replacement in _NOTATION:
        text = pattern.sub(replacement, text)
    for pattern, replacement in _LATEX:
        text = pattern.sub(replacement, text)
    text = text.replace("{", "(").replace("}", ")").replace("[", "(").replace("]", ")")
    text = text.replace("^", "**").replace("$", " ")
    text = _ROOT.sub(r"sqrt(\1)", text.replace("√(", "sqrt("))
    return _right_side(text)


def read_expr(reply: str, names: Mapping[str, str]) -> Compiled:
    """Read a chat-written formula, also after dropping a lead-in like "the derivative is"."""
    text = prepare(reply, names)
    try:
        return compile_expr(_implicit_products(_tokens(text), names), names)
    except ExprError:
        stripped = _LEAD_IN.sub("", text)
        if stripped == text:
            raise
        return compile_expr(_implicit_products(_tokens(stripped), names), names)


def _finite_constant(value: object) -> float:
    """A literal as a float; `1e999` or a 400-digit integer is refused, not overflowed."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ExprError("only numbers are allowed as constants")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ExprError("a number is too large")
    return number


class _Builder:
    """Turns a whitelisted AST into NumPy closures, refusing everything else."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = names
        self.power_depth = 0

    def build(self, node: ast.AST) -> tuple[Closure, ast.expr]:
        if isinstance(node, ast.Expression):
            return self.build(node.body)
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            inner, tree = self.build(node.operand)
            if isinstance(node.op, ast.UAdd):
                return inner, tree
            return (lambda values: np.negative(inner(values))), ast.UnaryOp(ast.USub(), tree)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return self._binary(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        raise ExprError(f"{type(node).__name__.lower()} is not allowed")

    def _constant(self, node: ast.Constant) -> tuple[Closure, ast.expr]:
        number = _finite_constant(node.value)
        return (lambda values: number), ast.Constant(
            number if number != int(number) else int(number)
        )

    def _name(self, node: ast.Name) -> tuple[Closure, ast.expr]:
        if node.id in self.names:
            variable = self.names[node.id]
            return (lambda values: values[variable]), ast.Name(variable)
        if node.id in CONSTANTS:
            constant = CONSTANTS[node.id]
            return (lambda values: constant), ast.Name(node.id)
        raise ExprError(f"unknown name {node.id[:20]!r}")

    def _binary(self, node: ast.BinOp) -> tuple[Closure, ast.expr]:
        is_power = isinstance(node.op, ast.Pow)
        if is_power:
            self.power_depth += 1
            if self.power_depth > MAX_POWER_DEPTH:
                raise ExprError("powers are nested too deeply")
            exponent = node.right
            if (
                isinstance(exponent, ast.Constant)
                and abs(_finite_constant(exponent.value)) > MAX_CONSTANT_EXPONENT
            ):
                raise ExprError("an exponent is too large")
        left, left_tree = self.build(node.left)
        right, right_tree = self.build(node.right)
        if is_power:
            self.power_depth -= 1
        operation = _BINARY[type(node.op)]
        return (lambda values: operation(left(values), right(values))), ast.BinOp(
            left_tree, node.op, right_tree
        )

    def _call(self, node: ast.Call) -> tuple[Closure, ast.expr]:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or node.keywords:
            raise ExprError("only the listed functions may be called")
        arity, function = FUNCTIONS[node.func.id]
        if len(node.args) != arity:
            raise ExprError(f"{node.func.id} takes {arity} argument(s)")
        built = [self.build(arg) for arg in node.args]
        closures = [closure for closure, _ in built]
        tree = ast.Call(ast.Name(node.func.id), [t for _, t in built], [])
        if arity == 1:
            only = closures[0]
            return (lambda values: function(only(values))), tree
        first, second = closures
        return (lambda values: function(first(values), second(values))), tree


def compile_expr(source: str, names: Mapping[str, str]) -> Compiled:
    """Check the Python-syntax expression against the whitelist and compile it."""
    if not source.strip():
        raise ExprError("it is empty")
    if len(source) > MAX_CHARS * 2:
        raise ExprError("it is too long")
    try:
        tree = ast.parse(source, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise ExprError("it is not a well-formed expression") from None
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise ExprError("it is too long")
    try:
        closure, canonical = _Builder(names).build(tree)
    except RecursionError:
        raise ExprError("it is nested too deeply") from None
    text = ast.unparse(ast.fix_missing_locations(canonical))
    return Compiled(text if len(text) <= 120 else text[:117] + "...", closure)
