"""`python -m bench [--quick] [--only NAME,...] [--json PATH]`: every benchmark, one table.

Each name in BENCHES is a module `bench.<name>` with `run(quick: bool) -> list[Figure]`.
The table goes to stdout; the same figures, with the machine, go to the JSON file.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from bench.report import Figure, table, write_json

# History runs last: after it loads 10 million rows, PostgreSQL's autovacuum and checkpoints
# keep a core busy for minutes, which slowed the fan-out measured after it by a quarter.
BENCHES = ("core", "grading", "sandbox", "pictures", "startup", "ingest", "fanout", "history")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a first look")
    parser.add_argument(
        "--only", default="", help="comma-separated names from: " + ", ".join(BENCHES)
    )
    parser.add_argument("--json", type=Path, default=Path("bench-results/benchmarks.json"))
    args = parser.parse_args(argv)
    names = [n for n in args.only.split(",") if n] or list(BENCHES)
    unknown = sorted(set(names) - set(BENCHES))
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
    figures: list[Figure] = []
    for name in names:
        print(f"running {name}...", file=sys.stderr, flush=True)
        figures += importlib.import_module(f"bench.{name}").run(args.quick)
    print(table(figures))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    write_json(figures, args.json)
    print(f"\nwritten to {args.json}", file=sys.stderr)
    missed = [f for f in figures if f.ok is False]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
