"""Suite-wide settings: Hypothesis explores locally and replays a fixed search in CI."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest
from hypothesis import settings

from bot.sandbox import Limits, Sandbox, find_sandbox
from tests.fakes.openai_server import FakeOpenAI
from tests.fakes.own_postgres import OwnPostgres

# CI must be green every run: derandomize makes each property test draw the same examples, and
# no example database means a counterexample found in one run cannot haunt the next. Locally
# the default profile keeps exploring (and remembering) so new bugs still surface.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "default")


@pytest.fixture(scope="session")
def sandbox() -> Sandbox:
    """The bubblewrap sandbox (.ci/run installs bubblewrap: a host without it fails here)."""
    found = find_sandbox(limits=Limits(cpu_seconds=1, wall_seconds=3.0))
    assert found.sandbox is not None, f"no sandbox on this host: {found.detail}"
    return found.sandbox


@pytest.fixture
def own_postgres() -> Iterator[OwnPostgres]:
    """A PostgreSQL server of this test's own, to stop or freeze (never the shared one)."""
    server = OwnPostgres()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
async def openai_server() -> AsyncIterator[FakeOpenAI]:
    """A fake OpenAI-compatible chat server on loopback, for the LLM grader."""
    fake = FakeOpenAI()
    await fake.start()
    yield fake
    await fake.stop()
