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
    parts = spec("determine the dimensions of the tensor which is the output of applying the VGG11")
    inputs = [(224, 224), (512, 512), (704, 1024)]
    assert [vgg_features(size, VGG11) for size in inputs] == [
        part["spec"]["dims"] for part in parts["parts"]
    ]
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


# The audit's additions (issue 17): each reference recomputed, and checked by the checker itself.

H = np.maximum(np.array([[-0.3, 0.15], [0.32, -0.91], [0.37, 0.47]]) @ [0.9, 0.7] + 0.002, 0)
W_OUT = np.array([[0.15, -0.46, 0.59], [0.10, 0.32, -0.79]])


def reads_as_right(match: str, reply: str) -> bool:
    found = entry(match)
    return check(Checker(kind=found["kind"], spec=found["spec"]), reply).verdict == "correct"


def test_first_vgg11_convolution_has_64_channels() -> None:
    assert VGG11[0] == spec("The first convolutional layer produces")["value"]


def test_output_nodes_softmax_and_cross_entropy() -> None:
    gamma = W_OUT @ H
    match = "at a certain point in time that the weights between the hidden layers and the output"
    assert gamma == pytest.approx(spec(match)["values"], abs=1e-5)
    softmax = np.exp(gamma) / np.exp(gamma).sum()
    match = "Assume now that a Softmax activation is applied to the output"
    assert softmax == pytest.approx(spec(match)["values"], abs=1e-5)
    match = "Assume now that a cross-entropy loss is applied to the output of the Softmax"
    assert -np.log(softmax) == pytest.approx(spec(match)["values"], abs=1e-5)


