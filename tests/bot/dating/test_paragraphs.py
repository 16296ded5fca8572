"""`find_in_paragraphs`: paragraphs read on their own, but for the reported quarter."""

from __future__ import annotations

import datetime as dt

from bot.dating import find_in_paragraphs, find_time_expressions

ANCHOR = dt.date(2013, 10, 24)


def _values(nlp, paragraphs: list[str]) -> list[dict[str, str]]:
    found = find_in_paragraphs([nlp(p) for p in paragraphs], ANCHOR)
    return [{e.text: e.value for e in para} for para in found]


def test_a_year_ago_compares_the_quarter_a_report_named_paragraphs_before(nlp):
    assert _values(nlp, ["Net income rose 5% in the third quarter.",
                         "Revenue was $3 billion.",
                         "A year ago, the company lost $2 million."]) == [
        {"the third quarter": "2013-Q3"}, {}, {"A year ago": "2012-Q3"}]


def test_alone_the_paragraph_knows_no_quarter(nlp):
    [expression] = find_time_expressions(nlp("A year ago, the company lost $2 million."), ANCHOR)
    assert expression.value == "2012"


def test_the_compared_quarter_does_not_become_the_reported_one(nlp):
    assert _values(nlp, ["Sales rose from the year-ago quarter.",
                         "Profit fell from a year earlier."]) == [
        {"the year-ago quarter": "2012-Q3"}, {"a year earlier": "2012"}]


def test_nothing_but_the_quarter_crosses_a_paragraph(nlp):
    assert _values(nlp, ["In February 2014 the junta fell.", "In March, the province seceded."]) \
        == [{"February 2014": "2014-02"}, {"March": "2013-03"}]
