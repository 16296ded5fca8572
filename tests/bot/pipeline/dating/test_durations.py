"""Durations, ages, anniversaries and sets: never dates."""

from __future__ import annotations

import pytest


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


def test_recurring_calendar_positions_are_sets(find):
    got = find("The market opens each May and every winter, on Sunday mornings and every "
               "Monday night, and the bell rings every morning.", "2016-12-09", full=True)
    assert [(e.text, e.type, e.value) for e in got] == [
        ("each May", "SET", "XXXX-05"), ("every winter", "SET", "XXXX-WI"),
        ("Sunday mornings", "SET", "XXXX-WXX-7TMO"), ("every Monday night", "SET", "XXXX-WXX-1TNI"),
        ("every morning", "SET", "XXXX-XX-XXTMO")]


def test_a_recurrence_before_a_noun_is_a_set(find):
    got = find("In his weekly radio address he praised daily flights and hourly wages.",
               "2016-12-09", full=True)
    assert [(e.text, e.type, e.value) for e in got] == [
        ("weekly", "SET", "P1W"), ("daily", "SET", "P1D"), ("hourly", "SET", "PT1H")]


def test_a_quarterly_dividend_names_a_report_not_a_recurrence(find):
    assert find("The board raised its quarterly dividend.", "2016-12-09") == {}


def test_a_quarterly_declared_is_the_dividend_not_a_recurrence(find):
    """Dividend news uses "quarterly" as a noun: "declared a regular quarterly of 10 cents"."""
    assert find("The company declared a regular quarterly of 10 cents a share.",
                "2016-12-09") == {}
    assert find("The reserve will be adjusted quarterly.", "2016-12-09") == {
        "quarterly": "P1Q"}


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


def test_a_determiner_and_a_unit_is_a_stretch_of_time(find):
    got = find("The strike lasted a month, the siege a fortnight and the reform took a decade.",
               "2013-02-05", full=True)
    assert [(e.text, e.type, e.value) for e in got] == [
        ("a month", "DURATION", "P1M"), ("a fortnight", "DURATION", "P1W"),
        ("a decade", "DURATION", "P10Y")]


def test_units_longer_than_a_year_are_written_in_years(find):
    assert find("It took two centuries, half a decade and four decades.", "2013-02-05") == {
        "two centuries": "P200Y", "half a decade": "P5Y", "four decades": "P40Y"}


def test_the_sentence_anchors_a_stretch_into_a_point(find):
    assert find("He left a month ago and came back a month later.", "2013-02-05") == {
        "a month ago": "2013-01", "a month later": "2013-02"}


def test_a_stretch_counted_from_an_event_stays_a_duration(find):
    got = find("Eight years after the war the city was rebuilt; days before the vote he quit.",
               "2013-02-05", full=True)
    assert [(e.text, e.type, e.value) for e in got] == [
        ("Eight years", "DURATION", "P8Y"), ("days", "DURATION", "PXD")]


def test_with_no_event_after_it_the_stretch_is_a_point_from_the_text(find):
    assert find("The dam burst in May 2010. Two years after, it was rebuilt.", "2013-02-05") == {
        "May 2010": "2010-05", "Two years after": "2012"}


def test_a_rate_is_a_set_not_a_duration(find):
    got = find("The firm earns $500 million a year and runs four flights a week.", "2013-02-05",
               full=True)
    assert [(e.text, e.type, e.value) for e in got] == [
        ("a year", "SET", "P1Y"), ("a week", "SET", "P1W")]


def test_a_year_without_a_count_before_it_is_a_stretch(find):
    assert find("Prices rose 5% in a year, after a week of talks.", "2013-02-05") == {
        "a year": "P1Y", "a week": "P1W"}


def test_a_clock_with_seconds_is_an_elapsed_time(find):
    got = find("She won the marathon in 2:21:09, a record of 1:02:30.5 for the half.",
               "2013-02-05", full=True)
    assert [(e.text, e.type, e.value) for e in got] == [
        ("2:21:09", "DURATION", "PT2H21M9S"), ("1:02:30.5", "DURATION", "PT1H2M30.5S")]


def test_a_clock_with_seconds_said_to_be_a_time_of_day_is_one(find):
    got = find("The first blast came at 10:32:15 and the second at 2:05:10 p.m.", "2013-02-05",
               full=True)
    assert [(e.text, e.type, e.value) for e in got] == [
        ("10:32:15", "TIME", "2013-02-05T10:32:15"), ("2:05:10", "TIME", "2013-02-05T14:05:10")]


