"""Dates that carry their own year, and year-less dates that take it from the anchor."""

from __future__ import annotations


def test_month_and_year(find):
    assert find("The mine closed in March 2012 after the strike.", "2019-05-02") == {
        "March 2012": "2012-03"}


def test_abbreviated_month_day_takes_the_anchor_year(find):
    got = find("The council will vote on Dec. 15 on the budget.", "2016-12-09", full=True)
    assert [(e.text, e.value, e.granularity, e.anchored) for e in got] == [
        ("Dec. 15", "2016-12-15", "day", True)]


def test_aug_ten_is_found_although_the_model_may_miss_it(find):
    assert find("Officials visited the port on Aug. 10 with reporters.", "2018-09-01") == {
        "Aug. 10": "2018-08-10"}


def test_season_of_a_year(find):
    got = find("Unrest spread in the fall of 2013 across the region.", "2019-01-01", full=True)
    assert [(e.text, e.value, e.granularity) for e in got] == [
        ("the fall of 2013", "2013-FA", "season")]


def test_a_bare_year_after_in(find):
    assert find("The two countries signed a pact in 1941.", "2016-12-09") == {"1941": "1941"}


def test_a_four_digit_count_is_not_a_year(find):
    assert find("The army sent 2000 troops to the border.", "2016-12-09") == {}


def test_us_numeric_order_by_default(find):
    assert find("Filed 12/8/2016 by the clerk.", None) == {"12/8/2016": "2016-12-08"}


def test_day_first_when_the_first_number_cannot_be_a_month(find):
    assert find("Filed 25/12/2016 by the clerk.", None) == {"25/12/2016": "2016-12-25"}


def test_hyphenated_and_iso_and_european_forms(find):
    got = find("Logged 09-Dec-2016, revised 2016-12-11 and signed 15 December 2016.", None)
    assert got == {"09-Dec-2016": "2016-12-09", "2016-12-11": "2016-12-11",
                   "15 December 2016": "2016-12-15"}


def test_parts_of_a_year_keep_the_year(find):
    got = find("Output peaked in mid-2015 and fell in early 2014.", "2020-01-01", full=True)
    assert [(e.text, e.value, e.anchored) for e in got] == [
        ("mid-2015", "2015", False), ("early 2014", "2014", False)]


def test_decades_and_centuries(find):
    got = find("Trade grew in the 1990s and will matter in the 21st century.", "2016-01-01",
               full=True)
    assert [(e.text, e.value, e.granularity) for e in got] == [
        ("the 1990s", "199", "decade"), ("the 21st century", "20", "century")]


def test_quarter_and_half_of_a_year(find):
    got = find("Sales rose in the fourth quarter of 2013 and in the first half of 2014.",
               "2015-03-01")
    assert got == {"the fourth quarter of 2013": "2013-Q4", "the first half of 2014": "2014-H1"}


def test_without_anchor_a_year_less_date_is_left_open(find):
    got = find("The ministers met on Dec. 15 in Oslo.", None, full=True)
    assert [(e.value, e.anchored) for e in got] == [("XXXX-12-15", True)]


def test_may_the_verb_is_not_a_month(find):
    assert find("Prices may rise if the harvest fails.", "2020-01-01") == {}


def test_fall_the_verb_is_not_a_season(find):
    assert find("Prices fall when supply rises.", "2020-01-01") == {}


def test_leap_day_in_a_leap_year(find):
    assert find("The deal was signed on Feb. 29 in Geneva.", "2016-03-10") == {
        "Feb. 29": "2016-02-29"}


def test_leap_day_goes_to_the_last_leap_year_when_the_anchor_year_has_none(find):
    assert find("The deal was signed on Feb. 29 in Geneva.", "2017-03-10") == {
        "Feb. 29": "2016-02-29"}


def test_a_person_named_may_is_not_a_month(find):
    got = find("Prime Minister Theresa May said she met the envoy in February.", "2019-03-01")
    assert got == {"February": "2019-02"}


def test_slashed_iso_and_dotted_european_dates(find):
    got = find("Filed 2016/12/09 and stamped 9.12.2016; version 3.14.15 shipped.", None)
    assert got == {"2016/12/09": "2016-12-09", "9.12.2016": "2016-12-09"}


def test_spoken_days_of_the_month(find):
    got = find("He was freed on February twelfth; troops left on the twenty-first of March, "
               "and talks end on May the second, 1998.", "1998-02-13")
    assert got == {"February twelfth": "1998-02-12", "the twenty-first of March": "1998-03-21",
                   "May the second, 1998": "1998-05-02"}



def test_the_quarter_ended_on_a_date_is_the_quarter_holding_it(find):
    """"the quarter ending Dec. 31" written in October looks ahead to the fourth quarter;
    the date it ends on names the quarter, whatever was reported last."""
    got = find("Revenue for the quarter ending Dec. 31 will rise; in the quarter ended "
               "Sept. 30 it fell; in the year-ago quarter ended Sept. 30, 1988, it rose.",
               "1989-10-26", full=True)
    assert [(e.text, e.value) for e in got if "quarter" in e.text] == [
        ("the quarter", "1989-Q4"), ("the quarter", "1989-Q3"),
        ("the year-ago quarter", "1988-Q3")]
