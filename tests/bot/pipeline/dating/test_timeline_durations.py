"""The timeline never shows a duration (or a set) as a date: one case per kind of error
the rules were written for. Each sentence holds a stretch of time and no date of its own,
so the passage must be dated by the publication date ("reported"), never by the stretch.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.models import DocDate, EventDate, TimeExpression
from bot.pipeline.dating import assign_event_dates, find_time_expressions

DATELINE = DocDate("2013-02-05", "day", "dateline", "Feb. 5, 2013")

KINDS = {
    "determiner and unit": ("The strike lasted a month.", "a month", "P1M"),
    "counted years": ("He was jailed for eight years.", "eight years", "P8Y"),
    "a decade": ("The reform took a decade.", "a decade", "P10Y"),
    "counted from an event": ("Eight years after the war, the city is rebuilt.",
                              "Eight years", "P8Y"),
    "uncounted days": ("He spent days in hospital.", "days", "PXD"),
    "uncounted minutes": ("Within minutes, police arrived.", "minutes", "PTXM"),
    "the next few months": ("Prices will rise over the next few months.",
                            "the next few months", "PXM"),
    "recent weeks as a stretch": ("Over recent weeks, the price fell.", "recent weeks", "PXW"),
    "race time": ("She won the race in 3:07:35.", "3:07:35", "PT3H7M35S"),
    "rate": ("The firm earns $500 million a year.", "a year", "P1Y"),
    "each season": ("Each season the team hires a coach.", "Each season", "P1Y"),
    "the past year": ("Over the past year, costs doubled.", "the past year", "P1Y"),
    "second term": ("He began a second term.", "second term", "PXY"),
    "a month every year": ("Farmers hold a fair each July.", "each July", "XXXX-07"),
    "a season every year": ("The river floods every spring.", "every spring", "XXXX-SP"),
    "a part of every day": ("Guards patrol the camp every evening.", "every evening",
                            "XXXX-XX-XXTEV"),
    "weekday nights": ("The club opens Friday nights.", "Friday nights", "XXXX-WXX-5TNI"),
}


def _dates_of(nlp, text: str) -> tuple[list[TimeExpression], list[EventDate | None]]:
    doc = nlp(text)
    expressions = find_time_expressions(doc, dt.date(2013, 2, 5))
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    [dates] = assign_event_dates([sentences], [expressions], DATELINE)
    return expressions, dates


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_stretch_is_found_and_never_dates_the_passage(nlp, kind):
    text, span, value = KINDS[kind]
    expressions, dates = _dates_of(nlp, text)
    assert [(e.text, e.value) for e in expressions] == [(span, value)]
    assert expressions[0].type in ("DURATION", "SET")
    assert dates == [EventDate("2013-02-05", "day", "reported")]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_real_date_beside_the_stretch_dates_the_passage(nlp, kind):
    text, span, value = KINDS[kind]
    _, dates = _dates_of(nlp, text.rstrip(".") + " in May 2011.")
    assert [(d.value, d.kind) for d in dates] == [("2011-05", "own")]


@pytest.mark.parametrize("value", ["2013", "2013-02", "2013-W05", "2013-SU", "199"])
def test_a_duration_with_a_date_shaped_value_is_still_no_date(value):
    stretch = TimeExpression(start=0, end=7, text="a while", type="DURATION", value=value,
                             granularity="", anchored=False)
    repeat = TimeExpression(start=8, end=18, text="every year", type="SET", value=value,
                            granularity="", anchored=False)
    [dates] = assign_event_dates([[(0, 30)]], [[stretch, repeat]], DATELINE)
    assert dates == [EventDate("2013-02-05", "day", "reported")]


def test_a_stretch_is_not_inherited_by_the_next_sentence(nlp):
    _, dates = _dates_of(nlp, "The siege lasted a decade. The city fell.")
    assert dates == [EventDate("2013-02-05", "day", "reported")] * 2
