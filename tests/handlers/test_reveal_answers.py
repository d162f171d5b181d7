"""What a reveal shows of the source answers: nothing for an image we do not have."""

from content.schema import Question, SourceAnswer, SourceRef
from handlers.messages import answers_text


def question(*answers: SourceAnswer) -> Question:
    return Question(
        id="q",
        topic="training",
        prompt="Why?",
        sources=[SourceRef(source="blog-8-3", line=1, question="Why?")],
        answers=list(answers),
        links=["https://example.org/paper"],
    )


def test_image_only_answers_are_left_out_and_link_only_ones_become_links() -> None:
    text = answers_text(
        question(
            SourceAnswer(source="author-answers", kind="image-only", text="![OOB](Images/OOB.png)"),
            SourceAnswer(source="huyen-answers", kind="link-only", text="https://cs231n.example/a"),
            SourceAnswer(source="blog-8-3", kind="prose", text="Because epochs cover the data."),
        ),
        None,
    )
    assert "author-answers" not in text and "OOB" not in text
    assert "From huyen-answers" not in text
    assert "- https://cs231n.example/a" in text
    assert "- https://example.org/paper" in text
    assert "**From blog-8-3**\nBecause epochs cover the data." in text


def test_a_question_with_only_an_image_answer_still_says_so() -> None:
    only = question(SourceAnswer(source="author-answers", kind="image-only", text="![x](a.png)"))
    only = only.model_copy(update={"links": []})
    assert answers_text(only, None) == "No model answer is stored for this question."
