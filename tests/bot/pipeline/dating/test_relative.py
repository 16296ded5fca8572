"""Expressions resolved against the anchor: deictic words, tense-directed months, roll-over."""

from __future__ import annotations


def test_last_month_and_this_week(find):
    got = find("Last month the mill closed; this week it reopened.", "2020-09-18")
    assert got == {"Last month": "2020-08", "this week": "2020-W38"}


def test_last_month_in_january_rolls_back_a_year(find):
    assert find("Exports fell last month.", "2021-01-12") == {"last month": "2020-12"}


def test_months_ago(find):
    assert find("Three months ago the port reopened.", "2020-02-10") == {
        "Three months ago": "2019-11"}


def test_years_relative_to_the_anchor(find):
    got = find("Profits doubled last year and will rise next year.", "2015-06-01")
    assert got == {"last year": "2014", "next year": "2016"}


def test_month_with_this_year(find):
    assert find("The leaders met in May this year in Sochi.", "2016-11-20") == {
        "May this year": "2016-05"}


def test_deictic_days(find):
    got = find("Yesterday the court ruled; today the mayor resigned.", "2019-03-01")
    assert got == {"Yesterday": "2019-02-28", "today": "2019-03-01"}


def test_weekday_in_past_tense_is_the_one_before(find):
    assert find("The minister resigned on Tuesday.", "2019-03-01") == {"Tuesday": "2019-02-26"}


def test_weekday_in_future_tense_is_the_next_one(find):
    assert find("The minister will resign on Tuesday.", "2019-03-01") == {
        "Tuesday": "2019-03-05"}


def test_references_to_present_past_and_future(find):
    got = find("Now the firm says prices recently fell and will rise in the coming months.",
               "2019-03-01")
    assert got == {"Now": "PRESENT_REF", "recently": "PAST_REF",
                   "the coming months": "FUTURE_REF"}


def test_future_tense_sends_a_bare_month_forward(find):
    got = find("The ceasefire is due to expire in February.", "2020-09-18")
    assert got == {"February": "2021-02"}


def test_past_tense_sends_a_bare_month_back(find):
    assert find("The envoys met in February.", "2020-09-18") == {"February": "2020-02"}


def test_will_visit_in_december_is_this_december_when_still_ahead(find):
    assert find("The premier will visit Seoul in December.", "2016-09-30") == {
        "December": "2016-12"}


def test_month_of_the_anchor_is_the_same_year(find):
    assert find("The premier will visit Seoul in September.", "2016-09-30") == {
        "September": "2016-09"}


def test_past_december_in_a_january_article_is_last_year(find):
    assert find("The rebels seized the town on Dec. 20.", "2016-01-05") == {
        "Dec. 20": "2015-12-20"}


def test_scheduled_next_month_date_stays_ahead(find):
    assert find("The talks are scheduled for Jan. 14 in Vienna.", "2015-12-20") == {
        "Jan. 14": "2016-01-14"}


def test_later_relative_to_the_paragraph(find):
    got = find("The plant opened in March 2001. Two years later, it closed.", "2016-01-01")
    assert got == {"March 2001": "2001-03", "Two years later": "2003"}


def test_paragraph_year_gives_a_bare_month_its_year(find):
    text = ("In February 2014 the cabinet fell. In March, the province declared "
            "independence.")
    got = find(text, "2016-11-01", full=True)
    assert [(e.text, e.value, e.anchored) for e in got] == [
        ("February 2014", "2014-02", False), ("March", "2014-03", False)]


def test_paragraph_year_is_ignored_when_the_tense_points_past_the_anchor(find):
    text = "Relations soured in March 2014. The treaty is due to expire in February."
    assert find(text, "2020-09-18")["February"] == "2021-02"


def test_year_anchor_keeps_finer_relative_expressions_at_the_year(find):
    got = find("Prices rose last month and will fall next year.", "2016-01-01", "year")
    assert got == {"last month": "2016", "next year": "2017"}


def test_year_anchor_gives_a_day_its_year(find):
    got = find("The navy held drills on Aug. 10.", "2016-01-01", "year", full=True)
    assert [(e.value, e.anchored) for e in got] == [("2016-08-10", True)]


def test_clock_time_on_the_anchor_day(find):
    assert find("The blast came at 6:30 p.m. local time.", "2019-04-02") == {
        "6:30 p.m. local time": "2019-04-02T18:30"}


def test_holiday_in_past_tense(find):
    assert find("The family gathered on Thanksgiving Day.", "2019-12-10") == {
        "Thanksgiving Day": "2019-11-28"}


