"""The LLM grader at the reveal, against a fake OpenAI-compatible server on loopback: its
verdicts label the feedback and become the board's score; when it fails, the offline grade
answers and the feedback says so. And its settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings
from content.grading import OfflineGrader, shipped_rubrics
from content.grading.cli import llm_from
from content.grading.llm import LlmGrader, LlmSettings
from storage.sqlite import SqliteStore
from tests.bot.test_reveal_feedback import (
    ANSWER,
    Sender,
    _incoming,
    graded_bank,
    open_graded_drill,
)
from tests.fakes.openai_server import FakeOpenAI


async def _reveal(tmp_path: Path, url: str) -> tuple[Sender, SqliteStore, int]:
    llm = LlmGrader(
        LlmSettings(url, "fake-model", None, 0.5),
        OfflineGrader(graded_bank(), shipped_rubrics()),
    )
    sender = Sender()
    coach, scheduler, store, drill_id = await open_graded_drill(tmp_path, sender, llm)
    coach.handle(_incoming(coach.deps.clock, "UANN", ANSWER, thread="th"))  # type: ignore[arg-type]
    await scheduler.run_reveal(drill_id)
    return sender, store, drill_id


async def test_llm_verdicts_label_the_feedback_and_score_the_board(
    tmp_path: Path, openai_server: FakeOpenAI
) -> None:
    verdicts = [
        {"number": 1, "covered": True, "quote": "each feature across the batch"},
        {"number": 3, "covered": True, "quote": "LN each example"},
        {"number": 4, "covered": True, "quote": "BN is best for CNNs"},  # invented: discarded
    ]
    openai_server.reply = lambda body: (200, json.dumps({"key_points": verdicts}))
    sender, store, drill_id = await _reveal(tmp_path, openai_server.url)
    [feedback] = [p for p in sender.posts if p.kind == "feedback"]
    assert "graded by the LLM grader fake-model" in feedback.text
    assert "✓ LN behaves identically at training and inference: “LN each example”" in feedback.text
    assert "✗ BN suits CNNs; LN suits transformers and RNNs" in feedback.text
    attempt = store.latest_attempt(drill_id, "UANN")
    assert attempt is not None and attempt.score == pytest.approx(0.4)
    assert len(openai_server.requests) == 1
    store.close()


async def test_a_failing_llm_leaves_the_offline_grade_and_says_so(
    tmp_path: Path, openai_server: FakeOpenAI
) -> None:
    openai_server.reply = lambda body: (503, "overloaded")
    sender, store, drill_id = await _reveal(tmp_path, openai_server.url)
    [feedback] = [p for p in sender.posts if p.kind == "feedback"]
    assert "graded offline" in feedback.text
    assert "The LLM grader fake-model failed, so the offline grader answered." in feedback.text
    attempt = store.latest_attempt(drill_id, "UANN")
    assert attempt is not None and attempt.score == pytest.approx(0.2)  # the offline coverage
    store.close()


def test_grader_settings_fail_fast_and_hide_the_key() -> None:
    settings = load_settings(
        {"GRADER_URL": "http://127.0.0.1:11434", "GRADER_MODEL": "m", "GRADER_API_KEY": "sk-1"}
    )
    llm = settings.llm_grader()
    assert llm is not None and llm.api_key == "sk-1" and llm.timeout_seconds == 20
    assert "sk-1" not in repr(settings)
    assert load_settings({}).llm_grader() is None
    with pytest.raises(SettingsError, match="GRADER_MODEL"):
        load_settings({"GRADER_URL": "http://127.0.0.1:1"}).llm_grader()
    with pytest.raises(SettingsError, match="GRADER_URL"):
        load_settings({"GRADER_URL": "ftp://x", "GRADER_MODEL": "m"}).llm_grader()
    assert llm_from({"GRADER_URL": "http://h", "GRADER_MODEL": "m"}) == LlmSettings(
        "http://h", "m", None, 20.0
    )
    assert llm_from({"GRADER_URL": "http://h"}) is None
