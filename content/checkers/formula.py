"""The formula checker: the person's expression, evaluated at random points against the reference.

Spec fields:
  expr       (required) the reference expression in the same safe syntax replies use.
  variables  (required) the variable names a reply may use, e.g. ["x"] or ["n", "f", "s", "p"].
  domain     [low, high] for every variable, or {name: [low, high]} (default [-3, 3]).
  integer    names of variables sampled as integers (e.g. sizes and strides).
  aliases    {variable: [other names]}, e.g. {"lr": ["eta", "η", "alpha"]}.
  partial    [{expr, hint}]: forms that are partly right (e.g. the conv formula without floor).
  definitions {name: expr}: names for expressions in the variables that a reply may use, as our
             answers do: {s: "1/(1 + 2**(-1.5*x))"} reads "1.5 ln2 s(1-s)"; "s(x)" is s too.
  applied    names written with their arguments, which are dropped: [J, gradJ] reads
             "J(w; X, y)" and "∇_w J(w)" (read as gradJ) as the variables J and gradJ.
  alternatives [expr]: other conventions that are just as right (λ‖w‖² beside (α/2)‖w‖²).
Vector notation (‖w‖, wᵀw, ∑ᵢ|wᵢ|, ∇J) is read with scalar stand-ins: see safe_expr._NOTATION.
Replies may write "f(x) = ...", "^" for powers, implicit products ("2x", "(a)(b)"), σ for sigmoid.
The reply is parsed with `ast` and only whitelisted nodes are turned into NumPy closures: no eval.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from content.checkers import verdict as v
from content.checkers.safe_expr import Compiled, ExprError, read_expr
from content.checkers.specs import aliases, only_keys, real, required, text_list

KIND = "formula"
POINTS = 48
FORM = (
    "Reply with an expression in the variables {names}, using + - * / ^ and"
    " exp, log, sqrt, tanh, sigmoid, max, floor."
)


@dataclass(frozen=True)
class FormulaSpec:
    expr: str
    variables: tuple[str, ...]
    domain: tuple[tuple[float, float], ...]
    integer: frozenset[str]
    names: tuple[tuple[str, str], ...]
    """Every accepted name of a variable, paired with the variable."""
    partial: tuple[tuple[str, str], ...]
    definitions: tuple[tuple[str, str], ...] = ()
    applied: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()


def _domain(spec: Mapping[str, Any], variables: tuple[str, ...]) -> tuple[tuple[float, float], ...]:
    raw = spec.get("domain", [-3, 3])
    ranges = raw if isinstance(raw, Mapping) else {name: raw for name in variables}
    result = []
    for name in variables:
        bounds = ranges.get(name)
        if not isinstance(bounds, list | tuple) or len(bounds) != 2:
            raise ValueError(f"{KIND} checker: domain of {name!r} must be [low, high]")
        low, high = (real(KIND, "domain", b) for b in bounds)
        if not low < high:
            raise ValueError(f"{KIND} checker: domain of {name!r} is empty")
        result.append((low, high))
    return tuple(result)


def parse_spec(spec: Mapping[str, Any]) -> FormulaSpec:
    """Validate a formula spec, including that the reference and partial forms compile."""
    only_keys(
        KIND,
        spec,
        {
            "expr",
            "variables",
            "domain",
            "integer",
            "aliases",
            "partial",
            "definitions",
            "applied",
            "alternatives",
        },
    )
    variables = text_list(KIND, "variables", required(KIND, spec, "variables"))
    extra = aliases(KIND, spec.get("aliases"), set(variables))
    definitions = _definitions(
        spec.get("definitions"),
        variables,
        dict((n, var) for var in variables for n in (var, *extra.get(var, ()))),
    )
    names = tuple((n, var) for var in variables for n in (var, *extra.get(var, ()))) + tuple(
        (name, name) for name, _ in definitions
    )
    integer = frozenset(text_list(KIND, "integer", spec.get("integer", []), allow_empty=True))
    if not integer <= set(variables):
        raise ValueError(f"{KIND} checker: 'integer' names unknown variables")
    partial = []
    for entry in spec.get("partial", []):
        if not isinstance(entry, Mapping) or "expr" not in entry or "hint" not in entry:
            raise ValueError(f"{KIND} checker: each 'partial' entry needs expr and hint")
        partial.append((str(entry["expr"]), str(entry["hint"])))
    parsed = FormulaSpec(
        str(required(KIND, spec, "expr")),
        variables,
        _domain(spec, variables),
        integer,
        names,
        tuple(partial),
        definitions,
        text_list(KIND, "applied", spec.get("applied", []), allow_empty=True),
        text_list(KIND, "alternatives", spec.get("alternatives", []), allow_empty=True),
    )
    for expr in (parsed.expr, *(p for p, _ in parsed.partial), *parsed.alternatives):
        try:
            _reference(expr, parsed.names)
        except ExprError as error:
            raise ValueError(f"{KIND} checker: {expr!r} does not parse: {error}") from None
    return parsed


def _definitions(
    raw: Any, variables: tuple[str, ...], names: Mapping[str, str]
) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        raise ValueError(f"{KIND} checker: 'definitions' must be a mapping of name -> expr")
    result = []
    for name, expr in raw.items():
        if not str(name).isidentifier() or str(name) in names:
            raise ValueError(f"{KIND} checker: definition name {name!r} is not a new name")
        try:
            _reference(str(expr), tuple(names.items()))
        except ExprError as error:
            problem = f"{KIND} checker: definition of {name!r} does not parse: {error}"
            raise ValueError(problem) from None
        result.append((str(name), str(expr)))
    return tuple(result)


def _called(reply: str, spec: FormulaSpec) -> str:
    """ "s(x)" for a defined s is s itself, not s times x."""
    spelled = "|".join(re.escape(n) for n, _ in sorted(spec.names, key=lambda p: -len(p[0])))
    arguments = rf"\(\s*(?:{spelled})(?:\s*[,;|]\s*(?:{spelled}))*\s*\)"
    for name, _ in spec.definitions:  # pdf(x, mu, sigma), N(x; μ, σ), scipy.stats.norm.pdf(…)
        reply = re.sub(rf"[\w.]*\.(?={re.escape(name)}\b)", "", reply)
        reply = re.sub(rf"\b{re.escape(name)}\s*{arguments}", name, reply)
    for name in spec.applied:
        # ASCII-only lookbehind: "αΩ(θ)" is α times Ω, "xJ(" is not J
        reply = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(name)}\s*\([^()]*\)", name, reply)
    return reply


def expected(spec: FormulaSpec) -> str:
    """The reference as a short string."""
    return spec.expr


@lru_cache(maxsize=256)
def _reference(expr: str, names: tuple[tuple[str, str], ...]) -> Compiled:
    return read_expr(expr, dict(names))


@lru_cache(maxsize=64)
def _points(spec: FormulaSpec) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(20240601)
    points = {}
    for name, (low, high) in zip(spec.variables, spec.domain, strict=True):
        if name in spec.integer:
            points[name] = rng.integers(math.ceil(low), math.floor(high) + 1, POINTS).astype(float)
        else:
            points[name] = rng.uniform(low, high, POINTS)
    variables_only = tuple(pair for pair in spec.names if pair[1] in spec.variables)
    with np.errstate(all="ignore"):
        for name, expr in spec.definitions:
            points[name] = _reference(expr, variables_only).evaluate(points)
    return points


@lru_cache(maxsize=256)
def _expected_values(spec: FormulaSpec, expr: str) -> np.ndarray:
    with np.errstate(all="ignore"):
        return _reference(expr, spec.names).evaluate(_points(spec))


def _agrees(a: np.ndarray, b: np.ndarray) -> bool:
    finite = np.isfinite(a) & np.isfinite(b)
    if np.count_nonzero(finite) < POINTS // 2:
        return False
    same_special = (np.isnan(a) & np.isnan(b)) | (np.isinf(a) & (a == b))
    close = np.isclose(a, b, rtol=1e-6, atol=1e-9) & finite
    return bool(np.all(close | same_special))


def check(spec: FormulaSpec, reply: str) -> v.Verdict:
    """Parse the reply safely, evaluate it and the reference at the same points, compare."""
    form = FORM.format(names=", ".join(spec.variables))
    mapping = dict(spec.names)
    try:
        compiled = read_expr(_called(reply, spec), mapping)
    except ExprError as error:
        return v.unparseable(f"I could not read your formula ({error}).", form)
    points = _points(spec)
    with np.errstate(all="ignore"):
        theirs = compiled.evaluate(points)
        if any(
            _agrees(theirs, _expected_values(spec, expr))
            for expr in (spec.expr, *spec.alternatives)
        ):
            return v.correct(compiled.text)
        for expr, hint in spec.partial:
            if _agrees(theirs, _expected_values(spec, expr)):
                return v.partial(compiled.text, 0.5, hint)
    return v.incorrect(compiled.text)
