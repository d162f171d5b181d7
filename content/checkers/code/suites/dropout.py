"""dropout_forward(x, p, rng) -> (out, mask) and dropout_backward(dout, mask) -> dx; p keeps."""

import numpy as np

from content.checkers.code.testlib import array, function, test

P = 0.7


def _run(answer, x, p=P, seed=5):
    result = function(answer, "dropout_forward")(x, p, np.random.default_rng(seed))
    assert isinstance(result, tuple) and len(result) == 2, "dropout_forward must return (out, mask)"
    return array(result[0], "out", x.shape), result[1]


def _inputs():
    return np.random.default_rng(1).uniform(1.0, 2.0, size=(400, 500))


@test("output shape and dtype")
def shape(answer):
    _run(answer, _inputs())


@test("keep rate is p")
def keep_rate(answer):
    out, _ = _run(answer, _inputs())
    kept = float(np.mean(out != 0))
    # 200,000 units: four standard deviations of the kept fraction are about 0.004.
    assert abs(kept - P) < 0.005, f"{kept:.3f} of the units were kept with p = {P} (p keeps)"


@test("kept units are scaled by 1/p (inverted dropout)")
def scaling(answer):
    x = _inputs()
    out, _ = _run(answer, x)
    kept = out != 0
    assert np.any(kept), "every unit was dropped"
    ratio = float(np.median(out[kept] / x[kept]))
    assert np.allclose(out[kept], x[kept] / P), (
        f"kept units are multiplied by {ratio:.3g}: inverted dropout divides them by p so the "
        "expected activation is unchanged"
    )


@test("the mask comes from rng")
def uses_rng(answer):
    x = _inputs()[:50]
    first, _ = _run(answer, x, seed=9)
    again, _ = _run(answer, x, seed=9)
    other, _ = _run(answer, x, seed=10)
    assert np.array_equal(first != 0, again != 0), "the same rng seed gave different masks"
    assert not np.array_equal(first != 0, other != 0), "different rng seeds gave the same mask"


@test("p = 1 keeps everything unchanged")
def keep_all(answer):
    x = _inputs()[:20]
    out, _ = _run(answer, x, p=1.0)
    assert np.allclose(out, x), "with p = 1 the output should equal the input"


@test("backward reuses the forward mask")
def backward_mask(answer):
    x = _inputs()[:60]
    out, mask = _run(answer, x)
    dout = np.random.default_rng(3).normal(size=x.shape)
    dx = array(function(answer, "dropout_backward")(dout, mask), "dx", x.shape)
    dropped = out == 0
    assert np.all(dx[dropped] == 0), (
        "dx is non-zero where the forward pass dropped a unit: reuse its mask"
    )
    assert np.allclose(dx[~dropped], dout[~dropped] / P), (
        "dx of kept units should be dout / p, the same scaling as the forward pass"
    )
