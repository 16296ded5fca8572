"""TIMEX3 value strings and the calendar arithmetic behind them.

A value's shape says its granularity: "2014" a year, "2014-03" a month, "2014-W12" a week,
"2014-SU" a season, "199" a decade. Relative expressions are computed on `datetime.date`
with dateutil's relativedelta (month ends and leap days handled) and then cut to the
granularity the expression names.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil.relativedelta import relativedelta

# Granularity levels, finest last, so values can be cut to the coarser of two.
_ORDER = ("millennium", "century", "decade", "year", "half", "quarter", "season", "month",
          "week", "day", "time")

_VALUE_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^\d{4}-\d\d-\d\dT"), "time"),
    (re.compile(r"^\d{4}-\d\d-\d\d$"), "day"),
    (re.compile(r"^\d{4}-W\d\d"), "week"),
    (re.compile(r"^\d{4}-\d\d$"), "month"),
    (re.compile(r"^\d{4}-(SP|SU|FA|WI)$"), "season"),
    (re.compile(r"^\d{4}-Q\d$"), "quarter"),
    (re.compile(r"^\d{4}-H\d$"), "half"),
    (re.compile(r"^\d{4}$"), "year"),
    (re.compile(r"^\d{3}$"), "decade"),
    (re.compile(r"^\d{2}$"), "century"),
    (re.compile(r"^\d$"), "millennium"),
)


def granularity_of(value: str) -> str:
    """The granularity a TIMEX3 date value has by its shape: "2014-03" -> "month"."""
    for pattern, granularity in _VALUE_SHAPES:
        if pattern.match(value):
            return granularity
    return ""


def finer(a: str, b: str) -> bool:
    """Whether granularity a is finer than b ("day" is finer than "year")."""
    return _ORDER.index(a) > _ORDER.index(b) if a in _ORDER and b in _ORDER else False


def format_date(day: dt.date, granularity: str) -> str:
    """Write `day` as a TIMEX3 value cut to `granularity`.

    >>> format_date(dt.date(2014, 3, 21), "week")
    '2014-W12'
    """
    if granularity in ("day", "time"):
        return day.isoformat()
    if granularity == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if granularity == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if granularity == "half":
        return f"{day.year:04d}-H{1 if day.month <= 6 else 2}"
    if granularity == "season":
        code = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU",
                8: "SU"}.get(day.month, "FA")
        year = day.year - 1 if day.month in (1, 2) else day.year
        return f"{year:04d}-{code}"
    if granularity == "decade":
        return f"{day.year // 10:03d}"
    if granularity == "century":
        return f"{day.year // 100:02d}"
    if granularity == "millennium":
        return str(day.year // 1000)
    return f"{day.year:04d}"


_STEPS = {
    "year": relativedelta(years=1), "half": relativedelta(months=6),
    "quarter": relativedelta(months=3), "season": relativedelta(months=3),
    "month": relativedelta(months=1), "week": relativedelta(weeks=1),
    "weekend": relativedelta(weeks=1), "fortnight": relativedelta(weeks=2),
    "day": relativedelta(days=1), "night": relativedelta(days=1),
    "decade": relativedelta(years=10), "century": relativedelta(years=100),
    "millennium": relativedelta(years=1000),
}


def shift(day: dt.date, unit: str, amount: int) -> dt.date:
    """`day` moved by `amount` units ("month", "week", "quarter", ...), clamped at month ends;
    an unknown unit leaves it where it is."""
    step = _STEPS.get(unit)
    return day + step * amount if step is not None else day


# The granularity of a step of these units (the others are their own).
_UNIT_GRANULARITY = {"night": "day", "weekend": "week", "fortnight": "week"}
# From the first day of a period to its middle, by the period's granularity.
_TO_MIDDLE = {
    "millennium": relativedelta(years=500), "century": relativedelta(years=50),
    "decade": relativedelta(years=5), "year": relativedelta(months=6),
    "half": relativedelta(months=3), "quarter": relativedelta(months=1, days=14),
    "season": relativedelta(months=1, days=14), "month": relativedelta(days=14),
    "week": relativedelta(days=3),
}


def shift_within(day: dt.date, granularity: str, unit: str, amount: int) -> dt.date:
    """`shift` from a period known only as a whole (`day` its first day): a step finer than
    the period starts from its middle, so "in March ... two days earlier" stays in March
    and "in 1988 ... a week earlier" in 1988, not in the month or year before.

    >>> shift_within(dt.date(2014, 3, 1), "month", "day", -2)
    datetime.date(2014, 3, 13)
    """
    if finer(_UNIT_GRANULARITY.get(unit, unit), granularity) and granularity in _TO_MIDDLE:
        day = day + _TO_MIDDLE[granularity]
    return shift(day, unit, amount)


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """A real calendar date, or None ("Feb. 29" in a non-leap year, "31 April")."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_PART_START_MONTH = {"Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10, "H1": 1, "H2": 7, "SP": 3, "SU": 6,
                     "FA": 9, "WI": 12}


def parse_value(value: str) -> dt.date | None:
    """The first day a date value covers: "2014-03" -> 2014-03-01, "2014-Q3" -> 2014-07-01."""
    part = re.match(r"^(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)$", value)
    if part:
        return dt.date(int(part.group(1)), _PART_START_MONTH[part.group(2)], 1)
    week = re.match(r"^(\d{4})-W(\d\d)", value)
    if week:
        try:
            return dt.date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        except ValueError:
            return None
    m = re.match(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", value)
    if not m:
        return None
    return make_date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
