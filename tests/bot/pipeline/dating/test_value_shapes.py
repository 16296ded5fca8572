"""Every shape of value the normalizer writes can be shown and ordered by `bot.pipeline.dating.display`.

The values come from the finder itself on built sentences, one per rule family, so a new
shape added to the rules and not to the display fails here.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.pipeline.dating import find_time_expressions
from bot.pipeline.dating.display import (
    date_sort_key,
    document_date,
    format_date,
    is_calendar_date,
    year_of,
)

SENTENCES = [
    "It snowed in the winter of 2003 and again last winter.",
    "We met in the summer and will meet next spring.",
    "Sales fell in the last week and rose the week of March 6.",
    "The attack happened Sunday night; the rally was Friday morning.",
    "The show starts at 8 PM, the blast came at 10:32:15 a.m. and lunch is at midday.",
    "He finished the race in 3:07:35 after a decade of training and days of rest.",
    "The club was founded in '58, grew in the 1980s and in the 20th century.",
    "Earnings fell in the 1988 third quarter and in the last half of 2012.",
    "The plan will take a month; now it is late, and the next few months are hard.",
    "The paper is printed daily, $500 million a year, each season and every Tuesday.",
    "He left the weekend before, later in the day, on the 99th day of the strike.",
    "In recent years prices rose; this season the team won, last season it lost.",
]


@pytest.fixture(scope="module")
def values(nlp):
    found = set()
    for anchor in (dt.date(2013, 2, 5), None):
        for text in SENTENCES:
            found |= {e.value for e in find_time_expressions(nlp(text), anchor)}
    return found


def test_the_sentences_cover_the_shapes_that_once_broke_the_display(values):
    assert {"2003-WI", "2013-W05", "2013-02-03TNI", "PXD", "P10Y", "PT3H7M35S"} <= values


def test_every_value_renders_and_sorts(values):
    for value in sorted(values):
        label = format_date(value)
        assert isinstance(label, str) and label, value
        assert document_date(value, "", "estimated").startswith(label)
        if is_calendar_date(value):
            year, month, _ = date_sort_key(value)
            assert 0 < year < 10000 and 0 <= month <= 13, value
            assert year_of(value)


@pytest.mark.parametrize(("value", "label"), [
    ("2003-WI", "winter 2003"), ("2013-SU", "summer 2013"), ("2013-W05", "week 5 of 2013"),
    ("2013-W05-WE", "week 5 of 2013"), ("2013-02-03TNI", "3 Feb 2013"), ("198", "1980s"),
])
def test_seasons_weeks_and_parts_of_day_read_as_people_write_them(value, label):
    assert format_date(value) == label


def test_winter_sorts_at_the_end_of_its_year_not_as_a_week():
    assert sorted(["2004-01", "2003-WI", "2003-W05"], key=date_sort_key) == [
        "2003-W05", "2003-WI", "2004-01"]
