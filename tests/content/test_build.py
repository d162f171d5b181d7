"""The build pipeline on small synthetic sources: merging, curation, ids, flags, determinism."""

from __future__ import annotations

import pytest

from content.build import answer_kind, bank_files, build, estimate_difficulty, slug
from content.curation import Curation, ItemRef
from content.importers.base import RawItem
from content.merge import MERGE_AT, find_groups
from content.reviews import Review
from content.topics import topic_for


def item(source: str, question: str, line: int = 1, **kw: object) -> RawItem:
    kw.setdefault("prompt", question)
    kw.setdefault("section", ("Training neural networks",))
    return RawItem(source=source, question=question, line=line, **kw)  # type: ignore[arg-type]


ITEMS = [
    item(
        "huyen-answers",
        "What’s the motivation for skip connection in neural works?",
        1,
        answer="Skip connections ease gradient flow.",
        difficulty="easy",
    ),
    item("huyen-questions", "What's the motivation for skip connection in neural works?", 5),
    item(
        "blog-8-3",
        "What’s the motivation for skip connections in neural networks?",
        9,
        answer="See https://example.org/resnet",
    ),
    item(
        "huyen-questions", "Why is Adagrad sometimes favored in problems with sparse gradients?", 7
    ),
    item(
        "author-answers",
        "Compare the two.",
        3,
        prompt="Given BatchNorm and LayerNorm.\n\nCompare the two: BatchNorm and LayerNorm.",
        section=("Training neural networks",),
    ),
    item(
        "ds-neural-networks",
        "What is shown in the figure below?",
        4,
        section=("Perceptron",),
        images=("img/fig1.png",),
    ),
]


def test_the_same_question_from_three_sources_merges_into_one_with_every_answer() -> None:
    built = build(items=ITEMS, curation=Curation(), attachments=[], reviews={})
    skip = next(q for q in built.questions if "skip" in q.id)
    assert sorted(r.source for r in skip.sources) == [
        "blog-8-3",
        "huyen-answers",
        "huyen-questions",
    ]
    assert [a.source for a in skip.answers] == ["huyen-answers", "blog-8-3"]
    assert skip.difficulty == "easy" and skip.difficulty_from_source
    assert len(built.questions) == 4


def test_two_questions_of_one_source_never_merge_even_when_identical() -> None:
    twins = [item("huyen-questions", "Batch size.", 1), item("huyen-questions", "Batch size.", 9)]
    result = find_groups(twins)
    assert result.groups == [[0], [1]]


def test_a_swapped_content_word_is_a_near_miss_not_a_merge() -> None:
    items = [
        item("huyen-answers", "What's the motivation for RNN?"),
        item("author-answers", "What's the motivation for LSTM?"),
        item("blog-8-3", "Why do we need upsampling in a convolutional network?"),
        item("huyen-questions", "Why do we need downsampling in a convolutional network?"),
    ]
    result = find_groups(items)
    assert result.groups == [[0], [1], [2], [3]]
    assert {frozenset((p.a, p.b)) for p in result.near_misses} == {
        frozenset((0, 1)),
        frozenset((2, 3)),
    }


def test_apart_keeps_a_look_alike_pair_separate() -> None:
    items = [
        item("huyen-answers", "What’s the motivation for skip connection in neural works?"),
        item("blog-8-3", "What’s the motivation for skip connections in neural networks?"),
    ]
    assert len(find_groups(items).groups) == 1
    apart = find_groups(items, apart={frozenset((0, 1))})
    assert len(apart.groups) == 2
    assert apart.near_misses[0].score >= MERGE_AT


def test_forced_merge_joins_differently_worded_questions() -> None:
    items = [
        item("huyen-answers", "Gradient descent vs SGD vs mini-batch SGD."),
        item("blog-8-3", "Compare full-batch, stochastic and mini-batch gradient descent."),
    ]
    assert len(find_groups(items).groups) == 2
    assert len(find_groups(items, forced={frozenset((0, 1))}).groups) == 1


