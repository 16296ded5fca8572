"""Readers for calendar dates: written dates, year-less months and days, seasons, quarters,
decades, centuries, holidays, spelled-out years."""

from __future__ import annotations

import datetime as dt
import re

from dateutil.easter import easter
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from bot.pipeline.dating.context import Context, Found, pick_year
from bot.pipeline.dating.lexicon import (
    ORDINALS,
    SEASON_MONTH,
    SEASONS,
)
from bot.pipeline.dating.patterns import COUNTED_AFTER, DAY, MON, YEAR
from bot.pipeline.dating.reading import (
    base_of,
    date_in_year,
    day_number,
    month_number,
    relative_offset,
    year_number,
)
from bot.pipeline.dating.tense import FUTURE, PAST
from bot.pipeline.dating.values import format_date, make_date, shift

_PREPS_BEFORE_BARE_MONTH = frozenset({
    "in", "since", "by", "until", "till", "from", "to", "through", "during", "before", "after",
    "of", "early", "late", "mid", "last", "next", "this", "between", "and", "or", "around",
    "throughout", "for", "on", "into", "late-", "early-", "mid-", "that", "each", "every",
})


_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2,
                  "3rd": 3, "4th": 4, "final": 4, "last": 4}


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}


_WEEKDAY_OBJS = (MO, TU, WE, TH, FR, SA, SU)


def read_month_day(m: re.Match[str], ctx: Context) -> Found | None:
    month, day = month_number(m["mon"]), day_number(m["day"])
    if m["year"]:
        year = year_number(m["year"])
        date = make_date(year, month, day) if year is not None else None
        return Found("DATE", date.isoformat(), "day") if date else None
    rel = (m.groupdict().get("rel") or "").lower()
    relation = PAST if rel == "last" else FUTURE if rel == "next" else None
    year, anchored = pick_year(ctx, month, day, m.start(), m.end(), relation)
    if year is not None and make_date(year, month, day) is None:
        return None
    return date_in_year(year, month, day, "day", anchored)


def read_week_of(m: re.Match[str], ctx: Context) -> Found | None:
    """"the week of March 6": the ISO week holding that day."""
    day = read_month_day(m, ctx)
    if day is None or not re.match(r"^\d{4}-\d\d-\d\d$", day.value):
        return None
    return Found("DATE", format_date(dt.date.fromisoformat(day.value), "week"), "week",
                 day.anchored)


def read_month_year(m: re.Match[str], ctx: Context) -> Found | None:
    month = month_number(m["mon"])
    if m["year"]:
        year = year_number(m["year"])  # None: words shaped like a year that are none
        return Found("DATE", f"{year:04d}-{month:02d}", "month") if year is not None else None
    offset = relative_offset(m["rel"])
    base, gran = base_of(ctx, m["rel"])
    if base is None:
        return Found("DATE", f"XXXX-{month:02d}", "month", True)
    return Found("DATE", f"{base.year + offset:04d}-{month:02d}", "month", True)


def read_bare_month(m: re.Match[str], ctx: Context, text: str) -> Found | None:
    name = m["mon"]
    if name.lower() in ("may", "march", "mar", "jan", "sept", "sep") and not m["rel"] \
            and not m["mod"]:
        before = text[max(0, m.start() - 12):m.start()].split()
        if not before or before[-1].lower().strip(",") not in _PREPS_BEFORE_BARE_MONTH:
            return None
    if name.endswith(".") is False and len(name) <= 3 and name.lower() != "may":
        return None  # "Jan" alone is more often a name than a month
    month = month_number(name)
    rel = (m["rel"] or "").lower()
    if rel:
        if ctx.anchor is None:
            return Found("DATE", f"XXXX-{month:02d}", "month", True)
        if rel == "this":  # "this September" is the anchor year's, before or after
            return Found("DATE", f"{ctx.anchor.year:04d}-{month:02d}", "month", True)
        relation = PAST if rel == "last" else FUTURE
        year, _ = pick_year(Context(ctx.anchor, ctx.anchor_granularity), month, None,
                            m.start(), m.end(), relation)
        if month == ctx.anchor.month:
            year = ctx.anchor.year + (-1 if rel == "last" else 1)
        return Found("DATE", f"{year:04d}-{month:02d}", "month", True)
    year, anchored = pick_year(ctx, month, None, m.start(), m.end())
    return date_in_year(year, month, None, "month", anchored)


