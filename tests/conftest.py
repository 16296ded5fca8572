"""Shared fixtures: the real spaCy model (loaded once per session) and a clean environment."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from bot.config import DEFAULT_SPACY_MODEL
from bot.pipeline.nlp import load_nlp

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@cache
def shared_nlp():
    """The real English model, loaded once per test session (also for plain helpers)."""
    return load_nlp(DEFAULT_SPACY_MODEL)


@pytest.fixture(scope="session")
def nlp():
    """The real English model, shared by every test."""
    return shared_nlp()


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch):
    """No test sees the developer's NEWSDESK_* or SLACK_* variables."""
    for key in list(os.environ):
        if key.startswith(("NEWSDESK_", "SLACK_")):
            monkeypatch.delenv(key, raising=False)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "newsdesk.sqlite"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS
