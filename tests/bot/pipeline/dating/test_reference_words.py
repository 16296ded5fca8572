"""Words that refer to the time of writing or the text's day: "now", "the day", "the year"."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "Now he wants a recount.", "The company is now bankrupt.", "For now, the truce holds.",
    "'Now is the time,' he said.", "Until now, nobody knew.",
])
def test_now_is_the_present(find, text):
    assert list(find(text, "2013-02-05").values()) == ["PRESENT_REF"]


def test_the_day_is_the_day_the_text_tells(find):
    assert find("Shares rose 2% on the day. Later in the day, he resigned.", "2013-02-05") == {
        "the day": "2013-02-05"}
    assert find("On March 3, 2012, the strike began; later in the day, it spread.",
                "2013-02-05") == {"March 3, 2012": "2012-03-03", "the day": "2012-03-03"}


def test_an_ordinal_day_of_something_is_the_text_s_day(find):
    assert find("It was the 99th day of the strike and the second day of talks.",
                "2013-02-05") == {"the 99th day": "2013-02-05", "the second day": "2013-02-05"}


def test_the_day_of_an_event_or_in_a_clause_is_not_read(find):
    assert find("He recalled the day he left and the day of the attack.", "2013-02-05") == {}


def test_the_year_is_the_year_of_the_report(find):
    assert find("For the year, sales rose; earlier in the year they fell.", "2013-02-05") == {
        "the year": "2013"}


def test_the_year_follows_a_year_just_named(find):
    assert find("In 2010, sales fell, and for the full year they halved.", "2013-02-05") == {
        "2010": "2010", "the full year": "2010"}


def test_year_end_is_the_end_of_the_year_in_view(find):
    assert find("The deal should close by year's end.", "2013-10-05") == {"year's end": "2013"}
    assert find("The bank held $3 billion at year-end.", "2013-02-05") == {"year-end": "2012"}
    assert find("In 2010, when year-end profit fell, it cut jobs.", "2013-10-05") == {
        "2010": "2010", "year-end": "2010"}


def test_the_near_and_short_term_and_a_later_date_lie_ahead(find):
    got = find("Costs will weigh in the near term, ease in the short term, and the rest is due "
               "at a later date.", "2019-03-01")
    assert got == {"the near term": "FUTURE_REF", "the short term": "FUTURE_REF",
                   "a later date": "FUTURE_REF"}


def test_long_term_as_an_adjective_is_no_time(find):
    assert find("It cut long-term debt and short-term loans.", "2019-03-01") == {}


def test_the_future_of_something_is_its_prospects_not_a_time(find):
    """"the future of NATO" and "the future looks bleak" speak of prospects; "in the
    future" and "worried about the future" of a time to come."""
    assert find("It matters to the future of our peoples, and the future looks bleak.",
                "1998-02-13") == {}
    assert find("Strikes will go on well into the future.", "1998-02-13") == {
        "the future": "FUTURE_REF"}


def test_a_title_with_a_capitalised_unit_is_no_time(find):
    """Prose writes "60 minutes" and "this week"; "60 Minutes" and "This Week" are shows."""
    assert find('He said on CBS\'s "60 Minutes" and on "This Week With David Brinkley".',
                "1998-02-13") == {}
    assert find("This week the vote passed, on Memorial Day.", "1998-02-13") == {
        "This week": "1998-W07", "Memorial Day": "1997-05-26"}


def test_the_people_of_tomorrow_are_an_era_not_a_day(find):
    assert find("He chose the people of tomorrow; the computers of today are fast.",
                "1989-11-02") == {}
    assert find("By the end of today he leaves.", "1989-11-02") == {"today": "1989-11-02"}
