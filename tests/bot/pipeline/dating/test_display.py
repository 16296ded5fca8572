import pytest

from bot.pipeline.dating.display import date_sort_key, format_date, is_calendar_date, year_of


@pytest.mark.parametrize("value, shown", [
    ("2016-12-15", "15 Dec 2016"), ("2014-03", "Mar 2014"), ("2014", "2014"),
    ("2013-FA", "fall 2013"), ("199", "1990s"), ("2016-W12", "week 12 of 2016"),
    ("2015-Q2", "Q2 2015"), (None, "undated"),
])
def test_dates_are_shown_at_their_precision(value, shown):
    assert format_date(value) == shown


def test_calendar_order_puts_periods_at_their_start_or_middle():
    values = ["2014-SU", "2014", "2014-03", "2013-12-31", "199", "2014-W01", "2014-03-05"]
    assert sorted(values, key=date_sort_key) == [
        "199", "2013-12-31", "2014", "2014-W01", "2014-03", "2014-03-05", "2014-SU"]


def test_only_calendar_values_go_on_a_timeline():
    assert is_calendar_date("2014-03") and is_calendar_date("199")
    assert not any(is_calendar_date(v) for v in ("PRESENT_REF", "XXXX-12-15", "P3Y", "", None))
    assert year_of("2014-03") == "2014" and year_of("199") == "1990s"


@pytest.mark.parametrize("value, shown", [
    ("2003-WI", "winter 2003"), ("2013-SU", "summer 2013"), ("2013-W05", "week 5 of 2013"),
    ("2013-W53", "week 53 of 2013"), ("2013-00", "2013"), ("2013-13", "2013"),
])
def test_a_winter_is_a_season_not_a_week(value, shown):
    assert format_date(value) == shown
    date_sort_key(value)  # places it without raising


def test_seasons_sort_between_months():
    assert sorted(["2003-WI", "2003-11", "2003-W50", "2003-SU"], key=date_sort_key) == [
        "2003-SU", "2003-11", "2003-W50", "2003-WI"]
