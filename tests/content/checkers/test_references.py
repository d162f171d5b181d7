"""Every reference answer in attached.yaml, recomputed here from first principles."""

import itertools
import math
import re

import numpy as np
import pytest

from content.checkers import check
from content.checkers.safe_expr import Compiled, read_expr
from content.schema import Checker
from tests.content.checkers.attached import entry

DOCUMENTS = {
    "D1": "The duck loves to eat the worm",
    "D2": "The worm doesn't like the early bird",
    "D3": "The bird loves to get up early to get the worm",
    "D4": "The bird gets the worm from the early duck",
    "D5": "The duck and the birds are so different from each other but one thing they have in "
    "common is that they both get the worm",
}
TERMS = ["bird", "duck", "worm", "early", "get", "love"]
QUERY = "The early bird gets the worm"


def term_counts(text: str) -> np.ndarray:
    words = [w[:-1] if w[:-1] in TERMS else w for w in re.findall(r"[a-z']+", text.lower())]
    return np.array([words.count(t) for t in TERMS], dtype=float)


def tfidf_cosines(documents: dict[str, str]) -> dict[str, float]:
    counts = {name: term_counts(text) for name, text in documents.items()}
    df = sum((c > 0).astype(float) for c in counts.values())
    idf = np.log(len(documents) / df)
    query = term_counts(QUERY) * idf
    result = {}
    for name, c in counts.items():
        vector = c * idf
        norm = np.linalg.norm(vector) * np.linalg.norm(query)
        result[name] = float(vector @ query / norm) if norm else 0.0
    return result


def ranked(cosines: dict[str, float]) -> list[str]:
    return sorted(cosines, key=lambda name: -cosines[name])


def levenshtein(a: str, b: str) -> int:
    table = np.zeros((len(a) + 1, len(b) + 1), dtype=int)
    table[:, 0] = range(len(a) + 1)
    table[0, :] = range(len(b) + 1)
    for i, j in itertools.product(range(1, len(a) + 1), range(1, len(b) + 1)):
        table[i, j] = min(
            table[i - 1, j] + 1, table[i, j - 1] + 1, table[i - 1, j - 1] + (a[i - 1] != b[j - 1])
        )
    return int(table[-1, -1])


def conv_out(size: int, kernel: int, stride: int = 1, padding: int = 0) -> int:
    """Count the window positions one by one."""
    return sum(1 for start in range(-padding, size + padding - kernel + 1, stride))


def vgg_features(size: tuple[int, int], config: list) -> list[int]:
    height, width, channels = *size, 3
    for layer in config:
        if layer == "M":
            height, width = conv_out(height, 2, 2), conv_out(width, 2, 2)
        else:
            channels = layer
            height, width = conv_out(height, 3, 1, 1), conv_out(width, 3, 1, 1)
    return [1, channels, height, width]


