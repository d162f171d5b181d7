"""Finding named options in a reply: "D4 > D3", "1 and 3", "b) MaxPool2d", "True, False"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from content.checkers.specs import aliases, text_list
from content.checkers.text import normalise

_SPACING = re.compile(r"[\s_\-]+")
_LETTER = re.compile(r"^[a-h]$")
_NUMBERED = re.compile(r"^([a-z]+) ?(\d+)$")
_LETTER_LIST = re.compile(r"^\s*\(?[a-h]\)?(?:\s*(?:,|;|/|&|and|or)?\s*\(?[a-h]\)?)*\s*[.!]?\s*$")


@dataclass(frozen=True)
class Labels:
    """The options a reply may name, each with the ways of writing it."""

    names: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def options(self) -> tuple[str, ...]:
        return tuple(option for option, _ in self.names)

    def find(self, reply: str) -> list[str]:
        """The options named in the reply, in order of mention (repeats kept)."""
        return [option for _, option in self.places(prepared(reply))]

    def places(self, text: str) -> list[tuple[int, str]]:
        """(offset, option) for each option named in text already passed through `prepared`."""
        return _find(self, text)


def prepared(reply: str) -> str:
    """The reply as option names are matched in: normalised, lower case, runs of spaces as one."""
    return _SPACING.sub(" ", normalise(reply).lower())


def parse_labels(kind: str, options: object, alias_map: object) -> Labels:
    """Validate a list of options and their aliases."""
    listed = text_list(kind, "options", options)
    if len({o.lower() for o in listed}) != len(listed):
        raise ValueError(f"{kind} checker: options repeat")
    extra = aliases(kind, alias_map, set(listed))
    return Labels(tuple((option, extra.get(option, ())) for option in listed))


def _word_pattern(name: str) -> str:
    words = _SPACING.sub(" ", name.lower()).strip().split(" ")
    # "leaky relu" also matches "leakyrelu" and "leaky-relu"; digits must not run on ("d4" ≠ "d45")
    return r"(?<![\w.])" + r" ?".join(re.escape(w) for w in words) + r"(?![\w]|\.\d)"


def _letter_pattern(letter: str) -> str:
    return (
        rf"(?:\({letter}\)|(?<![\w(]){letter}\)|(?<![\w.]){letter}\.(?=\s|$)"
        rf"|(?<=option ){letter}\b|(?<=answer ){letter}\b|(?<=answer: ){letter}\b)"
    )


def _variants(option: str, extra: tuple[str, ...]) -> list[str]:
    names = [option, *extra]
    numbered = _NUMBERED.match(option.lower())
    if numbered:
        prefix, number = numbered.groups()
        names += [f"{prefix} {number}", f"doc {number}", f"document {number}"]
    return names


@lru_cache(maxsize=512)
def _compiled(labels: Labels) -> tuple[re.Pattern[str], dict[str, str], frozenset[str]]:
    alternatives: list[tuple[str, str]] = []
    letters = set()
    for option, extra in labels.names:
        for name in _variants(option, extra):
            # a lettered option ("b") is named as "b)", "(b)", "option b"; a word's
            # one-letter alias ("t" for true) is a plain word
            if _LETTER.match(option.lower()) and _LETTER.match(name.lower()):
                letters.add(name.lower())
                alternatives.append((_letter_pattern(name.lower()), option))
            else:
                alternatives.append((_word_pattern(name), option))
    # longest first, so "leaky relu" wins over "relu" at the same place
    alternatives.sort(key=lambda pair: -len(pair[0]))
    groups = {f"o{i}": option for i, (_, option) in enumerate(alternatives)}
    pattern = "|".join(f"(?P<o{i}>{p})" for i, (p, _) in enumerate(alternatives))
    return re.compile(pattern), groups, frozenset(letters)


def _find(labels: Labels, text: str) -> list[tuple[int, str]]:
    pattern, groups, letters = _compiled(labels)
    if letters and _LETTER_LIST.match(text):
        by_letter = {
            name.lower(): option for option, extra in labels.names for name in (option, *extra)
        }
        return [
            (m.start(), by_letter[m.group()])
            for m in re.finditer(r"(?<![a-z])[a-h](?![a-z])", text)
            if m.group() in by_letter
        ]
    found = []
    for match in pattern.finditer(text):
        group = match.lastgroup
        if group is not None:
            found.append((match.start(), groups[group]))
    return found


def first_mentions(mentions: list[str]) -> list[str]:
    """Mentions with repeats dropped, keeping the first place of each."""
    return list(dict.fromkeys(mentions))