def test_tanh_by_its_definition() -> None:
    x = np.array([0.37, 0.192, 0.571])
    by_formula = (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
    assert by_formula == pytest.approx(spec("Use this numpy array as an input")["values"], abs=1e-5)


def test_standard_normal_moments_by_integration() -> None:
    x = np.linspace(-12, 12, 200_001)
    density = np.exp(-(x**2) / 2) / math.sqrt(2 * math.pi)
    mean = np.trapezoid(x * density, x)
    variance = np.trapezoid((x - mean) ** 2 * density, x)
    assert [mean, variance] == pytest.approx(
        spec("The normal distribution is defined as follows")["values"], abs=1e-9
    )


def test_confirmed_sum_and_relu() -> None:
    out1 = float(np.dot([-0.3, 0.15], [0.9, 0.7]) + 0.001)
    assert [out1, max(out1, 0.0)] == pytest.approx(
        spec("Confirm your manual calculation using PyTorch tensors")["values"], abs=1e-12
    )


def test_shape_after_the_batch_norm() -> None:
    size = conv_out(224, 7, 1, 2)  # batch norm keeps the shape
    assert [1, 32, size, size] == spec("After running line 8, what is the resulting tensor")["dims"]


def vgg11_modules() -> list[str]:
    """torchvision's vgg11().features, module by module: conv, ReLU per layer, M a max-pool."""
    modules = []
    for layer in VGG11:
        modules += ["MaxPool2d"] if layer == "M" else ["Conv2d", "ReLU"]
    return modules


def test_vgg11_features_end_with_a_max_pool_and_use_relu() -> None:
    modules = vgg11_modules()
    assert len(modules) == 21
    assert modules[-1] == spec("The last layer of the VGG11 architecture is")["answer"]
    blanks = spec("Each convolutional layer is followed by a `[...]` activation function")["blanks"]
    following = {modules[i + 1] for i, m in enumerate(modules) if m == "Conv2d"}
    assert following == {"ReLU"} and blanks[0]["accept"][0] == "ReLU"
    assert str(2 ** modules.count("MaxPool2d")) == blanks[2]["accept"][0]


def test_vgg11_channels_double_after_each_pool_until_512() -> None:
    blanks = spec("Subsequently as the network deepens, the number of channels")["blanks"]
    before_pool = [VGG11[i - 1] for i, layer in enumerate(VGG11) if layer == "M"]
    ratios = [after / before for before, after in itertools.pairwise(before_pool)]
    assert ratios[:3] == [2, 2, 2] and ratios[3] == 1  # doubles, then stays
    assert max(before_pool) == int(blanks[2]["accept"][0])
    assert blanks[0]["accept"][0] == "doubles"


def test_zero_initialisation_kills_every_weight_gradient_of_a_tanh_network() -> None:
    rng = np.random.default_rng(0)
    x, target = rng.normal(size=(8, 4)), rng.normal(size=(8, 1))

    def weight_gradients(w1: np.ndarray, w2: np.ndarray) -> list[np.ndarray]:
        hidden = np.tanh(x @ w1)
        error = hidden @ w2 - target
        grad_w2 = hidden.T @ error
        grad_w1 = x.T @ ((error @ w2.T) * (1 - hidden**2))
        return [grad_w1, grad_w2]

    zero = weight_gradients(np.zeros((4, 5)), np.zeros((5, 1)))
    limit = math.sqrt(6 / (4 + 5))  # Xavier uniform
    xavier = weight_gradients(rng.uniform(-limit, limit, (4, 5)), rng.uniform(-0.8, 0.8, (5, 1)))
    assert all(not g.any() for g in zero)
    assert all(np.abs(g).sum() > 0 for g in xavier)
    choice = spec("which of the following approaches will lead to the vanishing gradients problem")
    assert choice["answer"] == choice["options"][2] == "constant zero"


def test_model_b_has_the_lower_entropy_per_word() -> None:
    # bits per word = bits per character x characters per word (letters and one space)
    for characters_per_word in (3.5, 4.5, 5.5, 6.5):
        assert 2 * characters_per_word > 6
    assert spec("LM model A has a character-level entropy of 2")["answer"] == "B"


def test_batch_norm_2d_statistics_are_per_channel() -> None:
    images = np.random.default_rng(1).normal(size=(4, 3, 5, 6))
    mean = images.mean(axis=(0, 2, 3), keepdims=True)
    std = images.std(axis=(0, 2, 3), keepdims=True)
    normalised = (images - mean) / std
    assert mean.size == images.shape[1]  # one statistic per channel, not per pixel
    assert normalised.mean(axis=(0, 2, 3)) == pytest.approx(0, abs=1e-12)
    assert spec("during BN, is the normalization applied pixel-wise")["answer"] == "per channel"


def test_the_silly_mistake_is_the_channel_count_of_the_batch_norm() -> None:
    conv_out_channels, batch_norm_features = 64, 32  # Conv2d(3, 64, ...), BatchNorm2d(32)
    assert conv_out_channels != batch_norm_features
    assert spec("In the PyTorch implementation, he made a silly mistake")["answer"] == "BatchNorm2d"


def test_the_norms_by_their_definitions() -> None:
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=5), rng.normal(size=5)
    assert math.sqrt(((x - y) ** 2).sum()) == pytest.approx(np.linalg.norm(x - y, 2))
    assert spec("Which formulae does the following equation represent")["answer"] == "Euclidean"
    assert np.abs(x - y).sum() == pytest.approx(np.linalg.norm(x - y, 1))
    assert spec("Which norm does the following equation represent")["answer"] == "Manhattan"
    assert np.linalg.norm(x, 2) == pytest.approx(math.dist(x, np.zeros(5)))  # L2 = Euclidean
    assert spec("When your read that someone penalized the L2 norm")["answer"] == "Euclidean"


def test_vgg_kernels_and_maxpool_parameters() -> None:
    blank = spec("All convolutional layers have a `[...]` kernel")["blanks"][0]
    assert conv_out(224, 3, 1, 1) == 224  # a 3x3 kernel with padding 1 keeps the size
    assert blank["accept"][0] == "3x3"
    # MaxPool2d(2, 2): kernel 2 and stride 2 tile the input without overlap
    windows = [range(start, start + 2) for start in range(0, 8 - 2 + 1, 2)]
    assert sorted(i for w in windows for i in w) == list(range(8))
    blanks = spec("In MaxPool2D(2,2), what are the parameters used for")["blanks"]
    assert [b["accept"][0] for b in blanks] == ["kernel size", "stride"]


def test_nn001_is_a_feed_forward_fully_connected_network() -> None:
    layers = ["Linear", "Tanh", "Linear", "Tanh", "Linear", "LogSoftmax"]
    assert not {"Conv2d", "RNN", "LSTM", "MultiheadAttention"} & set(layers)
    assert spec("What type of a neural network does nn001 in 8.24 represent")["answer"] == "MLP"


def test_bn_designs_with_bn_right_after_the_convolution_and_dropout_after_it() -> None:
    designs = {
        "1": ["CONV", "act", "BN", "Dropout"],
        "2": ["CONV", "act", "Dropout", "BN"],
        "3": ["CONV", "BN", "act", "Dropout"],
        "4": ["BN", "CONV", "act", "Dropout"],
        "5": ["CONV", "Dropout", "BN", "act"],
        "6": ["Dropout", "CONV", "BN", "act"],
    }
    sound = {
        name
        for name, d in designs.items()
        if d.index("CONV") < d.index("BN") < d.index("Dropout") and d.index("BN") <= 2
    }
    assert sound == set(spec("You are designing a CNN which has a single BN layer")["items"])


