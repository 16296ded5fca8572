"""Durations, ages, anniversaries and sets: never dates."""

from __future__ import annotations


def test_durations_are_durations(find):
    got = find("The war lasted seven decades and the talks took eight years.", "2016-12-09",
               full=True)
    assert [(e.text, e.type, e.value, e.granularity) for e in got] == [
        ("seven decades", "DURATION", "P70Y", ""), ("eight years", "DURATION", "P8Y", "")]


def test_numeric_duration_and_as_long_as(find):
    got = find("He served 30 years, as long as eight years in exile.", "2016-12-09", full=True)
    assert {(e.text, e.type, e.value) for e in got} == {
        ("30 years", "DURATION", "P30Y"), ("eight years", "DURATION", "P8Y")}


def test_age_is_dropped(find):
    assert find("A 70-year-old farmer and his wife, 68 years old, left.", "2016-12-09") == {}


def test_anniversary_is_not_a_date(find):
    assert find("They marked the 70th anniversary of the treaty.", "2016-12-09") == {}


def test_sets(find):
    got = find("The paper is printed daily and the board meets every Tuesday, twice a year.",
               "2016-12-09", full=True)
    assert [(e.text, e.type, e.value) for e in got] == [
        ("daily", "SET", "P1D"), ("every Tuesday", "SET", "XXXX-WXX-2"),
        ("twice a year", "SET", "P1Y")]


def test_adjective_daily_is_not_a_set(find):
    assert find("She reads a daily newspaper.", "2016-12-09") == {}


def test_the_past_year_is_a_duration(find):
    got = find("Over the past year, costs doubled; over recent weeks they fell.", "2016-12-09",
               full=True)
    assert [(e.text, e.type, e.value) for e in got] == [
        ("the past year", "DURATION", "P1Y"), ("recent weeks", "DURATION", "PXW")]


def test_in_recent_weeks_says_when_not_how_long(find):
    got = find("In recent weeks the price fell; in the last few months it halved.", "2016-12-09",
               full=True)
    assert [(e.text, e.type, e.value) for e in got] == [
        ("recent weeks", "DATE", "PAST_REF"), ("the last few months", "DATE", "PAST_REF")]


def test_numbers_with_thousands_separators(find):
    assert find("The forest is 1,000 years old in places, they say, and grew for 1,200 years.",
                "2016-12-09") == {"1,200 years": "P1200Y"}