def test_in_a_count_looking_ahead_is_a_point(find):
    got = find("The bonds will be redeemed in five years; the bridge will open in two weeks.",
               "2013-02-05", full=True)
    assert [(e.text, e.type, e.value) for e in got] == [
        ("five years", "DATE", "2018"), ("two weeks", "DATE", "2013-W08")]


def test_in_a_count_not_looking_ahead_stays_a_stretch(find):
    assert find("It was the first time in five years that prices fell.", "2013-02-05") == {
        "five years": "P5Y"}


def test_a_term_in_office_is_a_stretch_of_unsaid_years(find):
    got = find("He began his second term; his tenure was calm. A four-year term, term limits "
               "and the long term.", "2013-02-05", full=True)
    assert [(e.text, e.type, e.value) for e in got] == [
        ("second term", "DURATION", "PXY"), ("tenure", "DURATION", "PXY"),
        ("four-year", "DURATION", "P4Y")]


def test_a_spelled_count_of_years_is_no_spelled_year(find):
    assert find("Families kept the secret for more than two thousand years.", "2013-02-05") == {
        "more than two thousand years": "P2000Y"}
    assert find("The year two thousand came.", "2013-02-05") == {"The year two thousand": "2000"}


def test_a_stretch_before_a_clause_is_counted_from_that_event(find):
    got = find("He was interviewed several months before he entered office.", "2013-02-05",
               full=True)
    assert [(e.text, e.type, e.value) for e in got] == [("several months", "DURATION", "PXM")]


def test_a_count_and_a_comma_before_a_week_make_no_rate(find):
    got = find("The meeting is on Feb. 12, a week from today.", "2013-02-05", full=True)
    assert [(e.text, e.type) for e in got] == [("Feb. 12", "DATE"), ("a week from today", "DATE")]


def test_the_day_before_an_event_is_left_unread_the_day_before_alone_is_read(find):
    assert find("He was seen on Nov. 3, the day before police issued a warrant.",
                "2013-02-05") == {"Nov. 3": "2012-11-03"}
    assert find("He was seen on Nov. 3 and had left the day before.", "2013-02-05") == {
        "Nov. 3": "2012-11-03", "the day before": "2012-11-02"}


def test_a_unit_long_is_one_unit(find):
    got = find("After a day-long meeting they opened a year-long inquiry.", "2016-12-09", full=True)
    assert [(e.text, e.type, e.value) for e in got] == [
        ("day-long", "DURATION", "P1D"), ("year-long", "DURATION", "P1Y")]


@pytest.mark.parametrize(("text", "span", "value"), [
    ("The siege lasted 2 1/2 years.", "2 1/2 years", "P2Y6M"),
    ("The talks ran 5 1/2 hours.", "5 1/2 hours", "PT5H30M"),
    ("She waited two and a half years.", "two and a half years", "P2Y6M"),
    ("He was jailed for a year and a half.", "a year and a half", "P1Y6M"),
    ("The vote took half an hour.", "half an hour", "PT30M"),
])
def test_a_half_unit_is_counted_in_the_next_smaller_unit(find, text, span, value):
    """A half is not dropped ("2 1/2 years" is not two years): TimeML writes it in the next
    smaller unit."""
    assert find(text, "2013-02-05") == {span: value}


def test_a_couple_of_units_is_two(find):
    assert find("Over the next couple of years sales will double.", "2013-02-05") == {
        "the next couple of years": "P2Y"}


def test_a_half_hour_is_thirty_minutes(find):
    assert find("More news in the next half hour.", "2013-02-05") == {
        "the next half hour": "PT30M"}


def test_quarters_of_a_result_are_quarters_of_a_year(find):
    """"several quarters of losses" counts quarters of a year; "three quarters of the vote"
    is a fraction."""
    assert find("It turned a profit after several quarters of losses.", "1989-10-30") == {
        "several quarters": "PXQ"}
    assert find("He won three quarters of the vote.", "1989-10-30") == {}


def test_a_speed_is_no_recurrence(find):
    """"60 miles per hour" measures a speed; TimeML marks no time in it. A wage "per hour"
    still recurs."""
    assert find("The chip runs 15 million instructions per second; cars drive 60 miles per "
                "hour.", "1989-10-27") == {}
    assert find("Wages are $12 per hour.", "1989-10-27") == {"per hour": "PT1H"}