def read_numeric(m: re.Match[str], ctx: Context) -> Found | None:
    """12/8/2016 is US month/day/year unless the first number cannot be a month;
    9.12.2016 (dots) is European day.month.year unless the second cannot be a month."""
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    if year < 100:
        if m["sep"] == ".":
            return None  # "3.14.15" is more likely a version or a number than a date
        year += 2000 if year < 50 else 1900
    day_first = a > 12 if m["sep"] == "/" else b <= 12
    month, day = (b, a) if day_first else (a, b)
    date = make_date(year, month, day)
    return Found("DATE", date.isoformat(), "day") if date else None


def read_iso(m: re.Match[str], ctx: Context) -> Found | None:
    date = make_date(int(m["year"]), int(m["m"]), int(m["d"]))
    if date is None:
        return None
    if m["h"]:
        return Found("TIME", f"{date.isoformat()}T{m['h']}:{m['mi']}", "time")
    return Found("DATE", date.isoformat(), "day")


def read_year(m: re.Match[str], ctx: Context) -> Found:
    return Found("DATE", f"{int(m['year']):04d}", "year")


def read_short_year(m: re.Match[str], ctx: Context) -> Found | None:
    """"'58", "the class of '15": a year without its century, the one that puts it at most
    ten years after the anchor (so "'58" in 2013 is 1958, "'15" is 2015)."""
    yy = int(m["yy"])
    reference = ctx.anchor.year if ctx.anchor is not None else dt.date.today().year
    year = reference // 100 * 100 + yy
    if year > reference + 10:
        year -= 100
    return Found("DATE", f"{year:04d}", "year", ctx.anchor is not None)


def read_season(m: re.Match[str], ctx: Context, text: str) -> Found | None:
    code = SEASONS[m["season"].lower()]
    trim = len(m["in"] or "")
    if m["year"]:
        year = year_number(m["year"])
        return Found("DATE", f"{year:04d}-{code}", "season", start_trim=trim) if year else None
    rel = (m["rel"] or m["rel2"] or "").lower()
    if not rel and not m["the"] and not m["in"]:
        return None  # "fall" the verb, "spring" the noun
    if m["season"].lower() == "fall" and not (rel or m["the"]):
        return None
    if ctx.anchor is None:
        return Found("DATE", f"XXXX-{code}", "season", True)
    if rel in ("last", "next", "this", "past", "coming") or m["rel2"]:
        relation = PAST if rel in ("last", "past") else FUTURE if rel in ("next", "coming") \
            else None
        year, anchored = pick_year(Context(ctx.anchor, ctx.anchor_granularity), SEASON_MONTH[code],
                                   None, m.start(), m.end(), relation)
        if m["rel2"]:
            year = ctx.anchor.year + relative_offset(m["rel2"])
    else:
        year, anchored = pick_year(ctx, SEASON_MONTH[code], None, m.start(), m.end())
    return Found("DATE", f"{year:04d}-{code}", "season", True, start_trim=trim)


def read_quarter(m: re.Match[str], ctx: Context) -> Found | None:
    """"the third quarter (of 2013)", "Q3 2014", "next year's first quarter", "the year-ago
    second quarter"."""
    quarter = int(m["qn"]) if m["qn"] else _QUARTER_WORDS[m["ord"].lower()]
    back = 1 if m["ya"] else 0
    year_text = m["year"] or m["y2"] or m["y3"] or m["y0"] or m["y4"]  # y0: "the 1988 third
    # quarter", y4: "1990's first quarter"
    if year_text:
        return Found("DATE", f"{int(year_text) - back:04d}-Q{quarter}", "quarter")
    if ctx.anchor is None:
        return Found("DATE", f"XXXX-Q{quarter}", "quarter", True)
    relative = m["rel2"] or m["pre"]
    if relative:
        year = ctx.anchor.year + relative_offset(relative)
    elif ctx.explicit is not None:
        return Found("DATE", f"{ctx.explicit[0].year - back:04d}-Q{quarter}", "quarter")
    else:
        year = ctx.anchor.year
        anchor_quarter = (ctx.anchor.month - 1) // 3 + 1
        if quarter > anchor_quarter and ctx.direction(m.start(), m.end()) == PAST:
            year -= 1
    return Found("DATE", f"{year - back:04d}-Q{quarter}", "quarter", True)


