"""What one paragraph leaves to the next ones of the same document: the quarter an earnings
report is about, so a later "a year ago" is that quarter a year back."""

from __future__ import annotations

import datetime as dt

from bot.pipeline.dating import find_in_paragraphs

ANCHOR = dt.date(2015, 10, 28)


def _values(nlp, paragraphs: list[str]) -> list[dict[str, str]]:
    found = find_in_paragraphs([nlp(p) for p in paragraphs], ANCHOR)
    return [{e.text: e.value for e in para} for para in found]


def test_a_year_ago_in_a_later_paragraph_is_the_reported_quarter_a_year_back(nlp):
    got = _values(nlp, ["Acme posted a loss for the third quarter.",
                        "Revenue fell to $12 million from $15 million a year ago.",
                        "Margins were thinner than a year earlier."])
    assert got == [{"the third quarter": "2015-Q3"}, {"a year ago": "2014-Q3"},
                   {"a year earlier": "2014-Q3"}]


def test_a_second_comparison_does_not_count_back_from_the_first(nlp):
    got = _values(nlp, ["Acme reported its second-quarter results.",
                        "Net was $2 million a year ago. Sales were $9 million a year earlier."])
    assert got[1] == {"a year ago": "2014-Q2", "a year earlier": "2014-Q2"}


def test_a_quarter_still_to_come_is_no_reported_period(nlp):
    got = _values(nlp, ["Acme expects the fourth quarter to be weak.",
                        "Prices were higher a year ago."])
    assert got[1] == {"a year ago": "2014"}


def test_without_a_quarter_a_year_ago_is_a_year(nlp):
    assert _values(nlp, ["The mayor took office.", "Crime was higher a year ago."])[1] == {
        "a year ago": "2014"}


def test_each_document_starts_afresh(nlp):
    _values(nlp, ["Acme posted a loss for the third quarter."])
    assert _values(nlp, ["Crime was higher a year ago."]) == [{"a year ago": "2014"}]


def test_the_latest_period_and_the_same_period_last_year(nlp):
    # Written in late October: the second quarter is the one the report is about
    got = _values(nlp, ["Acme's second-quarter profit rose.",
                        "Sales in the latest period rose from the corresponding period last year."])
    assert got[1] == {"the latest period": "2015-Q2",
                      "the corresponding period last year": "2014-Q2"}


def test_the_prior_year_and_quarter(nlp):
    assert _values(nlp, ["Sales rose from the prior year and the prior quarter."]) == [
        {"the prior year": "2014", "the prior quarter": "2015-Q3"}]


def test_that_quarter_and_the_following_quarter_count_from_the_last_one_named(nlp):
    got = _values(nlp, ["Acme lost money in the second quarter of 2014. Results for that quarter "
                        "included a charge; the following quarter it recovered."])
    assert got == [{"the second quarter of 2014": "2014-Q2", "that quarter": "2014-Q2",
                    "the following quarter": "2014-Q3"}]


def test_later_opening_a_paragraph_counts_from_the_story_s_last_date(nlp):
    """"Two days later" at the head of a paragraph follows the date the story last named,
    not the day it was written."""
    got = _values(nlp, ["The plant closed on March 3, 2015.", "Two days later, workers struck."])
    assert got == [{"March 3, 2015": "2015-03-03"}, {"Two days later": "2015-03-05"}]
