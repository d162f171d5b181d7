"""Draw the core's `Picture` as a PNG with matplotlib (Agg: no display, no pyplot state).

A heat map of drill days, one column a week as on a contribution calendar, and a bar per topic.
matplotlib is imported at the first picture: a bot that never draws never pays for it.
"""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta
from typing import Any

from handlers.types import DayMark, Picture

COLOURS: dict[DayMark | None, str] = {
    None: "#ebedf0",  # no drill that day
    "missed": "#f4b6b6",
    "freeze": "#7fb3f5",
    "answered": "#9be9a8",
    "right": "#216e39",
}
LEGEND: tuple[tuple[DayMark | None, str], ...] = (
    ("right", "right"),
    ("answered", "answered"),
    ("freeze", "freeze used"),
    ("missed", "missed"),
    (None, "no drill"),
)
DPI = 100


async def png_of(picture: Picture) -> bytes:
    """The PNG drawn off the event loop (about 0.1 s of CPU, more at the first import)."""
    return await asyncio.to_thread(render, picture)


def render(picture: Picture) -> bytes:
    """The picture as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    bars = max(1, len(picture.topics))
    figure = Figure(figsize=(10, 2.6 + 0.28 * bars), dpi=DPI)
    FigureCanvasAgg(figure)
    heat, topics = figure.subplots(2, 1, height_ratios=(2.2, 0.28 * bars + 0.6))
    _heat_map(heat, picture)
    heat.legend(
        handles=[Patch(color=COLOURS[mark], label=text) for mark, text in LEGEND],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.05),
        ncol=len(LEGEND),
        frameon=False,
        fontsize=8,
    )
    _topic_bars(topics, picture)
    figure.suptitle(picture.title, fontsize=11)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, metadata={"Description": picture.alt[:500]})
    return out.getvalue()


def _heat_map(axes: Any, picture: Picture) -> None:
    import numpy as np
    from matplotlib.colors import ListedColormap

    marks = dict(picture.days)
    order = list(COLOURS)
    start = picture.first - timedelta(days=picture.first.weekday())  # a Monday
    weeks = (picture.last - start).days // 7 + 1
    grid = np.full((7, weeks), np.nan)
    day = picture.first
    while day <= picture.last:
        offset = (day - start).days
        grid[offset % 7, offset // 7] = order.index(marks.get(day))
        day += timedelta(days=1)
    cmap = ListedColormap([COLOURS[m] for m in order]).with_extremes(bad="white")
    axes.imshow(grid, cmap=cmap, vmin=-0.5, vmax=len(order) - 0.5, aspect="equal")
    axes.set_yticks([0, 2, 4], ["Mon", "Wed", "Fri"], fontsize=7)
    months = [
        (w, (start + timedelta(weeks=w)).strftime("%b"))
        for w in range(weeks)
        if (start + timedelta(weeks=w)).day <= 7
    ]
    axes.set_xticks([w for w, _ in months], [m for _, m in months], fontsize=7)
    axes.tick_params(length=0)
    for side in axes.spines.values():
        side.set_visible(False)


def _topic_bars(axes: Any, picture: Picture) -> None:
    if not picture.topics:
        axes.text(0.5, 0.5, "No answers yet", ha="center", va="center", fontsize=9)
        axes.set_axis_off()
        return
    names = [f"{name} ({n})" for name, _, n in picture.topics]
    shares = [share * 100 for _, share, _ in picture.topics]
    rows = range(len(names))
    axes.barh(rows, shares, color="#216e39")
    axes.set_yticks(list(rows), names, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("right or covered (%)", fontsize=8)
    axes.tick_params(labelsize=7)
    for row, share in zip(rows, shares, strict=True):
        axes.text(min(share + 1, 92), row, f"{share:.0f}%", va="center", fontsize=7)
