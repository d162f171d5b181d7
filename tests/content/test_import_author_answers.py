"""The author-answers importer on its real source document and on small ugly cases."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from content.importers import author_answers
from content.importers.author_answers import SOURCE, UNSEEN_FIGURE, parse

SOURCE_FILE = Path(__file__).parents[2] / "content/sources/001_22356c8fbe9f935f.txt"
NUMBER_ARTEFACT = re.compile(r"^\s*(?:\*\*\d+\.?\*\*|\d+[.)]\s|\*?\s*[ivx]+\.\s)")

# Counted by hand from the file, one per leaf (a group's sub-questions count, not the group):
# 8.1.2: Q1-3 (3), Q4 i-ii (2), Q5 i-iv (4), Q6 i-iii (3), Q7 i-ii (2), Q8 i-ii (2),
#        Q9 i-iii (3), Q10 i-ii (2), Q11 (1), Q12 i-ii (2), Q13 i-ii (2), Q14 i-ii (2)  = 28
# 8.2.1: Q1 i-iii (3), "2." unbolded (1), Q3 (1), Q4 i-iii (3), Q5 i-ii (2), Q6 (1)     = 11
# 8.2.2: Q1 (1), Q2 i-ii (2), Q3-7 (5), Q8 i-iv (4), "9." unbolded (1)                 = 13
# 8.3:   Q1-2 (2), Q3 i-ii (2), Q4 i-iv (4), Q5 (1), Q6 i-ii (2), Q7-12 (6),
#        Q13 "i." + the unmarked warmup question (2), Q14-16 (3), Q17 i-ii (2),
#        Q18 i-iii (3), Q19 (1), Q20 i-ii (2), Q21-25 (5), Q26 i-ii (2), Q27 i-iii (3),
#        Q28 i-ii (2), Q29-30 (2)                                                      = 44
EXPECTED_TOTAL = 96
EXPECTED_SECTIONS = {
    "Classic machine learning": 28,
    "Natural language processing": 11,
    "Computer vision": 13,
    "Training neural networks": 44,
}


@pytest.fixture(scope="module")
def items():
    return parse(SOURCE_FILE.read_text(encoding="utf-8"))


def by_question(items, start: str, nth: int = 0):
    found = [item for item in items if item.question.startswith(start)]
    assert found, f"no question starts with {start!r}"
    return found[nth]


def test_leaf_count_and_sections(items):
    assert len(items) == EXPECTED_TOTAL
    assert Counter(item.section[0] for item in items) == EXPECTED_SECTIONS
    assert items[0].section == ("Classic machine learning", "Questions")


def test_every_item_has_source_and_a_line_that_holds_its_question(items):
    lines = SOURCE_FILE.read_text(encoding="utf-8").splitlines()
    for item in items:
        assert item.source == SOURCE
        assert item.line >= 1
        assert item.question.split()[0] in lines[item.line - 1], item.question
    assert [item.line for item in items] == sorted(item.line for item in items)


def test_no_number_artefacts_trailing_space_or_html(items):
    for item in items:
        for text in (item.question, item.prompt):
            assert not NUMBER_ARTEFACT.match(text), text
        for text in (item.prompt, item.answer):
            assert all(line == line.rstrip() for line in text.splitlines())
            assert "<br" not in text and "<img" not in text and "</" not in text


def test_missing_stems_are_restored_so_sub_questions_say_what_they_ask_about(items):
    compare = by_question(items, "Compare the two.")
    assert compare.prompt == (
        "k-means and GMM are both powerful clustering algorithms. Compare the two."
    )
    assert compare.answer.startswith("- Gaussian Mixture Model (GMM)")
    kmeans_k = by_question(items, "How would you choose the value of k?", 0)
    knn_k = by_question(items, "How would you choose the value of k?", 1)
    assert kmeans_k.prompt == "k-means clustering. How would you choose the value of k?"
    assert knn_k.prompt == "k-nearest neighbor classification. How would you choose the value of k?"
    assert knn_k.section[-1] == "k-nearest neighbor classification"
    assert by_question(items, "How are they used in deep learning?").prompt.startswith(
        "Bagging and boosting are two popular ensembling methods."
    )


def test_stem_with_documents_is_carried_into_each_sub_question(items):
    for start in ("Given a query Q", "Assume that document D5"):
        item = by_question(items, start)
        assert item.prompt.startswith(
            "Given 5 documents:\n\n- D1: The duck loves to eat the worm\n"
        )
        assert "- D5: The duck and the birds" in item.prompt
        assert item.prompt.endswith(item.question)
        assert not item.question.startswith("Given 5 documents")


def test_label_is_a_section_entry_and_leads_only_a_prompt_that_needs_it(items):
    detect = by_question(items, "How do we detect them in our neural network?")
    assert detect.prompt == "Dead neuron. How do we detect them in our neural network?"
    assert detect.section == ("Training neural networks", "Dead neuron")
    assert detect.answer == ""
    assert by_question(items, "What’s a dead neuron?").prompt == "What’s a dead neuron?"
    assert by_question(items, "What else can you say").prompt.startswith("Adam vs. SGD. ")
    assert by_question(items, "How well would vanilla SVM").prompt.startswith("SVM. How well")


def test_context_stem_sentence_goes_into_the_prompt_not_the_question(items):
    motivation = by_question(items, "What’s the motivation?")
    assert motivation.prompt == (
        "It’s a common practice for the learning rate to be reduced throughout the training. "
        "What’s the motivation?"
    )
    assert motivation.answer.startswith("Big learning rates are fast")


def test_oddly_marked_questions_are_found(items):
    assert by_question(items, "What’s density estimation?").line == 245
    assert by_question(items, "When we replace a normal convolutional layer").line == 411
    assert by_question(items, "Is feature scaling necessary for kernel methods?").line == 154
    assert by_question(items, "When training a large neural network").line == 587
    warmup = by_question(items, "What’s learning rate warmup?")
    assert warmup.section == ("Training neural networks", "Learning rate")
    assert warmup.answer.startswith("Consider gradient update:")
    draw = by_question(items, "Draw a graph number of training epochs")
    assert draw.answer == "![Convex](Images/Convex%20Bowls.png)"


def test_numbered_list_inside_an_answer_stays_in_that_answer(items):
    choose = by_question(items, "How do you choose what to prune")
    assert "1. Evaluate the importance of each neuron." in choose.answer
    assert "4. Check a termination condition" in choose.answer
    assert not any(item.question.startswith("Evaluate the importance") for item in items)


def test_arrow_lines_become_bullets_and_the_arrow_tree_a_text_block(items):
    why = by_question(items, "Why do we use feature selection?")
    assert (
        why.answer.splitlines()[0]
        == "- Reduced required memory (due to eliminating unnecesary predictors)"
    )
    assert "->" not in why.answer
    density = by_question(items, "What’s density estimation?")
    assert "```text\nI -> am\n  -> belive\n  -> do\nI am\n    -> happy" in density.answer


def test_code_is_preserved_and_indented_code_fenced(items):
    numpy = by_question(items, "Write in plain NumPy")
    assert (
        "```python\nimport numpy as np\n\ndef forward_pass(w1, w2, x):\n    z1 = np.dot(w1, x)"
        in (numpy.answer)
    )
    assert "```\nz1 = <w1,x>.............z1 = np.dot(w1,x)\n" in numpy.answer
    dropout = by_question(items, "Implement vanilla dropout")
    assert dropout.answer.startswith("```python\ndef forward_pass_with_dropout(")
    assert dropout.answer.endswith("```")


def test_question_running_past_its_line_keeps_its_table(items):
    tweet = by_question(items, "Let’s try to construct a Naive Bayes classifier")
    assert (
        "| Tweet | Label |\n| --- | --- |\n| This makes me so upset | Negative |" in tweet.question
    )
    assert tweet.question.endswith(
        "what's sentiment of the sentence `The hamster is upset with the puppy?`"
    )
    assert tweet.answer == "![Bayes1](Images/Bayes1.png)\n![Bayes2](Images/Bayes2.png)"
    assert tweet.images == ("Images/Bayes1.png", "Images/Bayes2.png")


def test_images_links_and_hints(items):
    matrix = by_question(items, "Construct its adjacency matrix.")
    assert matrix.prompt == "Given this directed graph. Construct its adjacency matrix."
    assert matrix.images == ("Images/Adjency%20Matrix.png", UNSEEN_FIGURE)
    assert UNSEEN_FIGURE in by_question(items, "Given the following dataset").images
    assert by_question(items, "What is the role of zero padding?").images == ()
    prune = by_question(items, "Pruning is a popular technique")
    assert prune.links == (
        "https://en.wikipedia.org/wiki/Pruning_(artificial_neural_network)#:~:text=In%20the%20"
        "context%20of%20artificial,network%20while%20increasing%20its%20efficiency",
    )
    visual = by_question(items, "For neural networks that work with images")
    assert visual.prompt.endswith("Hint: check out this Distill post on Feature Visualization.")
    assert visual.answer == ""


# --- small synthetic documents, one per ugly case ---------------------------------------------


def test_empty_and_binary_input_give_nothing():
    assert parse("") == []
    assert parse("\x00\xff\x89PNG\r\n\x1a\n") == []


def test_stemless_group_takes_the_book_stem_and_unknown_ones_stay_bare():
    text = (
        "# 8.1.2 Questions\n\n**7.**\n\n* i. Compare the two.\n\nA.\n\n**8.**\n\n* i. Why?\n\nB.\n"
    )
    first, second = parse(text)
    assert first.prompt.startswith("k-means and GMM")
    assert (second.question, second.prompt, second.answer) == ("Why?", "Why?", "B.")


def test_plain_numbered_line_is_a_question_only_when_it_is_the_next_number():
    text = (
        "# 8.3 Training\n\n**1.** First?\n\nSteps:\n\n1. Do this.\n2. Do that.\n\n2. And this.\n\n"
        "Done.\n\n2. Second question?\n\nAnswer two.\n"
    )
    first, second = parse(text)
    assert first.answer == "Steps:\n\n1. Do this.\n2. Do that.\n\n2. And this.\n\nDone."
    assert (second.question, second.answer) == ("Second question?", "Answer two.")


def test_answer_bullets_are_not_sub_questions_and_roman_order_is_kept():
    text = "# 8.3 T\n\n**1.** Label.\n\n* i. One?\n\n* point a\n* iii. not a sub\n\n* ii. Two?\n"
    one, two = parse(text)
    assert one.answer == "* point a\n* iii. not a sub"
    assert two.question == "Two?"


def test_unmarked_question_needs_a_group_with_subs_and_a_whole_question():
    text = (
        "# 8.3 T\n\n**1.** Lone question?\n\nWhat to do?\n\nWhat would you do about this now?\n\n"
        "**2.** Label.\n\n* i. First?\n\nAnswer.\n\nWhat would you do about this now?\n\nSecond.\n"
    )
    items = parse(text)
    assert [item.question for item in items] == [
        "Lone question?",
        "First?",
        "What would you do about this now?",
    ]
    assert "What would you do about this now?" in items[0].answer
    assert items[2].answer == "Second."


def test_tabbed_rows_become_a_table_and_arrow_lines_bullets():
    text = "# 8.3 T\n\n**1.** Given rows\n\nA\tB\n\n1\t2\n\nWhich?\n\n-> yes\n->no\n"
    (item,) = parse(text)
    assert item.question == "Given rows\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n\nWhich?"
    assert item.answer == "- yes\n- no"


def test_header_numbers_are_dropped_and_generic_titles_named():
    assert author_answers._section("8.2.2 Computer vision") == ("Computer vision",)
    assert author_answers._section("8.1.2 Questions") == ("Classic machine learning", "Questions")
