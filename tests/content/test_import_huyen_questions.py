"""The question-list importer on the real 003 file, and its nested-list reader on ugly snippets."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.importers import huyen_questions
from content.importers.base import RawItem
from content.importers.text import strip_heading_number

SOURCE_FILE = Path(__file__).parents[2] / "content/sources/003_fedec0539654e358.txt"

# Counted by hand from the file, one per leaf: an item with sub-items is a group, not a question.
# Training: 30 top items, 10 of them groups holding 2+4+2+2+2+3+2+2+3+2 = 24 leaves, so 20 + 24
# = 44 ("13. Learning rate." > "Draw a graph ... is:" has "too high / too low / acceptable." under
# it: words of that one question, not three). NLP: items 1-16 with no 6, groups 1, 4 and 5 hold
# 3+3+2, so 12 + 8 = 20. Computer vision: 12 items, groups 2 and 8 hold 2+4, so 10 + 6 = 16.
# Reinforcement learning: 8 items numbered 1-4, 7, 10-12. Advanced: 1 + 4+2+3+2 = 12.
PER_SECTION = {
    "Training a Neural Network": 44,
    "Natural Language Processing": 20,
    "Computer Vision": 16,
    "Reinforcement Learning": 8,
    "Advanced Topics": 12,
}


@pytest.fixture(scope="module")
def items() -> list[RawItem]:
    return huyen_questions.parse(SOURCE_FILE.read_text(encoding="utf-8"))


def by_question(items: list[RawItem], start: str) -> RawItem:
    matches = [item for item in items if item.question.startswith(start)]
    assert len(matches) == 1, [item.question for item in matches]
    return matches[0]


def test_one_item_per_leaf_question(items):
    assert len(items) == 100
    assert Counter(item.section[0] for item in items) == PER_SECTION


def test_items_carry_source_and_line_in_document_order(items):
    assert {item.source for item in items} == {"huyen-questions"}
    lines = [item.line for item in items]
    assert lines == sorted(lines) and len(set(lines)) == len(lines) and lines[0] == 14
    text_lines = SOURCE_FILE.read_text(encoding="utf-8").splitlines()
    assert "Neural network in simple Numpy" not in text_lines[items[2].line - 1]
    assert text_lines[items[2].line - 1].strip().startswith("1. Write in plain NumPy")


def test_group_labels_become_sections_not_prompts(items):
    relu = by_question(items, "Is ReLU differentiable?")
    assert relu.section == ("Training a Neural Network", "Activation functions")
    assert relu.prompt == "Is ReLU differentiable? What to do when it's not differentiable?"
    rnn = by_question(items, "What's the motivation for RNN?")
    assert rnn.section == ("Natural Language Processing", "RNNs")
    assert rnn.prompt == rnn.question


def test_leaves_that_point_outside_themselves_carry_their_label(items):
    prevent = by_question(items, "How to prevent them?")
    assert prevent.prompt == "Dead neuron. How to prevent them?"
    optimizers = by_question(items, "What else can you say")
    assert optimizers.prompt == (
        "Adam vs. SGD. What else can you say about the difference between these two optimizers?"
    )
    pooling = by_question(items, "When should we use one instead of the other?")
    assert pooling.prompt == (
        "Pooling. What happens when you use max-pooling instead of average pooling? "
        "When should we use one instead of the other?"
    )


def test_sentence_stems_and_documents_go_into_the_prompt(items):
    motivation = by_question(items, "What's the motivation?")
    assert motivation.prompt == (
        "It's a common practice for the learning rate to be reduced throughout the training. "
        "What's the motivation?"
    )
    for start in ("Given a query Q", "Assume that document D5"):
        tfidf = by_question(items, start)
        assert tfidf.section == ("Natural Language Processing",)
        assert tfidf.prompt.startswith("Given 5 documents:\n\n```\nD1: The duck loves to eat")
        assert "D5: The duck and the birds are so different" in tfidf.prompt
        assert tfidf.prompt.endswith("\n```\n\n" + tfidf.question)


def test_an_enumeration_inside_a_question_stays_in_it(items):
    graph = by_question(items, "Draw a graph number of training epochs")
    assert graph.question == (
        "Draw a graph number of training epochs vs training error for when the learning rate is:"
        "\n1. too high\n2. too low\n3. acceptable."
    )
    assert not any(item.question.startswith(("too high", "acceptable")) for item in items)


def test_figures_are_recorded_and_their_html_dropped(items):
    minimax = by_question(items, "Fill in the empty circles")
    assert minimax.images == ("assets/rl-1.png",)
    assert minimax.prompt == "Fill in the empty circles using the minimax algorithm."
    assert minimax.answer == ""
    assert by_question(items, "Fill in the alpha").images == ("assets/rl-2.png",)
    assert sum(1 for item in items if item.images) == 2


def test_text_is_clean(items):
    for item in items:
        assert item.answer == ""
        assert item.difficulty is None
        assert not re.match(r"\s*\d+\.", item.prompt), item.prompt
        assert item.prompt == item.prompt.strip()
        assert not re.search(r"[ \t]$", item.prompt, re.MULTILINE)
        assert "  " not in item.question
        assert "<" not in item.prompt
        assert item.line > 0
    assert by_question(items, "Write the vanilla").question == "Write the vanilla gradient update."


def test_the_contents_list_and_title_are_not_questions(items):
    assert not any("Coputer" in item.prompt or "#" in item.prompt for item in items)
    assert all("Deep Learning Questions" not in item.section for item in items)


# --- the reader on synthetic snippets --------------------------------------------------------


def parse(text: str) -> list[RawItem]:
    return huyen_questions.parse(text)


def test_printed_numbers_are_not_identity():
    text = "## A\n1. First?\n1. Second?\n1. 1. Third?\n7. Fourth?\n3. Fifth?\n"
    assert [item.question for item in parse(text)] == [
        "First?",
        "Second?",
        "Third?",
        "Fourth?",
        "Fifth?",
    ]


def test_headers_lose_their_numbers_and_nest_by_level():
    text = "# Title\n### 8.3 Training\n1. A?\n#### 8.3.1 Deep part\n1. B?\n### 8.4 Other\n1. C?\n"
    assert [item.section for item in parse(text)] == [
        ("Training",),
        ("Training", "Deep part"),
        ("Other",),
    ]
    assert strip_heading_number("8.2.1 Natural language processing") == (
        "Natural language processing"
    )
    assert strip_heading_number("3D vision") == "3D vision"


def test_a_stem_that_is_not_a_label_reaches_every_sub_question():
    text = "1. Consider two models A and B trained on the same data.\n    1. Which is faster?\n"
    (item,) = parse(text)
    assert item.section == ()
    assert item.prompt == "Consider two models A and B trained on the same data. Which is faster?"


def test_a_label_prefixes_only_a_leaf_that_needs_it():
    text = "1. Activation functions.\n    1. Pros and cons of each activation function.\n"
    text += "    1. Is it differentiable?\n"
    first, second = parse(text)
    assert first.prompt == "Pros and cons of each activation function."
    assert second.prompt == "Activation functions. Is it differentiable?"
    assert first.section == second.section == ("Activation functions",)


def test_group_without_stem_gives_neither_section_nor_prompt():
    text = "1.\n    1. What is a tensor?\n"
    (item,) = parse(text)
    assert (item.section, item.prompt) == ((), "What is a tensor?")


def test_numbered_lines_in_a_code_fence_are_not_questions():
    text = "1. Given this code:\n    ```\n    1. x = 1\n    ```\n    1. What does it print?\n"
    (item,) = parse(text)
    assert item.prompt == "Given this code:\n\n```\n1. x = 1\n```\n\nWhat does it print?"


def test_pdf_hyphenation_html_and_spacing_are_repaired():
    (item,) = parse("1.  Why is the activa- tion  <br> non-linear?\n")
    assert item.question == "Why is the activation non-linear?"


def test_latex_and_links_survive():
    text = "1. Derive $$\\sigma'(x)$$, see https://example.org/a.\n"
    (item,) = parse(text)
    assert item.question == "Derive $$\\sigma'(x)$$, see https://example.org/a."
    assert item.links == ("https://example.org/a",)


def test_empty_and_listless_text_give_no_items():
    assert parse("") == []
    assert parse("# Title\n\nJust prose, no list.\n- a bullet\n") == []


@pytest.mark.parametrize(
    "text",
    ["0. 0\n```\n```<br>\n 0. 0", "0. 0\n```\n<br>\n```\n 0. 0"],
)
def test_layout_debris_between_fences_is_dropped(text):
    """Found by the property below: a <br> on or inside a fence survived into the prompt."""
    (item,) = parse(text)
    assert "<br>" not in item.prompt
    assert item.prompt.count("```") == 2


_LINE = st.tuples(
    st.sampled_from(["", "    ", "        ", "\t"]),
    st.sampled_from(["1. ", "2. ", "1. 1. ", "- ", "## 8.1 ", "```", "", "---"]),
    st.sampled_from(["[E] ", "[H]", "", "<br>", "<img src='a.png'>", "1. "]),
    st.text(max_size=12),
).map("".join)


@given(st.one_of(st.text(), st.lists(_LINE).map("\n".join)))
def test_any_text_parses_to_clean_prompts(text):
    for item in parse(text):
        assert item.question and item.prompt
        assert not re.match(r"\s*\d+\.\s", item.prompt)
        assert not re.search(r"[ \t]$", item.prompt + "\n" + item.answer, re.MULTILINE)
        assert "<br>" not in item.prompt
        assert item.line >= 1


def test_deep_nesting_does_not_overflow_the_stack():
    text = "".join(" " * (4 * depth) + f"1. Level {depth}\n" for depth in range(3000))
    (item,) = parse(text)
    assert item.question == "Level 2999"
    assert len(item.section) == 2999
