"""The JSON lines the `newsdesk dates` command prints."""

from __future__ import annotations

import datetime as dt
import json

from bot.dating import expressions_as_json_lines, find_in_document


def test_one_object_per_expression_with_document_offsets(nlp):
    text = "A quiet week.\n\nThe port reopened last month after eight years."
    expressions = find_in_document(nlp, text, dt.date(2020, 9, 18))
    rows = [json.loads(line) for line in expressions_as_json_lines(expressions).splitlines()]
    assert [(r["text"], r["type"], r["value"], r["granularity"]) for r in rows] == [
        ("last month", "DATE", "2020-08", "month"), ("eight years", "DURATION", "P8Y", "")]
    for row in rows:
        assert text[row["start"]:row["end"]] == row["text"]
        assert set(row) >= {"start", "end", "text", "type", "value", "granularity"}


def test_no_expressions_no_lines():
    assert expressions_as_json_lines([]) == ""
