"""Showing TIMEX3 date values to people, at their precision, and ordering them on a calendar.

    >>> format_date("2016-12-15"), format_date("2014-03"), format_date("2014"), format_date("2013-FA")
    ('15 Dec 2016', 'Mar 2014', '2014', 'fall 2013')
    >>> sorted(["2014-SU", "2014", "2014-03", "2013-12-31"], key=date_sort_key)
    ['2013-12-31', '2014', '2014-03', '2014-SU']
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_SEASONS = {"SP": ("spring", 4), "SU": ("summer", 7), "FA": ("fall", 10), "WI": ("winter", 12)}
_HALVES = {"H1": ("first half of", 3), "H2": ("second half of", 9)}
_QUARTERS = {"Q1": 2, "Q2": 5, "Q3": 8, "Q4": 11}
_YEAR_PART = re.compile(r"^(\d{4})(?:-(\d{2}|W\d{2}|SP|SU|FA|WI|Q[1-4]|H[12]))?(?:-(\d{2}))?")


def _week(part: str) -> int | None:
    """The week number of a "W05" part; None for anything else ("WI" is winter, not a week)."""
    return int(part[1:]) if part[:1] == "W" and part[1:].isdigit() else None


def _month(part: str) -> int | None:
    """The month of a "03" part, if it is one (1–12)."""
    return int(part) if part.isdigit() and 1 <= int(part) <= 12 else None


def is_calendar_date(value: str | None) -> bool:
    """True for values a timeline can place: a year, decade or century, possibly finer."""
    return bool(value) and (bool(_YEAR_PART.match(value)) or bool(re.fullmatch(r"\d{2,3}", value)))


def date_sort_key(value: str) -> tuple[int, float, int]:
    """(year, month, day) where coarse values sort at the start of their period.

    A year sorts before its months ("2014" then "2014-03"); a season sorts at its middle month;
    a decade "199" at 1990 and a century "20" at 1900.
    """
    if re.fullmatch(r"\d{3}", value):
        return int(value) * 10, 0, 0
    if re.fullmatch(r"\d{2}", value):
        return int(value) * 100, 0, 0
    match = _YEAR_PART.match(value or "")
    if not match:
        return 9999, 0, 0
    year, part, day = match.groups()
    if part is None or (part.isdigit() and _month(part) is None):
        return int(year), 0, 0
    if part.isdigit():
        return int(year), int(part), int(day or 0)
    if _week(part) is not None:
        # An ISO week belongs to the year of its Thursday; place it there.
        thursday = dt.date.fromisocalendar(int(year), max(1, min(_week(part), 52)), 4)
        return int(year), thursday.month + 0.1, thursday.day
    if part in _SEASONS:
        return int(year), _SEASONS[part][1] + 0.5, 0
    if part in _QUARTERS:
        return int(year), _QUARTERS[part] + 0.5, 0
    return int(year), _HALVES[part][1] + 0.5, 0


def format_date(value: str | None, granularity: str = "") -> str:
    """A date as people write it, no finer than it is known."""
    if not value:
        return "undated"
    if re.fullmatch(r"\d{3}", value):
        return f"{value}0s"
    if re.fullmatch(r"\d{2}", value):
        return f"{int(value) + 1}th century"
    match = _YEAR_PART.match(value)
    if not match:
        return value
    year, part, day = match.groups()
    if part is None or (part.isdigit() and _month(part) is None):
        return year
    if part.isdigit():
        month = _MONTHS[int(part) - 1]
        return f"{int(day)} {month} {year}" if day else f"{month} {year}"
    if _week(part) is not None:
        return f"week {_week(part)} of {year}"
    if part in _SEASONS:
        return f"{_SEASONS[part][0]} {year}"
    if part in _QUARTERS:
        return f"{part} {year}"
    return f"{_HALVES[part][0]} {year}"


def document_date(value: str | None, granularity: str = "", kind: str | None = "") -> str:
    """How answers show a document's date: at its precision, marked when it is estimated.

    >>> document_date("2016", "year", "estimated"), document_date("2020-09-18", "day", "dateline")
    ('2016 (estimated)', '18 Sep 2020')
    """
    label = format_date(value, granularity)
    return f"{label} (estimated)" if value and kind == "estimated" else label


def date_and_kind(value: str | None, kind: str | None) -> str:
    """The stored date and how it was found, for people checking or correcting metadata.

    >>> date_and_kind("2016-12-09", "dateline"), date_and_kind(None, None)
    ('2016-12-09 (dateline)', 'undated')
    """
    return f"{value} ({kind})" if value else "undated"


def year_of(value: str) -> str:
    """The heading a timeline groups a date under (a year, or a decade/century as shown)."""
    if re.fullmatch(r"\d{2,3}", value):
        return format_date(value)
    return value[:4]