def test_last_season_is_strictly_before_even_when_the_next_is_close(find):
    assert find("Last spring the river flooded.", "2017-02-10") == {"Last spring": "2016-SP"}


def test_a_past_parse_does_not_throw_a_near_date_a_year_back(find):
    assert find("The bid was extended to Nov. 20 by the board.", "2019-11-02") == {
        "Nov. 20": "2019-11-20"}


def test_planned_for_a_weekday_looks_ahead(find):
    assert find("Protesters planned to march on Saturday.", "2019-11-06") == {
        "Saturday": "2019-11-09"}


def test_modal_deadline_looks_ahead(find):
    assert find("The envoy must leave the country by Jan. 14.", "2020-01-05") == {
        "Jan. 14": "2020-01-14"}


def test_a_year_earlier_after_a_quarter_is_that_quarter_a_year_before(find):
    got = find("Net income rose in the third quarter from a year earlier.", "2019-10-25")
    assert got == {"the third quarter": "2019-Q3", "a year earlier": "2018-Q3"}


def test_clock_time_with_its_date(find):
    assert find("The offer expires at 5 p.m. EST, Nov. 9.", "2019-10-30") == {
        "5 p.m. EST, Nov. 9": "2019-11-09T17:00"}


def test_ages_beyond_the_calendar_do_not_break_the_paragraph(find):
    got = find("The novel is set 6,000 years ago. The sequel came out last month.", "2005-03-01")
    assert got["6,000 years ago"] == "PAST_REF"
    assert got["last month"] == "2005-02"


def test_a_clock_time_in_a_named_part_of_today(find):
    got = find("Ministers met at 10:30 this morning and will vote at 9 p.m. tonight; the "
               "blast came at 11 p.m. last night.", "2019-03-01")
    assert got == {"10:30 this morning": "2019-03-01T10:30", "9 p.m. tonight": "2019-03-01T21:00",
                   "11 p.m. last night": "2019-02-28T23:00"}


def test_future_and_coming_quarters_look_ahead(find):
    assert find("Losses will shrink in future quarters and in coming quarters.",
                "2019-03-01") == {"future quarters": "FUTURE_REF", "coming quarters": "FUTURE_REF"}


def test_or_so_before_ago(find):
    assert find("A month or so ago the port reopened.", "2020-02-10") == {
        "A month or so ago": "2020-01"}


def test_earlier_in_the_week_and_later_in_the_month(find):
    got = find("Sales fell earlier in the week. On Feb. 3 he arrived; later in the month he left.",
               "2020-02-20")
    assert got == {"earlier in the week": "2020-W08", "Feb. 3": "2020-02-03",
                   "later in the month": "2020-02"}


def test_the_end_of_the_decade_and_century(find):
    got = find("By the end of the decade costs had doubled; by the end of the century they fell.",
               "1998-02-13")
    assert got == {"the end of the decade": "199", "the end of the century": "19"}


def test_a_short_step_from_a_whole_month_or_year_stays_inside_it(find):
    """"Two days earlier" than a month named only as a whole is still in that month, most
    likely; counting from its first day would throw it into the month before."""
    assert find("The plant closed in March 1987. Two days earlier, workers struck.",
                "1989-10-26") == {"March 1987": "1987-03", "Two days earlier": "1987-03"}
    assert find("It was sold in 1985; the next day it collapsed.", "1989-10-26") == {
        "1985": "1985", "the next day": "1985"}


def test_in_the_month_and_for_the_week_are_the_ones_the_text_tells(find):
    """"For the week, the Dow rose": the week of the day just named, else of the anchor."""
    assert find("Sales rose 5% in the month.", "1989-10-27") == {"the month": "1989-10"}
    assert find("Stocks fell on Oct. 13. For the week, the Dow lost 4%.", "1989-10-27") == {
        "Oct. 13": "1989-10-13", "the week": "1989-W41"}
    assert find("In the month of May they met.", "1989-10-27") == {"May": "1989-05"}


def test_the_twelfth_is_that_day_of_the_month_in_view(find):
    """"on the 12th" is the 12th of the month just named, else of the anchor's month (the
    month before when the sentence looks back past the anchor's day)."""
    assert find("In January the firm was sold; on the 12th the deal closed.", "1998-03-05") == {
        "January": "1998-01", "the 12th": "1998-01-12"}
    assert find("He was killed on the 28th, police said.", "1998-03-05") == {
        "the 28th": "1998-02-28"}
    assert find("He finished on the 12th hole, on the 5th floor.", "1998-03-05") == {}
