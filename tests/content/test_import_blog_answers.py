"""The blog 8.3 importer on its real source document and on small ugly cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from content.importers.blog_answers import SECTION, SOURCE, parse, split_header

SOURCE_FILE = Path(__file__).parents[2] / "content/sources/004_15b04a8086c7324c.txt"
NUMBER_ARTEFACT = re.compile(r"^\s*(?:\*\*)?\d+[.)]")
PDF_HYPHEN = re.compile(r"[a-z]- [a-z]")

# Counted by hand: the post has 31 bold numbered headers (printed 1-26, 18 twice, 27 skipped,
# 28-31). Nine headers merge several of the book's questions and split into leaves:
#   4) draw graphs / ReLU differentiable / sigmoid derivative      3
#   6) exploding gradients / RNNs susceptible                       2
#  13) draw learning-rate graph / warmup                            2
#  18) (first) motivation / exceptions                              2
#  18) (second) batch size 1 / whole data / adjust learning rate    3
#  20) Adam vs SGD converge / other differences                     2
#  26) sources of randomness / why stochasticity is desirable       2
#  28) dead neuron / detect / prevent                               3
#  29) pruning desirable / what to prune                            2
# 22 single headers + 21 leaves from the nine = 43, and one question header 4) does not ask but
# its answer opens with (the book's "Pros and cons of each activation function") = 44.
EXPECTED_TOTAL = 44


@pytest.fixture(scope="module")
def items():
    return parse(SOURCE_FILE.read_text(encoding="utf-8"))


def by_question(items, start: str):
    found = [item for item in items if item.question.startswith(start)]
    assert len(found) == 1, f"{len(found)} questions start with {start!r}"
    return found[0]


def test_leaf_count_section_and_preamble_skipped(items):
    assert len(items) == EXPECTED_TOTAL
    assert {item.section for item in items} == {SECTION}
    assert (
        items[0].question
        == "When building a neural network, should you overfit or underfit it first?"
    )
    assert items[0].line == 11
    assert not any("mins read" in item.answer or "Karpathy" in item.answer for item in items)


def test_every_item_has_source_and_its_header_line(items):
    lines = SOURCE_FILE.read_text(encoding="utf-8").splitlines()
    for item in items:
        assert item.source == SOURCE
        assert re.match(r"^\s*(?:\*\*)?\d+\)", lines[item.line - 1])
    assert [item.line for item in items] == sorted(item.line for item in items)


def test_clean_prompts_and_answers(items):
    for item in items:
        assert not NUMBER_ARTEFACT.match(item.prompt), item.prompt
        assert "**" not in item.prompt
        assert not PDF_HYPHEN.search(item.prompt)
        assert "•" not in item.answer and "◦" not in item.answer
        assert all(
            line == line.rstrip() for line in (item.prompt + "\n" + item.answer).splitlines()
        )


def test_merged_headers_are_split_with_the_context_each_needs(items):
    dead = [item for item in items if item.line == 495]
    assert [item.question for item in dead] == [
        "What’s a dead neuron?",
        "How do we detect them in our neural network?",
        "How to prevent them?",
    ]
    assert dead[2].prompt == "What’s a dead neuron? How to prevent them?"
    assert len({item.answer for item in dead}) == 1  # no part per question: the shared answer
    relu = [item.question for item in items if item.line == 47]
    assert relu == [
        "Draw the graphs for sigmoid, tanh, ReLU, and leaky ReLU.",
        "Is ReLU differentiable? What to do when it’s not differentiable?",
        "Derive derivatives for sigmoid function when is a vector.",
        "Pros and cons of each activation function.",  # answered, not asked, by this header
    ]
    exceptions = by_question(items, "What might be the exceptions?")
    assert exceptions.prompt == (
        "It’s a common practice for the learning rate to be reduced throughout the training. "
        "What might be the exceptions?"
    )
    others = by_question(items, "What else can you say")
    assert others.prompt.startswith("What can you say about the ability to converge and generalize")
    pruning = by_question(items, "Pruning is a popular technique")
    assert pruning.question.endswith("set to 0. Why is it desirable?")
    assert by_question(items, "Sometimes stochasticity").question.endswith("Why is that?")


def test_squashed_enumeration_and_bold_outside_question_mark_repaired(items):
    draw = by_question(items, "Draw a graph number of training epochs")
    assert draw.question == (
        "Draw a graph number of training epochs vs training error for when the learning rate "
        "is: too high, too low, acceptable."
    )
    assert draw.answer == ""  # the answer only explains warmup
    assert by_question(items, "What’s the learning rate warmup?").answer.startswith(
        "Learning rate warmup is a technique"
    )
    assert by_question(items, "Differences between L1 and L2").question == (
        "Differences between L1 and L2 regularization?"
    )


def test_answer_parts_follow_the_questions_they_restate(items):
    batch = [item for item in items if item.line == 339]
    assert batch[0].answer.startswith("Reducing the batch size adds more noise")
    assert batch[1].answer.startswith("When you use the entire training data in a batch")
    assert batch[2].answer.startswith("**Relation Between Learning Rate and Batch Size**")
    assert batch[2].links == ("https://www.baeldung.com/cs/learning-rate-batch-size",)
    assert by_question(items, "What might be the exceptions?").answer.startswith(
        "There might be some exceptions"
    )
    assert "Stochasticity, or randomness" not in by_question(items, "What are some sources").answer
    assert by_question(items, "Why are RNNs").answer.startswith("Recurrent Neural Networks (RNNs)")
    assert by_question(items, "How do you choose what to prune").answer.startswith("Choosing what")
    adam = [item.answer for item in items if item.line == 389]
    assert adam[0] == adam[1] and adam[0].startswith("Adam and Stochastic Gradient Descent")


def test_numbered_lists_and_bullets_stay_in_one_answer(items):
    early = by_question(items, "What criteria would you use for early stopping?")
    assert (
        "1. Validation loss:" in early.answer and "4. Early stopping with patience:" in early.answer
    )
    assert "- No change in metric over a given number of epochs." in early.answer
    assert not any(item.question.startswith("Validation loss") for item in items)


def test_bold_repairs_code_links_and_empty_answers(items):
    relu = by_question(items, "Is ReLU differentiable?")
    assert "**Step 1:** Differentiating both sides" in relu.answer
    sync = by_question(items, "With model parallelism")
    assert (
        "approach:\n\n**Asynchronous SGD:**\n\n- Pros:\n\n  - Faster training time" in sync.answer
    )
    assert "convergence.\n\n**Synchronous SGD:**" in sync.answer
    dead = by_question(items, "What’s a dead neuron?")
    assert dead.answer.startswith("```\n1. A dead neuron is a neuron")
    assert "**Leaky ReLU** is a commonly" in dead.answer
    assert (
        "https://towardsdatascience.com/neural-network-the-dead-neuron-eaa92e575748" in dead.links
    )
    for empty in ("Implement vanilla dropout", "Design the smallest", "Under what conditions"):
        assert by_question(items, empty).answer == ""


# --- small synthetic documents, one per ugly case ---------------------------------------------


def test_empty_binary_and_preamble_only_give_nothing():
    assert parse("") == []
    assert parse("\x00\xff\x89PNG\r\n") == []
    assert parse("12 mins read\n\n1) not bold, not a header\n") == []


def test_repeated_and_skipped_numbers_are_not_identity():
    text = "**3) First?**\n\nA.\n\n**3) Second?**\n\nB.\n\n1) **Third?**\n\nC.\n"
    assert [(i.question, i.answer) for i in parse(text)] == [
        ("First?", "A."),
        ("Second?", "B."),
        ("Third?", "C."),
    ]


def test_pdf_hyphenation_repaired_in_header_and_answer():
    (item,) = parse(
        "**1) Why use an activa- tion function?**\n\nFor non-lin- earity, state-of-the-art.\n"
    )
    assert item.question == "Why use an activation function?"
    assert item.answer == "For non-linearity, state-of-the-art."


def test_header_split_rules():
    assert [leaf.words for leaf in split_header("What is X? How do we prevent it? Why is Y?")] == [
        ["What is X?", "How do we prevent it?"],
        ["Why is Y?"],
    ]
    single = split_header("Some models do X. What is this useful for?")
    assert [leaf.words for leaf in single] == [["Some models do X. What is this useful for?"]]
    stemmed = split_header("Models do X. What’s the motivation? What are the exceptions?")
    assert [leaf.context for leaf in stemmed] == [["Models do X."], ["Models do X."]]
    assert [leaf.words for leaf in split_header("Compare A vs. B? Why?")] == [
        ["Compare A vs. B?"],
        ["Why?"],
    ]


def test_shared_answer_when_no_part_restates_a_question():
    text = "**1) What is X? Why is Y hard?**\n\nX is a thing.\n\nAnd more.\n"
    first, second = parse(text)
    assert first.answer == second.answer == "X is a thing.\n\nAnd more."


def test_parts_when_each_question_is_restated_and_bullets_never_start_a_part():
    text = (
        "**1) What is dropout? Why does batch norm help?**\n\nDropout drops units.\n\n"
        "• Batch norm helps too, a bullet.\n\nBatch norm helps because it rescales.\n"
    )
    first, second = parse(text)
    assert first.answer == "Dropout drops units.\n\n- Batch norm helps too, a bullet."
    assert second.answer == "Batch norm helps because it rescales."


def test_an_answer_to_an_unasked_sibling_question_is_its_own_leaf(items):
    pros_cons = by_question(items, "Pros and cons of each activation function")
    assert pros_cons.line == 47
    assert pros_cons.answer.startswith("Here are the pros and cons")
    assert "4. Leaky ReLU:" in pros_cons.answer
    assert "The Leaky ReLU function is more computationally expensive" in pros_cons.answer
    assert "ReLU is differentiable for all positive input values" not in pros_cons.answer
