"""Vector notation in formula replies, read with scalar stand-ins (‖w‖, wᵀw, ∑ᵢ|wᵢ|, ∇J)."""

import pytest

from content.checkers import check
from content.schema import Checker

L2 = Checker(
    kind="formula",
    spec={
        "expr": "J + alpha/2*w**2",
        "variables": ["J", "alpha", "w"],
        "aliases": {"alpha": ["α", "λ", "lambda"]},
        "applied": ["J"],
        "alternatives": ["J + alpha*w**2"],
        "domain": {"J": [0, 3], "alpha": [0.1, 2], "w": [-3, 3]},
    },
)
L1_GRADIENT = Checker(
    kind="formula",
    spec={
        "expr": "alpha*sign(w) + gradJ",
        "variables": ["alpha", "w", "gradJ"],
        "aliases": {"alpha": ["α", "λ"], "gradJ": ["g"]},
        "domain": {"alpha": [0.1, 2], "w": [-3, 3], "gradJ": [-3, 3]},
    },
)


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        ("J̃(w; X, y) = J(w; X, y) + (α/2)·wᵀw", "correct"),
        ("J + α/2 w^T w", "correct"),
        ("J + \\frac{\\alpha}{2} w^{T} w", "correct"),
        ("J(w) + λ||w||²", "correct"),  # the same penalty without the ½ convention
        ("J + λ||w||_2^2", "correct"),
        ("J + α/2 ‖w‖₂²", "correct"),
        ("J + α/2 ∑ᵢ wᵢ²", "correct"),
        ("J + α‖w‖₁", "incorrect"),
        ("J + α ∑|w_i|", "incorrect"),
        ("J + α‖w‖", "incorrect"),
        ("J − α/2 wᵀw", "incorrect"),
        ("J + α/2 ‖w", "unparseable"),
        ("minimise the loss", "unparseable"),
    ],
)
def test_l2_objective_in_its_notations(reply: str, verdict: str) -> None:
    assert check(L2, reply).verdict == verdict


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        ("∇_w J̃(w; X, y) = α sign(w) + ∇_w J(X, y; w)", "correct"),
        ("\\alpha \\text{sign}(w) + \\nabla_{w}J(X, y; w)", "correct"),
        ("α·sgn(w) + ∇J", "correct"),
        ("λ sign(w) + g", "correct"),
        ("αw + ∇J", "incorrect"),
        ("α sign(w)", "incorrect"),
        ("∇", "unparseable"),
    ],
)
def test_l1_gradient_in_its_notations(reply: str, verdict: str) -> None:
    assert check(L1_GRADIENT, reply).verdict == verdict