def test_curation_excludes_fixes_and_flags_survive_the_build() -> None:
    first = build(items=ITEMS, curation=Curation(), attachments=[], reviews={})
    adagrad = next(q.id for q in first.questions if "adagrad" in q.id)
    curation = Curation.model_validate(
        {
            "exclude": [{"match": "shown in the figure"}],
            "questions": {
                adagrad: {
                    "prompt": "Why is Adagrad favoured for sparse gradients?",
                    "reason": "typo",
                }
            },
        }
    )
    built = build(items=ITEMS, curation=curation, attachments=[], reviews={})
    by_id = {q.id: q for q in built.questions}
    assert by_id[adagrad].prompt == "Why is Adagrad favoured for sparse gradients?"
    assert not any(q.needs_figure for q in built.questions)


def test_a_curation_ref_that_names_nothing_or_several_items_fails_the_build() -> None:
    for match in ["no such words anywhere", "motivation for skip"]:
        with pytest.raises(ValueError, match="must name one question"):
            build(
                items=ITEMS,
                curation=Curation(exclude=[ItemRef(match=match)]),
                attachments=[],
                reviews={},
            )


def test_figure_and_context_flags() -> None:
    built = build(items=ITEMS, curation=Curation(), attachments=[], reviews={})
    fig = next(q for q in built.questions if q.sources[0].source == "ds-neural-networks")
    assert fig.needs_figure and not fig.schedulable
    compare = next(q for q in built.questions if q.sources[0].source == "author-answers")
    assert "BatchNorm and LayerNorm" in compare.prompt and compare.schedulable


def test_reviews_and_errata_attach_to_the_right_answers() -> None:
    first = build(items=ITEMS, curation=Curation(), attachments=[], reviews={})
    skip = next(q.id for q in first.questions if "skip" in q.id)
    review = Review(
        answer="They give gradients a short path.",
        key_points=["identity path"],
        errata={"blog-8-3": "link only"},
        omit=["blog-8-3"],
    )
    built = build(items=ITEMS, curation=Curation(), attachments=[], reviews={skip: review})
    q = next(q for q in built.questions if q.id == skip)
    assert q.reviewed is not None and q.reviewed.key_points == ["identity path"]
    blog = next(a for a in q.answers if a.source == "blog-8-3")
    assert blog.erratum == "link only" and blog.omit and blog.kind == "link-only"


def test_the_build_is_byte_for_byte_deterministic() -> None:
    once = bank_files(build(items=ITEMS, curation=Curation(), attachments=[], reviews={}).questions)
    again = bank_files(
        build(items=list(ITEMS), curation=Curation(), attachments=[], reviews={}).questions
    )
    assert once == again and once


def test_slugs_are_readable_unique_and_never_numbers() -> None:
    taken: set[str] = set()
    assert slug("What's the motivation for RNN?", taken) == "motivation-rnn"
    assert slug("What’s the motivation for RNN?", taken) == "motivation-rnn-2"
    assert slug("12.", taken) == "12"  # a slug, but the importers never hand over bare numbers


@pytest.mark.parametrize(
    ("text", "images", "kind"),
    [
        ("Because gradients vanish.", (), "prose"),
        ("```python\nx = 1\ny = 2\n```", (), "code"),
        ("See https://arxiv.org/abs/1512.03385", (), "link-only"),
        ("![plot](img/a.png)", ("img/a.png",), "image-only"),
    ],
)
def test_answer_kinds(text: str, images: tuple[str, ...], kind: str) -> None:
    assert answer_kind(text, images) == kind


def test_topics_from_sections_and_words() -> None:
    assert topic_for("huyen-answers", ("Natural language processing", "RNNs"), "x") == "nlp"
    assert topic_for("blog-8-3", (), "Why is Adagrad favored?") == "optimisation"
    assert topic_for("author-answers", ("Questions",), "Naive Bayes classifier") == "classic-ml"
    assert topic_for("ds-neural-networks", ("Regularization for deep learning",), "x") == (
        "regularisation"
    )


def test_difficulty_estimate() -> None:
    assert estimate_difficulty("Derive the gradient of softmax cross-entropy.") == "hard"
    assert estimate_difficulty("What is a perceptron?") == "easy"
    assert estimate_difficulty("Compare batch norm and layer norm.") == "medium"
