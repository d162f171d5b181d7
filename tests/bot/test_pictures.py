"""The progress picture as drawn: a PNG under 200 KB with its alt text, whose heat map cells
show what each day was."""

from __future__ import annotations

import io
from datetime import date, timedelta

import numpy as np
from matplotlib.image import imread

from bot.pictures import COLOURS, render
from handlers.types import Picture

LAST = date(2026, 12, 8)
FIRST = LAST - timedelta(days=364)


def _picture(days: dict[date, str]) -> Picture:
    return Picture(
        "Your drill days and topics",
        FIRST,
        LAST,
        tuple(sorted(days.items())),  # type: ignore[arg-type]
        (("Regularisation", 0.82, 11), ("Computer vision", 0.4, 5)),
        alt="Progress from 09 Dec 2025 to 08 Dec 2026: 5 drill days answered.",
    )


def _pixels(png: bytes) -> np.ndarray:
    return imread(io.BytesIO(png), format="png")[..., :3]


def _share_of(pixels: np.ndarray, colour: str) -> float:
    rgb = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return float(np.mean(np.all(np.abs(pixels - rgb) < 0.02, axis=-1)))


def test_the_png_is_small_and_carries_its_alt_text():
    png = render(_picture({LAST - timedelta(days=d): "right" for d in range(0, 300, 3)}))
    assert png.startswith(b"\x89PNG") and len(png) < 200_000
    assert b"5 drill days answered" in png  # the alt text in the PNG's Description


def test_an_answered_day_is_drawn_unlike_an_empty_one():
    empty = _pixels(render(_picture({})))
    answered = _pixels(render(_picture({LAST - timedelta(days=d): "right" for d in range(60)})))
    assert empty.shape == answered.shape
    # The legend swatch is the only "right" colour on an empty map; sixty days add many cells.
    assert _share_of(answered, COLOURS["right"]) > _share_of(empty, COLOURS["right"]) + 0.005
    assert _share_of(empty, COLOURS[None]) > _share_of(answered, COLOURS[None])
    assert np.any(np.abs(empty - answered) > 0.1)
