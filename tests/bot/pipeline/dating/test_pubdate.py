"""Publication dates from header and footer lines."""

from __future__ import annotations

from bot.models import DocDate
from bot.pipeline.dating import find_publication_date


def test_bulleted_dateline():
    lines = ["print PRINT", "  • April 2, 2021", "  • , Harbor Times , 9:15 a.m."]
    assert find_publication_date(lines) == DocDate("2021-04-02", "day", "dateline",
                                                   "• April 2, 2021")


def test_day_month_abbreviation_year_with_site_chrome():
    date = find_publication_date(["17-Mar-2015 Example Wire | Reuters | 8:00 AM Share"])
    assert (date.value, date.granularity) == ("2015-03-17", "day")


def test_time_then_us_numeric_date():
    assert find_publication_date(["10:42 PM 3/4/2018"]).value == "2018-03-04"


def test_published_label_with_european_order_and_clock():
    date = find_publication_date(["Published: 21 June 2019 14:02 GMT"])
    assert date.value == "2019-06-21"
    assert date.evidence == "Published: 21 June 2019 14:02 GMT"


def test_header_date_wins_over_footer_date():
    lines = ["05-Jan-2017 Example Wire", "Share this", "11:01 AM 1/4/2017"]
    assert find_publication_date(lines).value == "2017-01-05"


def test_full_date_preferred_over_an_earlier_month():
    lines = ["Issue of October 2018", "Posted October 12, 2018"]
    assert find_publication_date(lines).value == "2018-10-12"


def test_month_and_year_when_nothing_finer():
    date = find_publication_date(["Quarterly Review", "October 2018 edition"])
    assert (date.value, date.granularity) == ("2018-10", "month")


def test_copyright_year_alone_is_no_date():
    assert find_publication_date(["© 2019 Example Media", "All rights reserved"]) is None


def test_no_lines():
    assert find_publication_date([]) is None
