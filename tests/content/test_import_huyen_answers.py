"""The tagged-answers importer on the real 000 file, and its answer handling on ugly snippets."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from content.importers import huyen_answers
from content.importers.base import RawItem
from content.importers.text import repair_encoding, repair_mac_roman_runs

SOURCE_FILE = Path(__file__).parents[2] / "content/sources/000_d528cd462536b245.txt"

# Counted by hand, one per leaf, and cross-checked: every leaf carries exactly one [E]/[M]/[H]
# tag and no group does (grep -o finds 39 [E], 41 [M], 6 [H] = 86). NLP: 1 RNNS (3), 2, 3,
# 4 Word embeddings (3), 5 Given 5 documents (2), 6-15 → 3+2+3+2+10 = 20. Computer vision: 1,
# Filter size (2), five singles, Pooling (4), four singles → 16. RL: 28-35 → 8. Other: 36,
# Self-attention (4), Transfer learning (2), Bayesian (3), GANs (2) → 12. Training: items 41-60,
# seven of them groups holding 2+4+2+2+2+3+2 = 17 leaves, so 13 + 17 = 30.
PER_SECTION = {
    "Natural language processing": 20,
    "Computer vision": 16,
    "Reinforcement learning": 8,
    "Other": 12,
    "Training neural networks": 30,
}
MOJIBAKE = re.compile(r"‚Ä|Ã|â€|√|\uf8ff|üå")


@pytest.fixture(scope="module")
def items() -> list[RawItem]:
    return huyen_answers.parse(SOURCE_FILE.read_text(encoding="utf-8"))


def by_question(items: list[RawItem], start: str) -> RawItem:
    matches = [item for item in items if item.question.startswith(start)]
    assert len(matches) == 1, [item.question for item in matches]
    return matches[0]


def test_one_item_per_leaf_question(items):
    assert len(items) == 86
    assert Counter(item.section[0] for item in items) == PER_SECTION


def test_difficulty_tags(items):
    assert Counter(item.difficulty for item in items) == {"easy": 39, "medium": 41, "hard": 6}
    assert by_question(items, "What's the motivation for RNN?").difficulty == "easy"
    assert by_question(items, "How would you do dropouts").difficulty == "medium"
    assert by_question(items, "Most word embedding algorithms").difficulty == "hard"
    assert not any("[E]" in i.prompt or "[M]" in i.prompt or "[H]" in i.prompt for i in items)


def test_items_carry_source_and_line(items):
    assert {item.source for item in items} == {"huyen-answers"}
    lines = [item.line for item in items]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)
    raw = SOURCE_FILE.read_text(encoding="utf-8").splitlines()
    bleu = by_question(items, "BLEU is a popular metric")
    assert raw[bleu.line - 1].startswith("10. [M] BLEU")


def test_the_wrong_codec_is_repaired_everywhere(items):
    raw = SOURCE_FILE.read_text(encoding="utf-8")
    assert MOJIBAKE.search(raw)
    assert not MOJIBAKE.search(repair_mac_roman_runs(repair_encoding(raw)))
    for item in items:
        assert not MOJIBAKE.search(f"{item.prompt}\n{item.answer}\n{item.section}")
    assert by_question(items, "What's density estimation?")
    assert by_question(items, "What's the Levenshtein").question.endswith('"doctor" and "bottle"?')
    assert "θ = θ - α * ∇θL(θ)" in by_question(items, "Write the vanilla").answer


def test_labels_go_into_the_section(items):
    dropout = by_question(items, "How would you do dropouts")
    assert dropout.section == ("Natural language processing", "RNNS")
    assert dropout.prompt == "How would you do dropouts in an RNN?"
    assert by_question(items, "Pros and cons of each").section == (
        "Training neural networks",
        "Activation functions",
    )


def test_stems_and_referents_go_into_the_prompt(items):
    query = by_question(items, "Given a query Q")
    assert query.prompt == (
        "Given 5 documents:\n\n```\n"
        "D1: The duck loves to eat the worm\n"
        "D2: The worm doesn't like the early bird\n"
        "D3: The bird loves to get up early to get the worm\n"
        "D4: The bird gets the worm from the early duck\n"
        "D5: The duck and the birds are so different from each other but one thing they have in "
        "common is that they both get the worm\n```\n\n" + query.question
    )
    assert by_question(items, "Assume that document D5").prompt.startswith("Given 5 documents:")
    assert by_question(items, "What might be the exceptions?").prompt == (
        "It's a common practice for the learning rate to be reduced throughout the training. "
        "What might be the exceptions?"
    )
    assert by_question(items, "What else can you say").prompt.startswith("Adam vs. SGD. What else")


def test_an_answer_with_a_numbered_list_stays_one_answer(items):
    dropout = by_question(items, "How would you do dropouts")
    assert dropout.answer.splitlines() == [
        "Dropout can be applied in a RNN in different ways:",
        "1. It can be applied to the hidden state that goes to the output and not to the next "
        "timestamp. Note that different samples in a mini-batch should have different dropout "
        "masks but the same sample in different time steps should have the same mask",
        "2. It can be applied to the inputs x_t",
        "3. It can be applied to the weights between the hidden states. Note that the same "
        "dropout mask should be used for all time steps in a mini-batch",
    ]
    # Same indentation as the sub-questions of a group, yet under a tagged question: its answer.
    bleu = by_question(items, "BLEU is a popular metric")
    assert bleu.answer.startswith("Pros:\n1. It is widely used")
    assert "Cons:\n1. Does not consider semantics" in bleu.answer
    # "1. 1. 1." printed in the source is renumbered.
    softmax = by_question(items, "What problems might we encounter when using softmax")
    assert "\n2. Differentiated softmax" in softmax.answer
    assert "\n3. Sampling softmax" in softmax.answer


def test_an_answer_at_the_question_depth_belongs_to_it(items):
    why = by_question(items, "Why do we need word embeddings?")
    assert why.answer.startswith("Word embeddings are a way to map words")
    assert "count-based" not in why.answer
    assert by_question(items, "What's the difference between count-based").answer.startswith(
        "Count-based embeddings learn"
    )


def test_unanswered_questions_and_enumerations(items):
    graph = by_question(items, "Draw a graph number of training epochs")
    assert graph.question.endswith("is:\n1. too high\n2. too low\n3. acceptable.")
    assert graph.answer == ""
    assert by_question(items, "Why is Adagrad").answer == ""
    # By hand: the 8 RL questions, weight decay, the 2 + 3 + 1 + 2 at the end of 8.3, and the
    # two "Draw ..." questions have no answer.
    assert sum(1 for item in items if not item.answer) == 19


def test_latex_links_and_images(items):
    sigmoid = by_question(items, "Derive derivatives for sigmoid")
    assert sigmoid.question == (
        "Derive derivatives for sigmoid function $$\\sigma(x)$$ when $$x$$ is a vector."
    )
    numpy = by_question(items, "Write in plain NumPy")
    assert numpy.links == ("https://github.com/MaryFllh/ml_algorithms/tree/main/neural_net",)
    assert by_question(items, "Fill in the empty circles").images == ("images/image34.png",)
    alpha_beta = by_question(items, "Fill in the alpha and beta")
    assert alpha_beta.images == ("images/image35.png",)
    assert alpha_beta.answer == ""
    assert by_question(items, "It's a common practice to train").question.count("**") == 4


def test_text_is_clean(items):
    for item in items:
        assert not re.match(r"\s*\d+\.", item.prompt), item.prompt
        assert not re.search(r"[ \t]$", f"{item.prompt}\n{item.answer}", re.MULTILINE)
        assert not re.search(r"</?(?:center|img|br)\b", f"{item.prompt}\n{item.answer}")
        assert item.answer == item.answer.strip()
        assert "Tip" not in item.answer


# --- answers on synthetic snippets -----------------------------------------------------------


def parse(text: str) -> list[RawItem]:
    return huyen_answers.parse(text)


def test_untagged_items_under_a_tagged_question_are_its_answer():
    text = "1. [M] Name two losses.\n    1. MSE\n    1. Cross-entropy\n2. [E] Next?\n    Yes.\n"
    first, second = parse(text)
    assert (first.question, first.answer) == ("Name two losses.", "1. MSE\n2. Cross-entropy")
    assert (second.question, second.answer, second.difficulty) == ("Next?", "Yes.", "easy")


def test_a_tagged_group_without_stem_hands_its_tag_down():
    text = "2. [E]\n    1. What is a tensor?\n        A box of numbers.\n    1. [H] And a graph?\n"
    first, second = parse(text)
    assert (first.prompt, first.answer, first.difficulty) == (
        "What is a tensor?",
        "A box of numbers.",
        "easy",
    )
    assert second.difficulty == "hard"


def test_an_untagged_item_back_at_the_question_depth_starts_a_group():
    text = "1. [E] First?\n    Answer.\n    1. a point\n2. Pooling.\n    1. [E] Max or mean?\n"
    first, second = parse(text)
    assert first.answer == "Answer.\n1. a point"
    assert (second.section, second.prompt) == (("Pooling",), "Max or mean?")


def test_answer_code_and_nested_lists_keep_their_shape():
    text = (
        "1. [M] Show the update.\n"
        "    ```python\n"
        "    for i in range(3):\n"
        "        w -= lr * g\n"
        "    ```\n"
        "    Steps:\n"
        "        1. one\n"
        "            1. one point one\n"
        "        1. two   \n"
    )
    (item,) = parse(text)
    assert item.answer == (
        "```python\nfor i in range(3):\n    w -= lr * g\n```\n"
        "Steps:\n1. one\n    1. one point one\n2. two"
    )


def test_mojibake_in_a_snippet_is_repaired():
    (item,) = parse("1. [E] What‚Äôs a ‚Äúlogit‚Äù?\n    \uf8ffüå≥ A score.\n")
    assert item.question == 'What\'s a "logit"?'
    assert item.answer == "🌳 A score."


def test_images_are_recorded_and_html_dropped_from_the_answer():
    figure = '\t<center>\n\t\t<img src="images/t.png" width="45%">\n\t</center>\n'
    text = "1. [E] Read the tree.\n\n" + figure
    (item,) = parse(text)
    assert (item.prompt, item.answer, item.images) == ("Read the tree.", "", ("images/t.png",))