def test_two_2x2_pools_equal_one_4x4_pool() -> None:
    image = np.random.default_rng(3).normal(size=(222, 222))

    def pool(a: np.ndarray, k: int) -> np.ndarray:
        n = a.shape[0] // k
        return a[: n * k, : n * k].reshape(n, k, n, k).max(axis=(1, 3))

    assert np.array_equal(pool(pool(image, 2), 2), pool(image, 4))
    assert spec("suggests that lines 9 and 10 may be replaced by a single")["answer"] == "agree"


def test_fill_ins_read_the_reviewed_answers() -> None:
    assert reads_as_right(
        "In a single-layer feed-forward NN, there are [...] input(s)",
        "one input layer and one output layer, and no feedback connections",
    )
    assert reads_as_right(
        "In a single-layer feed-forward NN, there are [...] input(s)", "1, 1, feedback"
    )
    assert reads_as_right(
        "Complete the sentence: To solve this mathematical equation, we have to apply",
        "gradient descent (in practice its stochastic, mini-batch form)",
    )
    assert reads_as_right(
        "Due to the time-consuming nature of computing gradients for each entry",
        "stochastic gradient descent; the (mini-)batch size; backpropagation",
    )
    assert reads_as_right(
        "If the training loss is insignificant while the test loss is significantly higher",
        "unseen (test) set; overfitting",
    )
    assert reads_as_right(
        "Why does line 20 exist at all?",
        "model.eval() switches the module to inference mode, so the BatchNorm2d layer normalizes"
        " with the running mean and variance learned during training",
    )


def formula_of(match: str) -> Checker:
    found = entry(match)
    return Checker(kind="formula", spec=found["spec"])


def test_swish_is_x_times_sigmoid_of_beta_x_and_tends_to_relu() -> None:
    x = np.linspace(-4, 4, 17)
    for beta in (0.5, 1.0, 2.0):
        swish = x / (1 + np.exp(-beta * x))
        assert swish == pytest.approx(x * (1 / (1 + np.exp(-beta * x))))
    assert x / (1 + np.exp(-50 * x)) == pytest.approx(np.maximum(x, 0), abs=1e-6)
    match = "Write the formulae for the Swish activation function"
    assert check(formula_of(match), "x / (1 + e^(-βx))").verdict == "correct"


def test_l2_objective_gradient_is_alpha_w_plus_the_loss_gradient() -> None:
    alpha, w, h = 0.3, np.array([0.5, -1.2, 2.0]), 1e-6
    penalty = lambda v: alpha / 2 * v @ v  # noqa: E731
    gradient = [(penalty(w + h * e) - penalty(w - h * e)) / (2 * h) for e in np.eye(3)]
    assert gradient == pytest.approx(alpha * w)
    match = "Write the expression of objective function $J$ in case of $L^2$ regularization"
    assert check(formula_of(match), "J(w; X, y) + (α/2)·wᵀw").verdict == "correct"
    assert check(formula_of(match), "J + α‖w‖₁").verdict == "incorrect"


def test_l1_penalty_gradient_is_alpha_sign_w() -> None:
    alpha, w, h = 0.7, np.array([0.5, -1.2, 2.0]), 1e-6
    penalty = lambda v: alpha * np.abs(v).sum()  # noqa: E731
    gradient = [(penalty(w + h * e) - penalty(w - h * e)) / (2 * h) for e in np.eye(3)]
    assert gradient == pytest.approx(alpha * np.sign(w))
    match = "Compute the gradient of $L^1$ regularized objective function"
    assert check(formula_of(match), "α·sign(w) + ∇_w J(w; X, y)").verdict == "correct"
    assert check(formula_of(match), "αw + ∇J").verdict == "incorrect"


def test_norm_penalised_cost_adds_alpha_times_the_penalty() -> None:
    match = "Write the expression of cost function incase of parameter norm penalties"
    assert spec(match)["expr"] == "J + alpha*Omega"
    assert check(formula_of(match), "J̃(θ; X, y) = J(θ; X, y) + αΩ(θ)").verdict == "correct"
    assert check(formula_of(match), "J(θ) − αΩ(θ)").verdict == "incorrect"
