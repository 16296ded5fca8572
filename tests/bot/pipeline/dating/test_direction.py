"""Which year a year-less month or which week a weekday falls in, by the sentence's tense."""

from __future__ import annotations

import pytest

from bot.pipeline.dating import find_time_expressions
from bot.pipeline.dating.tense import FINISHED, FUTURE, PAST, PRESENT, year_reading


@pytest.mark.parametrize("text", [
    "The election will be held in June.",
    "The law takes effect in June.",
    "The new stadium is expected to open in June.",
    "The trial is set to start in June.",
])
def test_a_bare_month_in_a_sentence_that_looks_ahead_is_the_next_one(find, text):
    assert list(find(text, "2013-08-20").values()) == ["2014-06"]


def test_a_present_tense_month_just_past_is_still_the_last_one(find):
    assert find("Sales rose in July, the data show.", "2013-08-20") == {"July": "2013-07"}


def test_since_looks_back_whatever_the_verb(find):
    assert find("It is the lowest level since December.", "2013-03-20") == {
        "December": "2012-12"}


def test_set_looks_back_without_an_infinitive(find):
    assert find("The index is near the record high set on Aug. 6.", "2013-02-06") == {
        "Aug. 6": "2012-08-06"}


def test_is_to_and_planned_look_ahead(find):
    assert find("Trading is to resume Tuesday.", "2013-02-08") == {"Tuesday": "2013-02-12"}
    assert find("Protesters planned a march on Saturday.", "2013-02-08") == {
        "Saturday": "2013-02-09"}


def test_a_weekday_with_no_tense_is_the_nearer_one(find):
    assert find("The vote Tuesday, a test for him.", "2013-02-04") == {"Tuesday": "2013-02-05"}
    assert find("The vote Tuesday, a test for him.", "2013-02-07") == {"Tuesday": "2013-02-05"}


def test_a_date_that_only_qualifies_a_noun_sets_no_scene(find):
    got = find("They were charged in the Dec. 21, 1988, bombing. They were freed after the "
               "leader agreed in April to hand them over.", "2013-06-07")
    assert got == {"Dec. 21, 1988": "1988-12-21", "April": "2013-04"}
    assert find("In February 2014 the junta fell. In March, the province seceded.",
                "2016-11-01") == {"February 2014": "2014-02", "March": "2014-03"}


def test_a_deadline_set_in_the_present_perfect_lies_ahead(find):
    # Written on a Monday: "until Thursday" is this week's, not last week's
    assert find("The regulator has extended the offer until Thursday.", "2019-03-04") == {
        "Thursday": "2019-03-07"}


def test_a_plan_in_the_past_perfect_looks_back(find):
    # Written on a Monday: the Friday it had been due is the one just past
    assert find("The offer had been scheduled to expire Friday.", "2019-03-04") == {
        "Friday": "2019-03-01"}


@pytest.mark.parametrize("text", [
    "The minister could not be reached for comment Tuesday.",
    "Neither he nor his lawyer could be located Tuesday.",
])
def test_a_failed_attempt_with_could_looks_back(find, text):
    # Written on a Friday: the Tuesday just past, not the next one
    assert list(find(text, "2019-03-01").values()) == ["2019-02-26"]


def test_could_alone_still_looks_ahead(find):
    assert find("The council could vote Tuesday.", "2019-03-01") == {"Tuesday": "2019-03-05"}


@pytest.mark.parametrize("text", [
    "Its 1986 results were weak.",
    "In 1988, the company earned $822.8 million.",
    "Sales for all of 1986 fell.",
    "The company reported 1988 net income of $5 million.",
])
def test_a_year_told_as_a_whole_that_has_ended_reads_finished(nlp, text):
    assert _reading_of_its_year(nlp, text) == FINISHED


@pytest.mark.parametrize(("text", "reading"), [
    ("The plant opened in 1986.", PAST),
    ("The company earned a reputation in 1988.", PAST),
    ("Its 1990 earnings will rise.", FUTURE),
    ("Its 1989 profit is likely to be 4.7 billion francs.", PRESENT),
    ("Profit in fiscal 1986 rose.", None),
])
def test_other_years_keep_their_tense(nlp, text, reading):
    """A fiscal year often ends mid-year, so its results may be told in that same year."""
    assert _reading_of_its_year(nlp, text) == reading


def _reading_of_its_year(nlp, text: str) -> str | None:
    doc = nlp(text)
    (year,) = [e for e in find_time_expressions(doc, None, "day") if e.granularity == "year"]
    return year_reading(doc, year.start, year.end)
