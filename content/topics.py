"""Assigning a bank topic to a question from its section headers and its words."""

from __future__ import annotations

import re

from content.schema import Topic

# Section words decide the broad area; the first rule whose pattern matches any header wins.
_SECTION_RULES: tuple[tuple[str, Topic], ...] = (
    (r"natural language|\bnlp\b", "nlp"),
    (r"computer vision|coputer vision", "computer-vision"),
    (r"reinforcement", "reinforcement-learning"),
    (r"perceptron", "perceptrons"),
    (r"layers|topolog|blocks", "layers-architectures"),
    (r"activation", "activations"),
    (r"optimi[sz]ation|loss", "optimisation"),
    (r"regulari[sz]ation", "regularisation"),
    (r"advanced|other", "advanced"),
    (r"training|hyperparameter", "training"),
    (r"^questions$|classic", "classic-ml"),
)

# Inside the broad "training" area, the question's own words pick a narrower topic.
_TRAINING_REFINEMENTS: tuple[tuple[str, Topic], ...] = (
    (r"activation|relu|sigmoid|tanh|softmax|dead neuron", "activations"),
    (
        r"dropout|regulari[sz]|weight decay|\bl[12]\b|overfit|early stopping|label smoothing"
        r"|pruning|augmentation",
        "regularisation",
    ),
    (
        r"optimi[sz]|adam|adagrad|momentum|\bsgd\b|gradient descent|learning rate|loss"
        r"|saddle|local minim|gradient update|batch size",
        "optimisation",
    ),
    (
        r"batch norm|layer norm|normali[sz]ation|skip connection|residual|linear layers"
        r"|convolution|xor gate|architecture",
        "layers-architectures",
    ),
)


def _first_match(rules: tuple[tuple[str, Topic], ...], text: str) -> Topic | None:
    lowered = text.lower()
    for pattern, topic in rules:
        if re.search(pattern, lowered):
            return topic
    return None


def topic_for(source: str, section: tuple[str, ...], text: str) -> Topic:
    """The topic of a question found under `section` in `source` with the given words."""
    broad: Topic | None = None
    for header in section:
        broad = _first_match(_SECTION_RULES, header.strip())
        if broad:
            break
    if broad is None:
        # The blog post answers the book's chapter 8.3 and has no section headers of its own.
        broad = "training" if source == "blog-8-3" else "advanced"
    if broad == "training":
        return _first_match(_TRAINING_REFINEMENTS, text) or "training"
    return broad