VGG11 = [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"]
INPUTS = np.array(list(itertools.product((0, 1), repeat=2)), dtype=float)


def spec(match: str) -> dict:
    return entry(match)["spec"]


def test_tfidf_top_two_is_d4_then_d3() -> None:
    cosines = tfidf_cosines(DOCUMENTS)
    assert (
        ranked(cosines)
        == spec("find the two top-ranked documents according to the TF/IDF rank")["order"]
    )
    assert cosines["D4"] == pytest.approx(0.83, abs=0.005)
    assert cosines["D3"] == pytest.approx(0.74, abs=0.005)


def test_d5_with_bird_three_times_keeps_its_rank() -> None:
    changed = dict(DOCUMENTS, D5=DOCUMENTS["D5"] + " bird bird")
    cosines = tfidf_cosines(changed)
    assert cosines["D5"] > tfidf_cosines(DOCUMENTS)["D5"]
    rank = ranked(cosines).index("D5") + 1
    assert rank == spec("goes on to tell more about the duck and the bird")["value"]


def test_levenshtein_doctor_bottle() -> None:
    assert levenshtein("doctor", "bottle") == spec("Levenshtein distance of the two words")["value"]
    assert levenshtein("kitten", "sitting") == 3  # the textbook example, to trust the table


def test_single_node_sum_and_relu() -> None:
    out1 = 0.9 * -0.3 + 0.7 * 0.15 + 0.001
    assert out1 == pytest.approx(
        spec("What is the value of the output (out1) observed at the sum node")["value"]
    )
    assert max(0.0, out1) == spec("What is the value of the output (out2) now")["value"]


def test_hidden_layer_outputs() -> None:
    weights = np.array([[-0.3, 0.15], [0.32, -0.91], [0.37, 0.47]])
    hidden = np.maximum(weights @ np.array([0.9, 0.7]) + 0.002, 0)
    assert hidden == pytest.approx(
        spec("calculate the output of the MLP at the hidden layers")["values"]
    )


@pytest.mark.parametrize(
    ("match", "bias"), [("The weights in the SLP are", -2.5), ("B1 was amended", -0.25)]
)
def test_perceptron_sums(match: str, bias: float) -> None:
    assert INPUTS @ np.array([1.0, 1.0]) + bias == pytest.approx(spec(match)["values"])


def test_distances() -> None:
    difference = np.array([6, 1, 4, 5]) - np.array([2, 8, 3, -1])
    reference = spec("Compute both the Euclidean and Manhattan distance")["values"]
    assert [
        math.sqrt(float(difference @ difference)),
        float(np.abs(difference).sum()),
    ] == pytest.approx(reference)


def test_vgg11_shapes() -> None:
    full = spec("determine the dimensions of the tensor which is the output of applying the VGG11")
    assert vgg_features((224, 224), VGG11) == full["dims"]
    assert vgg_features((704, 1024), VGG11) == [1, 512, 22, 32]
    block = spec("output of applying the block")
    first = [1, 64, conv_out(conv_out(224, 3, 1, 1), 2, 2), conv_out(conv_out(224, 3, 1, 1), 2, 2)]
    assert first == block["dims"]
    convs = [layer for layer in VGG11 if layer != "M"]
    facts = [len(convs), 2 ** VGG11.count("M"), convs[0], convs[-1]]
    assert facts == spec("The VGG11 architecture consists of")["values"]


def test_double_maxpool_shape() -> None:
    size = conv_out(224, 7, 1, 2)
    size = conv_out(conv_out(size, 2, 2), 2, 2)
    assert [1, 32, size, size] == spec("Inline9,there is a MaxPool2D(2,2) operation")["dims"]
    assert conv_out(conv_out(224, 7, 1, 2), 4, 4) == size  # the single MaxPool2d(4, 4) agrees


def test_hidden_layer_count() -> None:
    linear_layers = [(200, 512), (512, 512), (512, 10)]
    assert (
        len(linear_layers) - 1
        == spec("How many hidden layers does the layer entitles nn001 have")["value"]
    )


def reference_formula(match: str) -> Compiled:
    """The entry's reference expression, compiled by the checker's own safe reader."""
    names = {v: v for v in spec(match)["variables"]}
    return read_expr(spec(match)["expr"], names)


def formula_checker(match: str) -> Checker:
    return Checker(kind="formula", spec=spec(match))


def test_posterior_is_normalised_likelihood_times_prior() -> None:
    theta = np.linspace(0, 1, 200_001)
    unnormalised = theta**4  # four drops out of four, uniform prior
    density = unnormalised / np.trapezoid(unnormalised, theta)
    # the reference, read back through the checker at a few points, matches the density
    for point in (0.2, 0.5, 0.9):
        value = float(np.interp(point, theta, density))
        reply = f"{value:.12g} * (theta/{point})**4"
        assert check(formula_checker("Compute the posterior of"), reply).verdict == "correct"


def test_two_dropouts_keep_probability_by_enumeration() -> None:
    reference = reference_formula("Either prove that he is right or provide a single example")
    for p, q in [(0.1, 0.2), (0.5, 0.5), (0.3, 0.0)]:
        dropped = sum(
            (p if a else 1 - p) * (q if b else 1 - q)
            for a, b in itertools.product((True, False), repeat=2)
            if a or b
        )
        assert reference.evaluate({"P": np.array([p]), "Q": np.array([q])})[0] == pytest.approx(
            dropped
        )


def finite_difference(function, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    return (function(x + h) - function(x - h)) / (2 * h)


@pytest.mark.parametrize(
    ("match", "function"),
    [
        ("Derive derivatives for sigmoid function", lambda x: 1 / (1 + np.exp(-x))),
        ("Manually derive the derivative of the tanh function", np.tanh),
        ("Manually derive the derivative of eq. 8.27", lambda x: 1 / (1 + 2 ** (-1.5 * x))),
    ],
)
def test_derivatives_match_finite_differences(match: str, function) -> None:
    x = np.linspace(-3, 3, 13)
    reference = reference_formula(match).evaluate({"x": x})
    assert reference == pytest.approx(finite_difference(function, x), rel=1e-6, abs=1e-9)


def test_conv_output_formula_matches_window_count() -> None:
    formula = reference_formula("filters of size")
    for n, f, s, p in itertools.product(range(5, 20), range(1, 6), range(1, 4), range(0, 3)):
        if f > n + 2 * p:
            continue
        value = formula.evaluate(
            {k: np.array([float(v)]) for k, v in zip("nfsp", (n, f, s, p), strict=True)}
        )
        assert value[0] == conv_out(n, f, s, p)


def test_gradient_step_lowers_a_quadratic_loss() -> None:
    update = reference_formula("Write the vanilla gradient update")
    w = np.array([3.0])
    for _ in range(50):
        w = update.evaluate({"w": w, "lr": np.array([0.1]), "g": 2 * w})  # loss w²
    assert abs(w[0]) < 1e-3


def step_network(weights: list[float], hidden: int) -> np.ndarray:
    params = np.array(weights)
    if hidden == 0:
        return (INPUTS @ params[:2] + params[2] > 0).astype(int)
    units = params[:6].reshape(2, 3)
    h = (INPUTS @ units[:, :2].T + units[:, 2] > 0).astype(float)
    return (h @ params[6:8] + params[8] > 0).astype(int)


def test_and_and_xor_targets() -> None:
    assert (
        list(np.logical_and(INPUTS[:, 0], INPUTS[:, 1]).astype(int))
        == spec("function as an AND logic gate")["targets"]
    )
    xor = spec("smallest neural network that can function as an XOR gate")
    assert list(np.logical_xor(INPUTS[:, 0], INPUTS[:, 1]).astype(int)) == xor["targets"]
    assert list(step_network([1, 1, -0.5, -1, -1, 1.5, 1, 1, -1.5], 2)) == xor["targets"]
    # no single perceptron computes XOR: search a grid of weights
    grid = np.linspace(-2, 2, 17)
    assert not any(
        list(step_network([a, b, c], 0)) == xor["targets"]
        for a, b, c in itertools.product(grid, repeat=3)
    )


def test_relu_commutes_with_inverted_dropout() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=1000)
    mask = rng.random(1000) > 0.3
    relu = lambda z: np.maximum(z, 0)  # noqa: E731
    sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    assert np.allclose(relu(mask * x / 0.7), mask * relu(x) / 0.7)
    assert not np.allclose(sigmoid(mask * x / 0.7), mask * sigmoid(x) / 0.7)
    assert spec("An activation function applied after a Dropout, is equivalent")["answers"] == [
        "true"
    ]


def test_naive_bayes_tweet() -> None:
    train = [
        ("This makes me so upset", "negative"),
        ("This puppy makes me happy", "positive"),
        ("Look at this happy hamster", "positive"),
        ("No hamsters allowed in my house", "negative"),
    ]
    words = {
        label: [w for text, lab in train if lab == label for w in text.lower().split()]
        for label in ("positive", "negative")
    }
    vocabulary = set(words["positive"]) | set(words["negative"])
    test = [w for w in "the hamster is upset with the puppy".split() if w in vocabulary]
    scores = {
        label: 0.5 * math.prod((ws.count(w) + 1) / (len(ws) + len(vocabulary)) for w in test)
        for label, ws in words.items()
    }
    assert max(scores, key=scores.get) == spec("what's sentiment of the sentence")["items"][0]
