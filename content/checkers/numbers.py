"""Finding the numbers a person wrote in a sentence: 4, 0.83, 83%, 1/3, 3e-4, 1,024, √102, 2^10."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_MANTISSA_GROUPED = r"\d{1,3}(?:,\d{3})+(?!,?\d)(?:\.\d+)?"
_MANTISSA = r"\d+(?:\.\d*)?|\.\d+"
_EXPONENT = (
    r"(?:[eE](?P<e>[-+]?\d+)(?![\w.])"
    r"|\s*[x*]\s*10\s*(?:\^|\*\*)\s*\(?\s*(?P<ten>[-+]?\d+)\s*\)?)"
)
_POWER = r"(?:\s*(?:\^|\*\*)\s*\(?\s*(?P<pow>[-+]?\d+)\s*\)?)"
_DENOMINATOR = r"(?:\s*/\s*(?P<den>\d+(?:\.\d+)?))"


def _pattern(mantissa: str) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w.])(?:(?<![\w.)])(?P<sign>[-+]))?\s?"
        r"(?:(?P<root>√|sqrt)\s*(?P<ropen>\()?\s*(?P<rad>" + _MANTISSA + r")\s*\)?"
        r"|(?P<num>" + mantissa + r")" + _EXPONENT + r"?" + _POWER + r"?" + _DENOMINATOR + r"?)"
        r"(?P<pct>\s*%)?"
    )


_WITH_GROUPING = _pattern(_MANTISSA_GROUPED + "|" + _MANTISSA)
_PLAIN = _pattern(_MANTISSA)
_DECIMAL_COMMA = re.compile(r"(?<![\w.,])0,(\d+)(?![,\d])")
_NOTE = re.compile(r"\([^()]{0,300}?[A-Za-z]{2}[^()]{0,300}?\)")
_NEGATION = re.compile(r"(?:\bnot|n't|\bnor|\binstead of|\brather than)\s*$", re.IGNORECASE)
_MARKER = re.compile(
    r"=|≈|≃|~|→|->|:|\b(?:is|are|equals?|gives?|get|got|answer|result|be|to)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Number:
    """One number found in a reply, with the precision it was written to."""

    value: float
    start: int
    end: int
    quantum: float | None
    """Place value of the last written digit (0.01 for "0.83"); None for exact forms like 1/3."""
    significant: int
    percent: bool = False
    in_note: bool = False

    def shown(self) -> str:
        """The number as the checker understood it, for messages."""
        if self.percent:
            return f"{format_number(self.value * 100)}%"
        return format_number(self.value)


def format_number(value: float) -> str:
    """A short, stable rendering of a float (∞ for a number beyond float range)."""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def _significant_digits(mantissa: str) -> int:
    digits = mantissa.replace(",", "").replace(".", "").lstrip("0")
    return max(len(digits), 1)


def _decimals(mantissa: str) -> int:
    return len(mantissa.split(".", 1)[1]) if "." in mantissa else 0


_HUGE_EXPONENT = 10_000
"""Past this, 10**exponent is 0 or infinite for a float anyway; capping it keeps int() and
float powers from overflowing (and int() from refusing strings of over 4,300 digits)."""


def _exponent(digits: str) -> int:
    """A signed exponent as written, clamped to ±_HUGE_EXPONENT."""
    sign = -1 if digits.startswith("-") else 1
    magnitude = digits.lstrip("+-").lstrip("0") or "0"
    if len(magnitude) > len(str(_HUGE_EXPONENT)):
        return sign * _HUGE_EXPONENT
    return sign * min(int(magnitude), _HUGE_EXPONENT)


def _scaled(value: float, exponent: int) -> float:
    """value · 10^exponent without OverflowError: beyond float range it is ±inf or 0."""
    if value == 0:
        return 0.0
    magnitude = math.log10(abs(value)) + exponent
    if magnitude > 308.5:
        return math.copysign(math.inf, value)
    if magnitude < -330:
        return math.copysign(0.0, value)
    return value * 10.0**exponent if abs(exponent) <= 300 else float(f"{value!r}e{exponent}")


def _power(value: float, exponent: int) -> float | None:
    """value ** exponent without OverflowError; None when undefined (0 to a negative power)."""
    if value == 0:
        return None if exponent < 0 else (1.0 if exponent == 0 else 0.0)
    if math.log10(abs(value)) * exponent > 308.5:
        return math.inf
    if math.log10(abs(value)) * exponent < -330:
        return 0.0
    return value**exponent


def _from_match(match: re.Match[str]) -> Number | None:
    """The number a match denotes; a number past float range is read as ±inf, never raised."""
    sign = -1.0 if match.group("sign") == "-" else 1.0
    percent = match.group("pct") is not None
    scale = 0.01 if percent else 1.0
    if match.group("root") is not None:
        value = math.sqrt(float(match.group("rad")))
        return Number(sign * value * scale, match.start(), match.end(), None, 6, percent)
    mantissa = match.group("num")
    value = float(mantissa.replace(",", ""))
    quantum: float | None = 10.0 ** -_decimals(mantissa) if math.isfinite(value) else None
    written = match.group("e") or match.group("ten")
    if written is not None:
        exponent = _exponent(written)
        value = _scaled(value, exponent)
        quantum = _scaled(quantum, exponent) if quantum else None
    if match.group("pow") is not None:
        powered = _power(value, _exponent(match.group("pow")))
        if powered is None:
            return None
        value, quantum = powered, None
    if match.group("den") is not None:
        denominator = float(match.group("den"))
        if denominator == 0 or math.isinf(denominator) and math.isinf(value):
            return None
        value /= denominator
        quantum = None
    value = sign * value * scale
    if math.isnan(value):
        return None
    quantum = quantum * scale if quantum is not None and math.isfinite(value) else None
    return Number(
        value, match.start(), match.end(), quantum, _significant_digits(mantissa), percent
    )


def find_numbers(text: str, grouping: bool = True) -> list[Number]:
    """Every number in the (normalised) text, in order; `grouping` reads "1,024" as one number."""
    if grouping:
        text = _DECIMAL_COMMA.sub(r"0.\1", text)
    pattern = _WITH_GROUPING if grouping else _PLAIN
    notes = [(m.start(), m.end()) for m in _NOTE.finditer(text)]
    found = []
    for match in pattern.finditer(text):
        if _NEGATION.search(text, max(0, match.start() - 14), match.start()):
            continue
        number = _from_match(match)
        if number is None:
            continue
        in_note = any(start <= number.start < end for start, end in notes)
        found.append(
            Number(
                number.value,
                number.start,
                number.end,
                number.quantum,
                number.significant,
                number.percent,
                in_note,
            )
        )
    return found


def same_value(a: float, b: float) -> bool:
    """Whether two read numbers denote the same value (up to float noise)."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