def read_current_quarter(m: re.Match[str], ctx: Context) -> Found | None:
    """"this quarter", "the prior quarter", "the latest quarter" or "period": the latest is
    the one the document reports on if it named one, else the last one ended."""
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    if rel in ("latest", "most recent") and ctx.memory.period is not None:
        day, granularity = ctx.memory.period
        return Found("DATE", format_date(day, granularity), granularity, True)
    if ctx.anchor is None or not ctx.anchor_covers("month"):
        return Found("DATE", "", "quarter", True)
    offset = {"latest": -1, "most recent": -1, "last": -1, "previous": -1, "prior": -1,
              "past": -1, "next": 1, "coming": 1}.get(rel, 0)
    return Found("DATE", format_date(shift(ctx.anchor, "quarter", offset), "quarter"),
                 "quarter", True)


def read_reported_quarter(m: re.Match[str], ctx: Context) -> Found | None:
    """"the quarter", "the year-ago quarter": earnings news compares reported periods.

    The quarter is the one the paragraph last named, else the last one completed before the
    anchor (results are reported after a quarter ends); "year-ago" moves it a year back.
    """
    back = 1 if m["ya"] else 0
    ending = _ENDED_ON.match(m.string, m.end()) if m["what"] or m["what2"] else None
    if ending is not None and ctx.anchor is not None:
        return _quarter_ending(ending, back, ctx)
    if ctx.latest is not None and ctx.latest[1] in ("quarter", "half", "month", "year") and (
            m["what"] or ctx.latest[1] in ("quarter", "half")):
        day, gran = ctx.latest
        period = ctx.memory.period
        if period is not None and gran in ("quarter", "half") and day < period[0]:
            day, gran = period  # the last quarter named was itself a year-ago one
        return Found("DATE", format_date(shift(day, "year", -back), gran), gran, True)
    if ctx.anchor is None or not ctx.anchor_covers("month"):
        return Found("DATE", "", "quarter", True)
    if not m["what"]:
        return Found("DATE", f"{ctx.anchor.year - back:04d}", "year", True)
    ahead = ctx.direction(m.start(), m.end()) == FUTURE
    day = shift(ctx.anchor, "quarter", 0 if ahead else -1)
    return Found("DATE", format_date(shift(day, "year", -back), "quarter"), "quarter", True)


# "the quarter ended Sept. 30", "the quarter ending Dec. 31, 1989": the date says which.
_ENDED_ON = re.compile(rf"\s+(?P<verb>ended|ending)\s+(?P<mon>{MON})\s+(?P<day>{DAY})"
                       rf"(?:,?\s+(?P<year>{YEAR}))?")


def _quarter_ending(ending: re.Match[str], back: int, ctx: Context) -> Found:
    """The quarter that holds the date it is said to end on: "the quarter ending Dec. 31"
    written in October is the fourth quarter, not the one just reported."""
    month = month_number(ending["mon"])
    if ending["year"]:
        year, back = int(ending["year"]), 0  # the written year is the quarter's own
    else:
        relation = PAST if ending["verb"] == "ended" else None
        year, _ = pick_year(Context(ctx.anchor, ctx.anchor_granularity), month,
                            day_number(ending["day"]), ending.start(), ending.end(), relation)
    day = dt.date(year - back, month, 1)
    return Found("DATE", format_date(day, "quarter"), "quarter", not ending["year"])


def read_same_period(m: re.Match[str], ctx: Context) -> Found | None:
    """"the corresponding period last year", "the same quarter a year ago": the period the
    document reports on (the quarter it named, else the last one ended) a year back."""
    if ctx.memory.period is not None:
        day, granularity = ctx.memory.period
    elif ctx.anchor is not None and ctx.anchor_covers("month"):
        day, granularity = shift(ctx.anchor, "quarter", -1), "quarter"
    else:
        return Found("DATE", "", "quarter", True)
    return Found("DATE", format_date(shift(day, "year", -1), granularity), granularity, True)


def read_half(m: re.Match[str], ctx: Context) -> Found | None:
    half = 1 if m["ord"].lower() == "first" else 2  # second, last, latter
    if m["year"]:
        return Found("DATE", f"{int(m['year']):04d}-H{half}", "half")
    if ctx.anchor is None:
        return Found("DATE", f"XXXX-H{half}", "half", True)
    return Found("DATE", f"{ctx.anchor.year + relative_offset(m['rel']):04d}-H{half}", "half", True)


