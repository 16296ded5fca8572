"""Years written without their century."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "value"), [
    ("The club was founded in '58.", "1958"),
    ("She is in the class of ’15.", "2015"),
    ("He won the title in '99 and lost it later.", "1999"),
])
def test_an_apostrophe_and_two_digits_is_the_year_nearest_the_anchor(find, text, value):
    assert list(find(text, "2013-02-05").values()) == [value]


def test_the_eighties_are_the_last_ones_begun_by_the_anchor(find):
    assert find("Sales were flat through the '80s.", "1989-10-26") == {"the '80s": "198"}


def test_a_quoted_word_or_a_score_is_no_year(find):
    assert find("The 'rock 'n' roll' era ended 3-2.", "2013-02-05") == {}


def test_a_year_after_a_determiner_qualifies_the_noun_it_is_no_count(find):
    assert find("Leaders of the 1992 protests left; the company's 1989 results fell.",
                "2013-02-05") == {"1992": "1992", "1989": "1989"}
    assert find("They sent 2000 troops and the 1500 delegates.", "2013-02-05") == {}


@pytest.mark.parametrize(("text", "value"), [
    ("The bomb went off in January nineteen ninety-seven.", "1997-01"),
    ("Prices last fell that low in the winter of nineteen ninety-four.", "1994-WI"),
    ("He was born on March fifth, nineteen eighty-eight.", "1988-03-05"),
    ("The plant opens in June two thousand and one.", "2001-06"),
])
def test_a_spelled_year_completes_a_written_date(find, text, value):
    """Broadcast transcripts spell the year out; it belongs to the month or season before it
    as a year in digits does."""
    assert list(find(text, "1998-02-13").values()) == [value]


def test_a_spelled_count_after_a_month_is_no_year(find):
    assert find("In May two thousand people marched.", "1998-02-13") == {"May": "1997-05"}


@pytest.mark.parametrize("text", [
    "It opened in May nineteen ten-one.",
    "It was spring nineteen eleven two.",
    "It was the summer of twenty twelve three.",
])
def test_words_shaped_like_a_spelled_year_that_are_none_give_no_date(find, text):
    """A teen and a unit ("eleven two") is no number: no year, and no crash reading the page."""
    found = find(text, "1998-02-13")
    assert not any(w in said for said in found for w in ("nineteen", "twenty")), found


def test_a_decade_spelled_with_its_century(find):
    assert find("Prices soared in the nineteen-eighties and fell in the eighteen nineties.",
                "1998-02-13") == {"the nineteen-eighties": "198", "the eighteen nineties": "189"}


def test_a_year_before_the_sum_of_a_period_is_a_year_not_a_count(find):
    """"1990 earnings" sums up a year; "2000 troops" counts."""
    assert find("Analysts were predicting 1990 BellSouth earnings and 1991 profits.",
                "1989-10-30") == {"1990": "1990", "1991": "1991"}
    assert find("It sent 1990 troops.", "1989-10-30") == {}


def test_the_hundreds_are_a_century(find):
    assert find("Farms spread in the 1800s and shrank in the 1990s.", "1989-10-26") == {
        "the 1800s": "18", "the 1990s": "199"}