_ARROW = re.compile(r"\s*(?:→|->)\s*")


def _in_transitions(text: str, numbers: list[Number]) -> set[int]:
    """Indexes of numbers joined by an arrow ("0.54 → 0.55"): a change being described."""
    joined: set[int] = set()
    for i in range(len(numbers) - 1):
        if _ARROW.fullmatch(text, numbers[i].end, numbers[i + 1].start):
            joined |= {i, i + 1}
    return joined


def pick_answer(text: str, numbers: list[Number]) -> Number | list[Number] | None:
    """The one number the reply gives as its answer, or the conflicting candidates, or None.

    "cosine 0.54 → 0.55" describes how some quantity changed: working, not an answer. Its
    numbers give way to any number stated outside such a change ("… so D5 stays 4th"); a reply
    made only of changes has no single answer, so it is read as conflicting candidates and the
    person is asked for one number instead of being marked wrong on their working.
    """
    main = [n for n in numbers if not n.in_note] or numbers
    if not main:
        return None
    if all(same_value(n.value, main[0].value) for n in main):
        return main[0]
    changes = _in_transitions(text, main)
    if changes:
        stated = [n for i, n in enumerate(main) if i not in changes]
        return pick_answer(text, stated) if stated else main
    markers = [m.end() for m in _MARKER.finditer(text)]
    for position in reversed(markers):
        after = [n for n in main if n.start >= position]
        if after:
            if all(same_value(n.value, after[0].value) for n in after):
                return after[0]
            return after
    return main
