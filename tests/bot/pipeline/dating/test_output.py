"""The records `newsdesk dates` prints (the CLI itself is tested in tests/test_cli.py)."""

from __future__ import annotations

import datetime as dt
import json

from bot.pipeline.dating import expression_as_dict, find_time_expressions


def test_one_record_per_expression_with_its_offsets(nlp):
    text = "The port reopened last month after eight years."
    expressions = find_time_expressions(nlp(text), dt.date(2020, 9, 18))
    rows = [json.loads(json.dumps(expression_as_dict(e))) for e in expressions]
    assert [(r["text"], r["type"], r["value"], r["granularity"]) for r in rows] == [
        ("last month", "DATE", "2020-08", "month"), ("eight years", "DURATION", "P8Y", "")]
    for row in rows:
        assert text[row["start"]:row["end"]] == row["text"]
