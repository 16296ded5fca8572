"""Weeks, seasons and parts of day get TimeML values, not durations or clock times."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("anchor", "week"), [
    ("2013-02-05", "2013-W05"),  # a Tuesday: most of the last seven days were last week
    ("2013-02-08", "2013-W06"),  # a Friday: most of them are this week
])
def test_the_last_week_is_the_week_that_holds_most_of_it(find, anchor, week):
    assert find("Sales fell in the last week.", anchor) == {"the last week": week}


def test_over_the_past_year_stays_a_duration(find):
    assert find("Over the past year, costs doubled.", "2013-02-05") == {"the past year": "P1Y"}


def test_the_week_of_a_date_is_that_date_s_week(find):
    assert find("The case may be heard the week of March 6.", "2013-02-05") == {
        "the week of March 6": "2013-W10"}


def test_weekday_and_part_of_day(find):
    got = find("The attack happened Sunday night and talks resumed Monday morning.",
               "2013-02-05", full=True)
    assert [(e.text, e.type, e.value) for e in got] == [
        ("Sunday night", "TIME", "2013-02-03TNI"), ("Monday morning", "TIME", "2013-02-04TMO")]


def test_clock_times_with_meridiem_and_midday(find):
    assert find("The show starts at 8 PM and lunch is at midday.", "2013-02-05") == {
        "8 PM": "2013-02-05T20:00", "midday": "2013-02-05T12:00"}


def test_seasons_named_and_seasons_of_a_sport(find):
    assert find("We met in the summer of 2011 and again last winter.", "2013-08-05") == {
        "the summer of 2011": "2011-SU", "last winter": "2012-WI"}
    assert find("He scored 20 goals last season and is injured this season.", "2013-02-05") == {
        "last season": "2012", "this season": "2013"}


def test_each_season_is_a_set_and_the_recent_season_is_past(find):
    got = find("Each season the team hires a coach; he starred in the recent season.",
               "2013-02-05", full=True)
    assert [(e.text, e.type, e.value) for e in got] == [
        ("Each season", "SET", "P1Y"), ("the recent season", "DATE", "PAST_REF")]


def test_quarters_and_halves_named_with_their_year_before_them(find):
    assert find("In the 1988 third quarter it lost; in the last half of 2012 it gained.",
                "2013-02-05") == {"the 1988 third quarter": "1988-Q3",
                                  "the last half of 2012": "2012-H2"}


def test_midnight_ends_the_day_it_is_named_with(find):
    assert find("The offer expires at midnight Friday.", "2013-02-05") == {
        "midnight Friday": "2013-02-08T24:00"}


def test_a_part_of_day_falls_on_the_day_just_named(find):
    assert find("On Monday the talks resumed; in the afternoon they broke down.",
                "2013-02-06") == {"Monday": "2013-02-04", "the afternoon": "2013-02-04TAF"}
    assert find("The talks broke down in the afternoon.", "2013-02-06") == {
        "the afternoon": "2013-02-06TAF"}


def test_the_past_weekend_is_the_last_weekend_not_a_stretch(find):
    assert find("The team won this past weekend.", "2013-02-05") == {
        "this past weekend": "2013-W05-WE"}
    assert find("Over the past weekend, rain fell.", "2013-02-05") == {
        "the past weekend": "2013-W05-WE"}


def test_a_year_s_quarter_or_half_is_that_part_not_a_decade(find):
    got = find("Output will rise in 1990's first half after a weak 1988's fourth quarter; "
               "the 1990's will be calm.", "1989-11-02")
    assert got == {"1990's first half": "1990-H1", "1988's fourth quarter": "1988-Q4",
                   "the 1990's": "199"}


def test_the_24_hour_clock_of_wire_copy(find):
    got = find("The quake struck at 0800 GMT Tuesday; talks began at 1430 GMT.", "1998-02-13")
    assert got == {"0800 GMT Tuesday": "1998-02-10T08:00", "1430 GMT": "1998-02-13T14:30"}


def test_the_part_of_a_named_day_is_left_to_the_day(find):
    assert find("On the morning of Feb. 10, troops moved.", "1998-02-13") == {
        "Feb. 10": "1998-02-10"}


@pytest.mark.parametrize(("text", "span", "value"), [
    ("He was shot at 10:30 Friday night.", "10:30 Friday night", "1998-02-13T22:30"),
    ("Tonight at 8 the polls close.", "Tonight at 8", "1998-02-13T20:00"),
    ("The talks began at 9 this morning.", "9 this morning", "1998-02-13T09:00"),
    ("Saturday afternoon at 3 the march starts.", "Saturday afternoon at 3", "1998-02-14T15:00"),
])
def test_a_clock_without_meridiem_takes_the_hours_of_the_part_of_day_named(find, text, span,
                                                                          value):
    """"10:30 Friday night" is half past ten at night; a bare "at 9" is a clock only when a
    part of the day comes with it."""
    assert find(text, "1998-02-13") == {span: value}


def test_a_bare_number_before_a_weekday_is_no_clock(find):
    assert find("The team lost at 5 Tuesday.", "1998-02-13") == {"Tuesday": "1998-02-10"}
