"""Estimating the year of a document that states no date."""

from __future__ import annotations

from bot.models import TimeExpression
from bot.pipeline.dating import estimate_document_date, find_in_text


def _estimate(text: str):
    return estimate_document_date(find_in_text(text, None))


def test_latest_dated_event_gives_the_year():
    date = _estimate("The plant opened in April 2009. It was sold in June 2012.")
    assert (date.value, date.granularity, date.kind) == ("2012", "year", "estimated")
    assert "June 2012" in date.evidence


def test_same_month_named_with_the_year_and_as_this_year_means_a_later_year():
    date = _estimate("The envoys met in July 2017. They met again in July this year.")
    assert date.value == "2018"
    assert "this year" in date.evidence


def test_this_year_without_a_clash_keeps_the_latest_year():
    assert _estimate("Talks began in March 2011. In June this year they ended.").value == "2011"


def test_a_plan_named_by_year_alone_does_not_beat_a_dated_event():
    date = _estimate("The ministry was formed in May 2010 and aims to finish by 2030.")
    assert date.value == "2010"


def test_year_alone_when_nothing_is_dated_more_finely():
    assert _estimate("The 1998 treaty was revised in 2004.").value == "2004"


def test_relative_and_durations_only_give_nothing():
    assert _estimate("Last month, after eight years of talks, the deal was signed.") is None


def test_nothing_at_all():
    assert estimate_document_date([]) is None


def test_expressions_from_elsewhere_are_read_by_their_fields():
    expressions = [TimeExpression(0, 4, "1997", "DATE", "1997", "year"),
                   TimeExpression(10, 20, "last year", "DATE", "", "year", anchored=True)]
    assert estimate_document_date(expressions).value == "1997"
