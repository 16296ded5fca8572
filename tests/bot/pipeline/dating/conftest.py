"""A `find` fixture: run the real model and the finder on a sentence the test writes."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.pipeline.dating import find_time_expressions


@pytest.fixture
def find(nlp):
    """find(text, "2020-09-18") -> {expression text: value}; find(..., full=True) -> list."""

    def run(text: str, anchor: str | None, granularity: str = "day", full: bool = False):
        date = dt.date.fromisoformat(anchor) if anchor else None
        expressions = find_time_expressions(nlp(text), date, granularity)
        if full:
            return expressions
        return {e.text: e.value for e in expressions}

    return run
