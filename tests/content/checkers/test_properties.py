"""Property tests of reply reading: never raises, bounded time, same verdict for same value."""

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from content.checkers import check
from content.checkers.bench import CASES
from content.schema import Checker

CHECKERS = [checker for checker, _ in CASES]
chat_text = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from("0123456789.,-−+*/^()[]{}x×√%≈=eE DdTtFf<>σ_ "),
    ),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(reply=chat_text, index=st.integers(0, len(CHECKERS) - 1))
def test_reading_never_raises_and_verdict_is_well_formed(reply: str, index: int) -> None:
    result = check(CHECKERS[index], reply)
    assert result.verdict in {"correct", "partial", "incorrect", "unparseable"}
    assert 0.0 <= result.score <= 1.0
    assert result.message


HANG = 5.0
"""CPU seconds no check may reach. A guard against runaway parsing (catastrophic backtracking
would take hours on these replies), not a speed test: speed is `python -m content.checkers.bench`.
CPU time of this thread, so a loaded machine cannot fail it."""


def cpu_seconds(checker: Checker, reply: str) -> float:
    start = time.thread_time()
    check(checker, reply)
    return time.thread_time() - start


@settings(max_examples=20, deadline=None)
@given(chunk=st.text(min_size=1, max_size=50), index=st.integers(0, len(CHECKERS) - 1))
def test_long_replies_are_read_in_bounded_time(chunk: str, index: int) -> None:
    for size in (19_000, 100_000):
        reply = (chunk * (size // len(chunk) + 1))[:size]
        assert cpu_seconds(CHECKERS[index], reply) < HANG


ADVERSARIAL = [
    "1," * 9000,
    "(" * 9000,
    "9**" * 5000 + "9",
    "1e999" * 3000,
    "D4 > " * 3000,
    "** " * 6000,
    "9" * 19_000,
    "4e" + "9" * 18_000,
    "sqrt(" + "9" * 400 + ")" * 40,
    "1e999 " * 3000,
]

huge_number = st.one_of(
    st.integers(309, 5000).map(lambda n: "9" * n),
    st.integers(309, 5000).map(lambda n: "4e" + "9" * (n // 100) + "0" * (n % 7)),
    st.integers(400, 5000).map(lambda n: "sqrt(" + "9" * n + ")"),
    st.integers(1, 6).map(lambda n: "1e" + "9" * n),
    st.integers(5, 5000).map(lambda n: "2^" + "9" * n),
)


@settings(max_examples=150, deadline=None)
@given(
    before=chat_text, number=huge_number, after=chat_text, index=st.integers(0, len(CHECKERS) - 1)
)
def test_numbers_past_float_range_never_raise(before, number, after, index) -> None:
    result = check(CHECKERS[index], f"{before} {number} {after}")
    assert result.verdict in {"correct", "partial", "incorrect", "unparseable"}
    assert 0.0 <= result.score <= 1.0


@settings(max_examples=100, deadline=None)
@given(digits=st.integers(5, 6000), value=st.integers(1, 9))
def test_an_exponent_of_any_length_is_never_dropped(digits: int, value: int) -> None:
    checker = Checker(kind="numeric", spec={"value": value})
    assert check(checker, f"{value}e{'9' * digits}").verdict == "incorrect"
    assert check(checker, f"{value}e-{'9' * digits}").verdict == "incorrect"


def test_adversarial_replies_never_hang() -> None:
    for checker in CHECKERS:
        for reply in ADVERSARIAL:
            assert cpu_seconds(checker, reply) < HANG, (checker.kind, reply[:20])


number_forms = st.sampled_from(
    [
        ("{v}", "the answer is {v}"),
        ("{v}", "≈ {v}"),
        ("{v}", "**{v}**"),
        ("{v}", "= {v}."),
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    value=st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 3)),
    reply_value=st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 3)),
    forms=number_forms,
)
def test_equivalent_number_forms_get_the_same_verdict(value, reply_value, forms) -> None:
    checker = Checker(kind="numeric", spec={"value": value})
    text = repr(reply_value).replace("-", "−") if reply_value < 0 else repr(reply_value)
    verdicts = {check(checker, form.format(v=text)).verdict for form in forms}
    assert len(verdicts) == 1


@settings(max_examples=200, deadline=None)
@given(value=st.integers(0, 10_000), reply=st.integers(0, 10_000))
def test_integer_answers_are_correct_only_when_equal(value: int, reply: int) -> None:
    result = check(Checker(kind="numeric", spec={"value": value}), f"{reply:,}")
    assert (result.verdict == "correct") == (value == reply)


@settings(max_examples=100, deadline=None)
@given(
    dims=st.lists(st.integers(1, 2048), min_size=2, max_size=4),
    style=st.sampled_from(["list", "tuple", "torch", "x", "times"]),
)
def test_shape_forms_agree(dims: list[int], style: str) -> None:
    checker = Checker(kind="shape", spec={"dims": dims})
    text = {
        "list": str(dims),
        "tuple": "(" + ",".join(map(str, dims)) + ")",
        "torch": f"torch.Size({dims})",
        "x": "x".join(map(str, dims)),
        "times": " × ".join(map(str, dims)),
    }[style]
    assert check(checker, text).verdict == "correct"
    wrong = [*dims[:-1], dims[-1] + 1]
    assert check(checker, str(wrong)).verdict != "correct"


OPTIONS = ["Conv2d", "MaxPool2d", "ReLU", "Linear", "Dropout"]


@settings(max_examples=100, deadline=None)
@given(answer=st.integers(0, 4), picked=st.integers(0, 4), lead=st.sampled_from(["", "I think "]))
def test_a_choice_reads_the_same_by_number_position_and_name(answer, picked, lead) -> None:
    from content.checkers.choice import ORDINALS

    checker = Checker(kind="choice", spec={"options": OPTIONS, "answer": OPTIONS[answer]})
    forms = [
        f"{picked + 1}",
        f"option {picked + 1}",
        f"the {ORDINALS[picked]} one",
        OPTIONS[picked],
        f"{OPTIONS[picked].lower()}, because the others do not fit",
    ]
    verdicts = {check(checker, lead + form).verdict for form in forms}
    assert verdicts == {"correct" if picked == answer else "incorrect"}


fill_words = st.sampled_from(["overfitting", "underfitting", "unseen", "training", "variance"])


@settings(max_examples=100, deadline=None)
@given(first=fill_words, second=fill_words, style=st.integers(0, 3))
def test_a_fill_in_reads_the_same_whatever_the_punctuation_and_case(first, second, style) -> None:
    checker = Checker(
        kind="short_text",
        spec={
            "blanks": [
                {"accept": ["unseen"]},
                {"accept": ["overfitting"], "refuse": ["underfitting"]},
            ]
        },
    )
    plain = check(checker, f"{first}; {second}")
    styled = [
        f"{first.upper()}; {second.title()}.",
        f"**{first}**, **{second}**",
        f"{first} / {second}!",
        f"{first}\n{second}",
    ][style]
    assert check(checker, styled).verdict == plain.verdict
