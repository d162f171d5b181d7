"""Suite-wide settings: Hypothesis explores locally and replays a fixed search in CI."""

from __future__ import annotations

import os

from hypothesis import settings

# CI must be green every run: derandomize makes each property test draw the same examples, and
# no example database means a counterexample found in one run cannot haunt the next. Locally
# the default profile keeps exploring (and remembering) so new bugs still surface.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "default")
