"""attached.yaml: specs validate, matches hit one question, right forms pass, wrong ones fail."""

import re
from pathlib import Path

import pytest

from content.bank import load_bank
from content.checkers import check, expected_text, validate
from content.checkers.choice import ORDINALS
from content.checkers.numbers import format_number
from content.schema import Checker
from tests.content.checkers.attached import attached_entries

ROOT = Path(__file__).resolve().parents[3]
ENTRIES = attached_entries()
IDS = [e["match"][:40] for e in ENTRIES]
# Code entries run in the sandbox: tests/content/checkers/code/test_suites.py tries their forms.
TEXT_ENTRIES = [e for e in ENTRIES if e["kind"] != "code"]
TEXT_IDS = [e["match"][:40] for e in TEXT_ENTRIES]
XOR_SOLUTION = "h1: 1, 1, -0.5; h2: -1, -1, 1.5; output: 1, 1, -1.5"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def checker_of(entry: dict) -> Checker:
    return Checker(kind=entry["kind"], spec=entry["spec"])


def right_forms(entry: dict) -> list[str]:
    """The reference written several ways a person might write it."""
    spec, kind = entry["spec"], entry["kind"]
    if kind == "numeric":
        text = format_number(spec["value"])
        return [text, f"the answer is {text}", f"≈ {text}".replace("-", "−"), f"**{text}**"]
    if kind == "vector":
        texts = [format_number(round(v, 4)) for v in spec["values"]]
        return ["[" + ", ".join(texts) + "]", " and ".join(texts), "(" + ",".join(texts) + ")"]
    if kind == "shape":
        dims = spec["dims"]
        forms = [str(dims), "(" + ",".join(map(str, dims)) + ")", f"torch.Size({dims})"]
        return forms + ["x".join(map(str, dims[1:])), " × ".join(map(str, dims[1:]))]
    if kind == "ranking":
        top = spec["order"][: spec.get("top", len(spec["order"]))]
        return [
            " > ".join(top),
            ", ".join(top),
            " < ".join(reversed(top)),
            "first " + " then ".join(top),
        ]
    if kind == "set":
        items = spec["items"]
        return [", ".join(items), " and ".join(reversed(items)), "I choose " + ", ".join(items)]
    if kind == "series":
        answers = spec["answers"]
        return [
            ", ".join(answers),
            " ".join(a.upper() for a in answers),
            " ".join(a[0] for a in answers),
        ]
    if kind == "formula":
        expr = spec["expr"]
        return [expr, f"f = {expr}", expr.replace("**", "^"), f"the answer is {expr}"]
    if kind == "truth_table":
        if spec.get("hidden"):
            return [XOR_SOLUTION, XOR_SOLUTION.replace(";", "\n")]
        return ["w1 = 1, w2 = 1, b = -1.5", "1, 1, -1.5", "w1=1, w2=1, threshold=1.5"]
    if kind == "choice":
        return choice_forms(spec)
    if kind == "short_text":
        first = [blank["accept"][0] for blank in spec["blanks"]]
        return ["; ".join(first), ", ".join(first).upper(), "It is " + " and ".join(first) + "."]
    if kind == "parts":
        pieces = [right_forms(part)[0] for part in spec["parts"]]
        return ["\n".join(pieces), "; ".join(pieces)]
    raise AssertionError(f"no forms for {kind}")


def choice_forms(spec: dict) -> list[str]:
    answer = spec["answer"]
    aliases = spec.get("aliases", {}).get(answer, [])
    others = [o for o in spec["options"] if o != answer]
    forms = [answer, answer.upper(), f"{answer}, not {others[0]}", *aliases[:2]]
    if spec.get("numbered", True):
        position = spec["options"].index(answer) + 1
        forms += [str(position), f"option {position}", f"{ORDINALS[position - 1]} one"]
    return forms


def choice_wrong(spec: dict) -> list[str]:
    answer = spec["answer"]
    others = [o for o in spec["options"] if o != answer]
    forms = [*others, f"{others[0]}, not {answer}", " or ".join(spec["options"])]
    if spec.get("numbered", True):
        forms += [f"option {spec['options'].index(o) + 1}" for o in others]
    return forms


