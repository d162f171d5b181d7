"""The ds-neural-networks importer on the real source and on small documents of each ugly case."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from content.importers.base import RawItem
from content.importers.ds_neural_networks import SOURCE, parse

SOURCE_FILE = Path(__file__).resolve().parents[2] / "content/sources/002_72115eea7524bf0b.txt"


@pytest.fixture(scope="module")
def items() -> list[RawItem]:
    return parse(SOURCE_FILE.read_text(encoding="utf-8"))


def _one(items: list[RawItem], fragment: str) -> RawItem:
    found = [item for item in items if fragment in item.question]
    assert len(found) == 1, (fragment, [item.question for item in found])
    return found[0]


def _doc(*blocks: str, section: str = "Perceptron") -> str:
    body = "\n\n---\n\n".join(blocks)
    head = "# Title\n\n## Neural Networks\n\nContents\n----\n\n- [x](#x)\n\n---\n\n"
    return f"{head}## {section}\n\n{body}\n"


def _details(answer: str = "    ") -> str:
    return f"<details><summary><b>Answer</b></summary>\n{answer}\n</details>"


# ---------------------------------------------------------------- the real file

# Counted by hand, reading every block: 135 question blocks (134 "Q." plus one that opens with a
# stray "30."): Perceptron 35, NNLayers 21, Training 11, Optimization 29, Regularization 39.
# Blocks with a numbered list of sub-questions count one leaf per sub-question; a list under a
# stem that already asks ("Which ones ...?", "Choose all the options that apply") or under "the
# following algorithm:" is options or steps and the block is one leaf; a lone "1." item is one.
#   Perceptron:      2+1+2+1+1+1+1+1+3+2+4+1+1+1+4+1+1+1+1+1+1+1+1+1+1+5+4+2+1+1+1+1+1+1+5 = 58
#   NNLayers:        1+2+2+5+2+2+1+1+1+2+5+1+2+2+1+1+1+1+4+2+3 = 42
#   Training:        1+3+1+2+6+2+2+6+1+2+1 = 27
#   Optimization:    1+2+1+1+1+1+3+2+1+1+2+1+3+1+4+1+1+1+1+1+1+1+3+2+4+1+1+1+1 = 45
#   Regularization:  39 single questions
EXPECTED_SECTIONS = {
    ("Perceptron",): 58,
    ("NNLayers, Topologists and Blocks",): 42,
    ("Training and Hyperparameters",): 27,
    ("Optimization and Loss",): 45,
    ("Regularization for deep learning",): 39,
}


def test_leaf_count_and_sections(items: list[RawItem]) -> None:
    assert len(items) == 211
    assert Counter(item.section for item in items) == EXPECTED_SECTIONS
    assert {item.source for item in items} == {SOURCE}


def test_items_are_in_document_order(items: list[RawItem]) -> None:
    lines = [item.line for item in items]
    assert lines == sorted(lines)
    assert items[0].question.startswith("Write in plain NumPy the forward and backward pass")
    assert (
        items[-1].question
        == "When building a neural network, should you overfit or underfit it first?"
    )


@pytest.mark.parametrize(
    ("fragment", "prompt"),
    [
        (
            "Implement vanilla dropout",
            "Neural network in simple Numpy.\n\n"
            "Implement vanilla dropout for the forward and backward pass in NumPy.",
        ),
        (
            "which mathematical equation",
            "If we want to train the perceptron in order to obtain the best possible weights and "
            "biases, which mathematical equation do we have to solve?",
        ),
        (
            "Why is Adagrad",
            "Why is Adagrad sometimes favored in problems with sparse gradients?",
        ),
        (
            "What might be the exceptions?",
            "It’s a common practice for the learning rate to be reduced throughout the "
            "training.\n\n"
            "What might be the exceptions?",
        ),
        (
            "Write the formulae for the Swish",
            "In many interviews, you will be given a paper that you have never encountered before, "
            "and be required to read and subsequently discuss it. Please read "
            "[Searching for Activation Functions](https://arxiv.org/pdf/1710.05941.pdf) before "
            "attempting the questions in this question.\n\n"
            "Write the formulae for the Swish activation function.",
        ),
        (
            "Which of the following statements holds true?",
            "Which of the following statements holds true?\n"
            "1. In stochastic gradient descent we first calculate the gradient and only then "
            "adjust weights for each data point in the training set.\n"
            "2. In stochastic gradient descent, the gradient for a single sample is not so "
            "different from the actual gradient, so this gives a more stable value, and "
            "converges faster.\n"
            "3. SGD usually avoids the trap of poor local minima.\n"
            "4. SGD usually requires more memory.",
        ),
        (
            "Draw a graph number of training epochs",
            "Learning rate.\n\nDraw a graph number of training epochs vs training error for when "
            "the learning rate is:\n 1. too high\n 2. too low\n 3. acceptable.",
        ),
    ],
)
def test_sample_prompts_exactly(items: list[RawItem], fragment: str, prompt: str) -> None:
    assert _one(items, fragment).prompt == prompt


def test_stem_with_formula_is_carried_into_each_true_false_leaf(items: list[RawItem]) -> None:
    first = _one(items, "are learned automatically")
    second = _one(items, "new perceptron (sigmoidal)")
    for leaf in (first, second):
        assert leaf.prompt.startswith("In its simplest form, a perceptron (8.16) accepts only")
        assert r"\sum_j(w_jx_j + b) \leq 0" in leaf.prompt
        assert leaf.prompt.endswith(leaf.question)
        assert r"\sum_j" not in leaf.question
    assert second.question.startswith("**True or False:** If we instead use a new perceptron")
    assert "$$\n\\sigma(z) = \\frac{1}{1+e^{-z}}\n$$" in second.question
    assert first.question not in second.prompt


def test_code_stem_is_carried_and_code_kept(items: list[RawItem]) -> None:
    leaf = _one(items, "How many hidden layers does the layer entitles nn001 have?")
    assert "```python\nimport torch\nnn001 = nn.Sequential(\nnn.Linear(200, 512)," in leaf.prompt
    assert leaf.prompt.endswith("How many hidden layers does the layer entitles nn001 have?")


def test_options_and_steps_stay_in_one_prompt(items: list[RawItem]) -> None:
    options = _one(items, "Which ones can never be back-propagated")
    assert "1. $f(x) = |x|$" in options.question and "4. $f(x)= \\begin{cases}" in options.question
    steps = _one(items, "Explain what is the purpose of multiplying")
    assert "1. Assign a probability of p" in steps.question
    assert "5. Calculate the OUT tensor as follows:" in steps.question


def test_empty_details_give_empty_answers(items: list[RawItem]) -> None:
    answered = [item for item in items if item.answer]
    assert len(answered) == 36  # 39 Regularization questions, three with empty details
    assert all(item.section == ("Regularization for deep learning",) for item in answered)
    assert _one(items, "should you overfit or underfit it first").answer == ""


def test_answers_are_attached_to_their_question(items: list[RawItem]) -> None:
    assert _one(items, "Does dropout aim to approximate the bagging").answer == "True"
    smoothing = _one(items, "What is label smoothing?").answer
    assert smoothing.startswith("Label smoothing is a regularization technique")
    assert _one(items, "When do we use label smoothing?").answer.startswith("Whenever")
    weights = _one(items, "referred to as weight decay?").answer
    assert "$$\nw \\leftarrow (1 - \\eta \\alpha) w -  \\eta \\nabla_{w} J(w; X, y)\n$$" in weights


def test_images_recorded_and_html_gone(items: list[RawItem]) -> None:
    assert _one(items, "AND logic gate").images == ("img/perceptron-2.png",)
    idiom = _one(items, "Name one disadvantage of this new architecture.")
    assert idiom.images == ("img/conv-6.png", "img/conv-7.png")
    assert _one(items, "Name the idiom.").images == ("img/conv-6.png",)
    assert _one(items, "What is multitask learning?").images == ("img/multitask-learning.png",)
    html = re.compile(r"</?(?:table|tr|td|img|details|summary|a|b)\b|\^\^I", re.IGNORECASE)
    for item in items:
        for text in (item.prompt, item.question, item.answer):
            assert not html.search(text), text
            assert "Several nodes in a MLP." not in text  # figure captions go with the figure


def test_prompts_are_clean_markdown(items: list[RawItem]) -> None:
    for item in items:
        assert item.prompt == item.prompt.strip() and item.question
        assert not re.match(r"(?:Q\.|\d+\.\s)", item.prompt), item.prompt
        assert item.prompt.count("```") % 2 == 0
        assert item.prompt.count("$$") % 2 == 0


def test_links_recorded(items: list[RawItem]) -> None:
    swish = [item for item in items if item.line == 601]
    assert len(swish) == 5
    assert all(item.links == ("https://arxiv.org/pdf/1710.05941.pdf",) for item in swish)
    rosenblatt = _one(items, "Rosenblatt")
    assert rosenblatt.links == ()
    assert "Hinton’s fundamental papers of 1986: Learning representations" in rosenblatt.question


def test_hard_wraps_and_pdf_hyphens_repaired(items: list[RawItem]) -> None:
    assert "activation functions in a MLP" in _one(items, "Which ones can never").question
    assert "suggested by Kaiming [14]." in _one(items, "vanishing gradients problem").question
    assert "five `[...]` operations thus" in _one(items, "five `[...]`").question
    assert "128 elements. During inference" in _one(items, "Name the method he is").prompt


def test_indented_settings_become_code(items: list[RawItem]) -> None:
    leaf = _one(items, "suggests amending the training pipeline")
    assert "```\nInitial LR 0.00001\nMomentum 0.9\nBatch size 1024\n```" in leaf.question


# ---------------------------------------------------------------- synthetic ugly cases


def test_synthetic_sub_questions_with_stem() -> None:
    doc = _doc(
        "Q. A stem with $x_1$.\n\n1. First part?\n2. Second part?\n\n" + _details(),
        "Q. Single question?\n\n" + _details("An **answer**."),
    )
    first, second, single = parse(doc)
    assert (first.question, first.prompt) == ("First part?", "A stem with $x_1$.\n\nFirst part?")
    assert second.prompt == "A stem with $x_1$.\n\nSecond part?"
    assert (single.prompt, single.answer) == ("Single question?", "An **answer**.")
    assert first.section == ("Perceptron",) and (first.line, single.line) == (14, 25)


def test_synthetic_repeated_and_restarted_numbering() -> None:
    doc = _doc("Q. Title.\n1. One?\n1. Two?\n1. Three?\n\n" + _details())
    assert [item.question for item in parse(doc)] == ["One?", "Two?", "Three?"]


def test_synthetic_stray_number_opens_a_block() -> None:
    (item,) = parse(_doc("30. Why does this start with a number?\n\n" + _details()))
    assert item.prompt == "Why does this start with a number?"


def test_synthetic_options_under_a_question_stay_whole() -> None:
    doc = _doc("Q. Which of these is a fruit? Choose one:\n1. Apple\n2. Stone\n\n" + _details())
    (item,) = parse(doc)
    assert item.prompt == "Which of these is a fruit? Choose one:\n1. Apple\n2. Stone"


def test_synthetic_lone_item_loses_its_number() -> None:
    (item,) = parse(_doc("Q. Stem:\n\n1. Only question here?\n\n" + _details()))
    assert item.prompt == "Stem:\n\nOnly question here?"


def test_synthetic_numbers_in_code_and_math_are_not_items() -> None:
    doc = _doc(
        "Q. Look:\n```\n1. not an item\n2. nor this\n```\n$$\n1. x\n2. y\n$$\nWhat now?\n\n"
        + _details()
    )
    (item,) = parse(doc)
    assert item.prompt.endswith("What now?") and "1. not an item" in item.prompt


def test_synthetic_run_on_items_are_split() -> None:
    doc = _doc("Q. Stem.\n1. First? 2. Second one.\n3. Third.\n\n" + _details())
    assert [item.question for item in parse(doc)] == ["First?", "Second one.", "Third."]


def test_synthetic_fill_in_the_blank_and_latex_kept() -> None:
    doc = _doc(
        r"Q. Complete: the gradient is $\nabla_w [...]$ and $$\frac{a}{b}$$." + "\n\n" + _details()
    )
    (item,) = parse(doc)
    assert item.prompt == r"Complete: the gradient is $\nabla_w [...]$ and $$\frac{a}{b}$$."


def test_synthetic_html_figure_and_anchor() -> None:
    doc = _doc(
        "Q. See the figure:\n<table align='center'>\n  <tr><td>\n"
        '    <img src="img/f.png" alt="F" />\n  </td></tr>\n  <tr><td>Caption</td></tr>\n'
        '</table>\nand <a href="https://x.org/p">the paper</a>. Why?\n\n' + _details()
    )
    (item,) = parse(doc)
    assert item.prompt == "See the figure:\n\nand [the paper](https://x.org/p). Why?"
    assert item.images == ("img/f.png",) and item.links == ("https://x.org/p",)


def test_synthetic_answer_with_image_only_is_empty_text() -> None:
    answer = "<table><tr><td><img src='img/a.png' /></td></tr></table>"
    (item,) = parse(_doc("Q. Draw it?\n\n" + _details(answer)))
    assert item.answer == "" and item.images == ("img/a.png",)


def test_synthetic_sections_follow_headers() -> None:
    doc = _doc("Q. One?\n\n" + _details(), "### Deeper\n\nQ. Two?\n\n" + _details())
    assert [item.section for item in parse(doc)] == [("Perceptron",), ("Deeper",)]


@pytest.mark.parametrize(
    "hostile",
    ["", "Q.", "---\n---", "Q. <details><summary>", "Q. 1.\n2.\n" * 50, "\x00Q. x\n" * 10],
)
def test_synthetic_hostile_documents_never_raise(hostile: str) -> None:
    for item in parse(hostile):
        assert item.source == SOURCE
