"""`python -m content.bench`: how long the bot takes to load and validate the whole bank."""

from __future__ import annotations

import statistics
import time

from content.bank import load_bank


def main(rounds: int = 20) -> None:
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        bank = load_bank()
        timings.append(time.perf_counter() - start)
    print(
        f"bank load: {len(bank)} questions, median {statistics.median(timings) * 1000:.1f} ms, "
        f"max {max(timings) * 1000:.1f} ms over {rounds} loads"
    )


if __name__ == "__main__":
    main()