def wrong_forms(entry: dict) -> list[str]:
    """Near misses and wrong answers."""
    spec, kind = entry["spec"], entry["kind"]
    if kind == "numeric":
        value = spec["value"]
        return [
            format_number(value + 1),
            format_number(value * 1.5 + 0.3),
            f"{value} or {value + 1}",
        ]
    if kind == "vector":
        values = list(spec["values"])
        return [
            ", ".join(format_number(v + 1) for v in values),
            ", ".join(map(format_number, values[:-1])),
        ]
    if kind == "shape":
        dims = spec["dims"]
        return [
            str([*dims[:-1], dims[-1] + 1]),
            str(dims[1:-1]),
            str([dims[0], dims[1] * 2, *dims[2:]]),
        ]
    if kind == "ranking":
        order = spec["order"]
        return [" > ".join(reversed(order[:2])), " > ".join(order[1:3])]
    if kind == "set":
        options, items = spec["options"], spec["items"]
        others = [o for o in options if o not in items]
        return [", ".join(others)] if others else ["none of them", "6"]
    if kind == "series":
        flipped = ["false" if a == "true" else "true" for a in spec["answers"]]
        return [", ".join(flipped), "true false true false true"]
    if kind == "formula":
        return [f"({spec['expr']}) + 1", f"2*({spec['expr']})", "0"]
    if kind == "truth_table":
        return ["1, 1, 1, 1, 1, 1, 1, 1, 1"] if spec.get("hidden") else ["1, 1, -0.5", "1, 1, 0.5"]
    if kind == "choice":
        return choice_wrong(spec)
    if kind == "short_text":
        blanks = spec["blanks"]
        refused = [b["refuse"][0] for b in blanks if b.get("refuse")]
        near = [blank["accept"][0] for blank in blanks[:-1]]
        return [", ".join(refused or ["something else"]), ", ".join(near or ["no"]), "dropout"]
    if kind == "parts":
        parts = spec["parts"]
        return [
            "\n".join(wrong_forms(part)[0] for part in parts),
            "\n".join([*(right_forms(p)[0] for p in parts[:-1]), wrong_forms(parts[-1])[0]]),
        ]
    raise AssertionError(f"no wrong forms for {kind}")


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_spec_validates_and_reveal_is_short(entry: dict) -> None:
    validate(checker_of(entry))
    assert 0 < len(expected_text(checker_of(entry))) <= 200
    assert entry.get("note")


@pytest.mark.parametrize("entry", TEXT_ENTRIES, ids=TEXT_IDS)
def test_reference_in_several_forms_is_correct(entry: dict) -> None:
    for reply in right_forms(entry):
        result = check(checker_of(entry), reply)
        assert result.verdict == "correct", (reply, result)


@pytest.mark.parametrize("entry", TEXT_ENTRIES, ids=TEXT_IDS)
def test_wrong_answers_are_not_correct(entry: dict) -> None:
    for reply in wrong_forms(entry):
        result = check(checker_of(entry), reply)
        assert result.verdict != "correct", (reply, result)


@pytest.mark.parametrize("entry", TEXT_ENTRIES, ids=TEXT_IDS)
def test_unreadable_reply_says_what_form_is_expected(entry: dict) -> None:
    result = check(checker_of(entry), "no idea, sorry")
    assert result.verdict == "unparseable"
    assert "Reply with" in result.message


def source_texts() -> dict[str, str]:
    return {
        p.name: squash(p.read_text(encoding="utf-8"))
        for p in (ROOT / "content" / "sources").glob("0*.txt")
    }


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_match_is_in_the_sources_once_per_file(entry: dict) -> None:
    match = squash(entry["match"])
    counts = [text.count(match) for text in source_texts().values()]
    assert max(counts) == 1


def test_matches_are_distinct_from_each_other() -> None:
    matches = [squash(e["match"]) for e in ENTRIES]
    assert not [a for a in matches for b in matches if a != b and a in b]


def test_each_match_hits_at_most_one_bank_question_and_one_when_the_bank_is_built() -> None:
    bank = load_bank()
    for entry in ENTRIES:
        match = squash(entry["match"])
        hits = [q.id for q in bank.questions if any(match in squash(s.question) for s in q.sources)]
        assert len(hits) <= 1, (entry["match"], hits)
        if len(bank):
            assert len(hits) == 1, (entry["match"], "no bank question")