def read_decade(m: re.Match[str], ctx: Context) -> Found | None:
    if m["dec"]:
        if m["dec"].endswith("00") and not re.search(r"(?i)early|late|mid", m.group(0)):
            return Found("DATE", m["dec"][:2], "century")  # "the 1800s": the century
        return Found("DATE", m["dec"][:3], "decade")
    if m["yy"]:
        yy = int(m["yy"])  # "the '80s": the latest such decade that has begun by the anchor
        reference = ctx.anchor.year if ctx.anchor is not None else 1999
        year = reference // 100 * 100 + yy
        if year > reference:
            year -= 100
        return Found("DATE", f"{year // 10:03d}", "decade")
    digit = _DECADE_WORDS[m["word"].lower()]
    century = 18 if (m["cent"] or "").lower() == "eighteen" else 19  # "the nineteen-eighties"
    return Found("DATE", f"{century}{digit}", "decade")


def read_century(m: re.Match[str], ctx: Context) -> Found | None:
    if m["rel"]:
        if ctx.anchor is None:
            return Found("DATE", "", "century", True)
        return Found("DATE", f"{ctx.anchor.year // 100 + relative_offset(m['rel']):02d}", "century",
                     True)
    n = int(m["n"]) if m["n"] else ORDINALS[m["w"].lower()]
    if not 1 <= n <= 22:
        return None
    return Found("DATE", f"{n - 1:02d}", "century")


def read_spelled_year(m: re.Match[str], ctx: Context) -> Found | None:
    """"nineteen ninety-six" -> 1996, "the year two thousand" -> 2000 (broadcast transcripts);
    "two thousand years" is a count."""
    if re.match(COUNTED_AFTER, m.string[m.end():]):
        return None
    year = year_number(m.group(0))
    return Found("DATE", f"{year:04d}", "year") if year is not None else None


def holiday_date(name: str, year: int) -> dt.date | None:
    """The date of a named holiday in `year` (US and Western calendar)."""
    key = re.sub(r"[’']s?\b|\s+day$", "", name.lower()).strip()
    key = re.sub(r"\s+", " ", key)
    fixed = {"christmas": (12, 25), "christmas eve": (12, 24), "new year": (1, 1),
             "new years": (1, 1), "new year eve": (12, 31), "new years eve": (12, 31),
             "independence": (7, 4), "fourth of july": (7, 4), "halloween": (10, 31),
             "valentine": (2, 14), "boxing": (12, 26), "veterans": (11, 11),
             "armistice": (11, 11)}
    if key in fixed:
        return dt.date(year, *fixed[key])
    if key in ("easter", "easter sunday", "good friday"):
        sunday = easter(year)
        return sunday - dt.timedelta(days=2) if key == "good friday" else sunday
    nth = {"thanksgiving": (11, 4, 4), "labor": (9, 1, 1), "memorial": (5, 1, -1),
           "election": (11, 1, 1), "martin luther king": (1, 1, 3)}
    if key not in nth:
        return None
    month, weekday, n = nth[key]
    day = dt.date(year, month, 1) + relativedelta(weekday=_WEEKDAY_OBJS[weekday - 1](n)) \
        if n > 0 else dt.date(year, month, 1) + relativedelta(day=31, weekday=_WEEKDAY_OBJS[
            weekday - 1](-1))
    return day + dt.timedelta(days=1) if key == "election" else day  # Tuesday after


def read_holiday(m: re.Match[str], ctx: Context) -> Found | None:
    name = m["name"]
    if m["year"]:
        day = holiday_date(name, int(m["year"]))
        return Found("DATE", day.isoformat(), "day") if day else None
    if ctx.anchor is None or not ctx.anchor_covers("day"):
        return Found("DATE", "", "day", True) if holiday_date(name, 2000) else None
    rel = (m["rel"] or "").lower()
    direction = PAST if rel == "last" else FUTURE if rel == "next" else ctx.direction(
        m.start(), m.end())
    options = [d for y in range(ctx.anchor.year - 1, ctx.anchor.year + 2)
               if (d := holiday_date(name, y)) is not None]
    if not options:
        return None
    before = [d for d in options if d <= ctx.anchor]
    after = [d for d in options if d > ctx.anchor]
    if direction == FUTURE and after or not before:
        day = after[0]
    elif direction == PAST or not after:
        day = before[-1]
    else:
        day = min(before[-1], after[0], key=lambda d: abs((d - ctx.anchor).days))
    return Found("DATE", day.isoformat(), "day", True)
