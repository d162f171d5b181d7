"""forward(X, W1, b1, W2, b2) -> (out, cache) and backward(dout, cache) -> five gradients."""

import numpy as np

from content.checkers.code.testlib import (
    array,
    close,
    function,
    grad_matches,
    numeric_gradient,
    test,
)

N, D, H, C = 4, 5, 6, 3


def _data():
    rng = np.random.default_rng(21)
    return {
        "X": rng.normal(size=(N, D)),
        "W1": rng.normal(size=(D, H)) * 0.5,
        "b1": rng.normal(size=H) * 0.1,
        "W2": rng.normal(size=(H, C)) * 0.5,
        "b2": rng.normal(size=C) * 0.1,
        "dout": rng.normal(size=(N, C)),
    }


def _forward(answer, d):
    result = function(answer, "forward")(d["X"], d["W1"], d["b1"], d["W2"], d["b2"])
    assert isinstance(result, tuple) and len(result) == 2, "forward must return (out, cache)"
    return result


def _gradients(answer, d):
    out, cache = _forward(answer, d)
    grads = function(answer, "backward")(d["dout"], cache)
    assert isinstance(grads, tuple | list) and len(grads) == 5, (
        "backward must return (dX, dW1, db1, dW2, db2)"
    )
    return grads


@test("forward output shape (N, C)")
def forward_shape(answer):
    array(_forward(answer, _data())[0], "out", (N, C))


@test("forward values")
def forward_values(answer):
    d = _data()
    out = array(_forward(answer, d)[0], "out", (N, C))
    hidden = np.maximum(0, d["X"] @ d["W1"] + d["b1"])
    close(out, hidden @ d["W2"] + d["b2"], "out")


@test("backward gradient shapes")
def gradient_shapes(answer):
    d = _data()
    for name, grad in zip(("X", "W1", "b1", "W2", "b2"), _gradients(answer, d), strict=True):
        array(grad, f"d{name}", d[name].shape)


def _check(name):
    def check(answer):
        d = _data()
        grads = dict(zip(("X", "W1", "b1", "W2", "b2"), _gradients(answer, d), strict=True))
        analytic = array(grads[name], f"d{name}", d[name].shape)
        forward = function(answer, "forward")

        def loss():
            out, _ = forward(d["X"], d["W1"], d["b1"], d["W2"], d["b2"])
            return float(np.sum(np.asarray(out) * d["dout"]))

        grad_matches(analytic, numeric_gradient(loss, d[name]), f"d{name}")

    return check


for _name in ("W2", "b2", "W1", "b1", "X"):
    test(f"gradient check d{_name} (finite differences)")(_check(_name))
