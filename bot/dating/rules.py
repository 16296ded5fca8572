"""The grammar of English time expressions: one regular expression and one reader per form.

Each `Rule` finds a form ("Dec. 15", "three months ago", "the fall of 2013") and reads a
match into a `Found` (type, TIMEX3 value, granularity) using the paragraph's `Context`.
A reader returns None to reject a match ("May" the modal verb, "fall" the verb).
The finder keeps the longest matches, so "the fourth quarter of 2013" beats "2013".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.easter import easter
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from bot.dating.context import Context, Found, pick_year
from bot.dating.lexicon import (
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    PARTS_OF_DAY,
    SEASON_MONTH,
    SEASONS,
    UNIT_PLURALS,
    UNITS,
    WEEKDAYS,
    number_value,
)
from bot.dating.tense import FUTURE, PAST
from bot.dating.values import finer, format_date, make_date, shift


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    read: Callable[[re.Match[str], Context], Found | None]


_B = r"(?<![\w'’.-])"  # start of a word
_E = r"(?![\w])"  # end of a word
_MON = (r"(?:(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?|January|February|March|April"
        r"|May|June|July|August|September|October|November|December|JANUARY|FEBRUARY|MARCH"
        r"|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)(?![a-zA-Z])")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|[:.]\d)"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)(?![\d])"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMWORD = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{_NUMWORD})"
_UNIT = r"(?:years?|yrs?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centur(?:y|ies)|quarters?|weekends?|fortnights?|millenni(?:um|a)|nights?)"
_MOD = r"(?:early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+turn\s+of)"
_REL = r"(?:this|last|next|the\s+previous|the\s+following|the\s+same)"
_PREPS_BEFORE_BARE_MONTH = frozenset({
    "in", "since", "by", "until", "till", "from", "to", "through", "during", "before", "after",
    "of", "early", "late", "mid", "last", "next", "this", "between", "and", "or", "around",
    "throughout", "for", "on", "into", "late-", "early-", "mid-", "that", "each", "every",
})

_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2,
                  "3rd": 3, "4th": 4, "final": 4, "last": 4}
_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}
_SET_ADVERBS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
                "yearly": "P1Y", "hourly": "PT1H", "quarterly": "P1Q", "nightly": "P1D",
                "biweekly": "P2W"}


_WEEKDAY_OBJS = (MO, TU, WE, TH, FR, SA, SU)
_HOLIDAY = (r"(?:Christmas(?:\s+(?:Eve|Day))?|New\s+Year[’']?s(?:\s+(?:Eve|Day))?|Independence\s+Day"
            r"|Fourth\s+of\s+July|Halloween|Valentine[’']?s\s+Day|Boxing\s+Day|Veterans\s+Day"
            r"|Armistice\s+Day|Easter(?:\s+Sunday)?|Good\s+Friday|Thanksgiving(?:\s+Day)?"
            r"|Labor\s+Day|Memorial\s+Day|Election\s+Day|Martin\s+Luther\s+King(?:\s+Jr\.?)?\s+Day)")
_SPELLED_TENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_SPELLED_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"


def _c(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def _month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))


def _rel_offset(word: str | None) -> int:
    w = (word or "").lower().split()[-1] if word else ""
    return {"last": -1, "previous": -1, "past": -1, "next": 1, "following": 1,
            "coming": 1}.get(w, 0)


def _is_relative_to_reference(word: str | None) -> bool:
    return bool(word) and word.lower().split()[-1] in ("previous", "following", "same")


def _base(ctx: Context, word: str | None) -> tuple[dt.date | None, str]:
    """The date a relative word counts from: the paragraph's last date for "the previous
    year", the anchor otherwise."""
    if _is_relative_to_reference(word) and ctx.latest is not None:
        return ctx.latest
    return ctx.anchor, ctx.anchor_granularity


def _date_in_year(year: int | None, month: int, day: int | None, gran: str,
                  anchored: bool) -> Found | None:
    if year is None:  # nothing to take the year from: the value says so, and it is relative
        value = f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
        return Found("DATE", value, gran, True)
    date = make_date(year, month, day or 1)
    if date is None:
        return None
    return Found("DATE", format_date(date, gran), gran, anchored)


# --- absolute and year-less calendar dates -------------------------------------------------

def _read_month_day(m: re.Match[str], ctx: Context) -> Found | None:
    month, day = _month(m["mon"]), _day(m["day"])
    if m["year"]:
        date = make_date(int(m["year"]), month, day)
        return Found("DATE", date.isoformat(), "day") if date else None
    rel = (m.groupdict().get("rel") or "").lower()
    relation = PAST if rel == "last" else FUTURE if rel == "next" else None
    year, anchored = pick_year(ctx, month, day, m.start(), m.end(), relation)
    if year is not None and make_date(year, month, day) is None:
        return None
    return _date_in_year(year, month, day, "day", anchored)


def _read_month_year(m: re.Match[str], ctx: Context) -> Found | None:
    month = _month(m["mon"])
    if m["year"]:
        return Found("DATE", f"{int(m['year']):04d}-{month:02d}", "month")
    offset = _rel_offset(m["rel"])
    base, gran = _base(ctx, m["rel"])
    if base is None:
        return Found("DATE", f"XXXX-{month:02d}", "month", True)
    return Found("DATE", f"{base.year + offset:04d}-{month:02d}", "month", True)


def _read_bare_month(m: re.Match[str], ctx: Context, text: str) -> Found | None:
    name = m["mon"]
    if name.lower() in ("may", "march", "mar", "jan", "sept", "sep") and not m["rel"] \
            and not m["mod"]:
        before = text[max(0, m.start() - 12):m.start()].split()
        if not before or before[-1].lower().strip(",") not in _PREPS_BEFORE_BARE_MONTH:
            return None
    if name.endswith(".") is False and len(name) <= 3 and name.lower() != "may":
        return None  # "Jan" alone is more often a name than a month
    month = _month(name)
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
    return _date_in_year(year, month, None, "month", anchored)


def _read_numeric(m: re.Match[str], ctx: Context) -> Found | None:
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


def _read_iso(m: re.Match[str], ctx: Context) -> Found | None:
    date = make_date(int(m["year"]), int(m["m"]), int(m["d"]))
    if date is None:
        return None
    if m["h"]:
        return Found("TIME", f"{date.isoformat()}T{m['h']}:{m['mi']}", "time")
    return Found("DATE", date.isoformat(), "day")


def _read_year(m: re.Match[str], ctx: Context) -> Found:
    return Found("DATE", f"{int(m['year']):04d}", "year")


def _read_year_rel(m: re.Match[str], ctx: Context) -> Found | None:
    """this year, last year, the previous year, earlier this year, the current fiscal year."""
    unit = m["unit"].lower().split()[-1]
    gran = UNITS[unit][2]
    rel = m["rel"].lower()
    if rel in ("the past", "the last", "the next", "past"):
        letter = UNITS[unit][0]
        return Found("DURATION", f"P1{letter}", "")
    offset = _rel_offset(rel)
    base, base_gran = _base(ctx, rel)
    if base is None:
        return Found("DATE", "", gran, True)
    if finer(gran, base_gran):
        return Found("DATE", format_date(base, base_gran), base_gran, True)
    if unit == "weekend":
        return Found("DATE", format_date(shift(base, "week", offset), "week") + "-WE", "week",
                     True)
    return Found("DATE", format_date(shift(base, unit, offset), gran), gran, True)


def _read_season(m: re.Match[str], ctx: Context, text: str) -> Found | None:
    code = SEASONS[m["season"].lower()]
    trim = len(m["in"] or "")
    if m["year"]:
        return Found("DATE", f"{int(m['year']):04d}-{code}", "season", start_trim=trim)
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
            year = ctx.anchor.year + _rel_offset(m["rel2"])
    else:
        year, anchored = pick_year(ctx, SEASON_MONTH[code], None, m.start(), m.end())
    return Found("DATE", f"{year:04d}-{code}", "season", True, start_trim=trim)


def _read_quarter(m: re.Match[str], ctx: Context) -> Found | None:
    """"the third quarter (of 2013)", "Q3 2014", "next year's first quarter", "the year-ago
    second quarter"."""
    quarter = int(m["qn"]) if m["qn"] else _QUARTER_WORDS[m["ord"].lower()]
    back = 1 if m["ya"] else 0
    year_text = m["year"] or m["y2"] or m["y3"]
    if year_text:
        return Found("DATE", f"{int(year_text) - back:04d}-Q{quarter}", "quarter")
    if ctx.anchor is None:
        return Found("DATE", f"XXXX-Q{quarter}", "quarter", True)
    relative = m["rel2"] or m["pre"]
    if relative:
        year = ctx.anchor.year + _rel_offset(relative)
    elif ctx.explicit is not None:
        return Found("DATE", f"{ctx.explicit[0].year - back:04d}-Q{quarter}", "quarter")
    else:
        year = ctx.anchor.year
        anchor_quarter = (ctx.anchor.month - 1) // 3 + 1
        if quarter > anchor_quarter and ctx.direction(m.start(), m.end()) == PAST:
            year -= 1
    return Found("DATE", f"{year - back:04d}-Q{quarter}", "quarter", True)


def _read_current_quarter(m: re.Match[str], ctx: Context) -> Found | None:
    if ctx.anchor is None or not ctx.anchor_covers("month"):
        return Found("DATE", "", "quarter", True)
    offset = {"latest": -1, "last": -1, "previous": -1, "past": -1, "next": 1,
              "coming": 1}.get(m["rel"].lower(), 0)
    return Found("DATE", format_date(shift(ctx.anchor, "quarter", offset), "quarter"),
                 "quarter", True)


def _read_half(m: re.Match[str], ctx: Context) -> Found | None:
    half = 1 if m["ord"].lower() == "first" else 2
    if m["year"]:
        return Found("DATE", f"{int(m['year']):04d}-H{half}", "half")
    if ctx.anchor is None:
        return Found("DATE", f"XXXX-H{half}", "half", True)
    return Found("DATE", f"{ctx.anchor.year + _rel_offset(m['rel']):04d}-H{half}", "half", True)


def _read_decade(m: re.Match[str], ctx: Context) -> Found | None:
    if m["dec"]:
        return Found("DATE", m["dec"][:3], "decade")
    if m["yy"]:
        yy = int(m["yy"])
        century = 19 if ctx.anchor is None or yy > ctx.anchor.year % 100 else 20
        return Found("DATE", f"{century}{yy // 10}", "decade")
    digit = _DECADE_WORDS[m["word"].lower()]
    return Found("DATE", f"19{digit}", "decade")


def _read_century(m: re.Match[str], ctx: Context) -> Found | None:
    if m["rel"]:
        if ctx.anchor is None:
            return Found("DATE", "", "century", True)
        return Found("DATE", f"{ctx.anchor.year // 100 + _rel_offset(m['rel']):02d}", "century",
                     True)
    n = int(m["n"]) if m["n"] else ORDINALS[m["w"].lower()]
    if not 1 <= n <= 22:
        return None
    return Found("DATE", f"{n - 1:02d}", "century")


# --- relative to the anchor ---------------------------------------------------------------

def _read_deictic_day(m: re.Match[str], ctx: Context) -> Found | None:
    word = m["word"].lower()
    offsets = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "last night": -1,
               "the day before yesterday": -2, "the day after tomorrow": 2,
               "this morning": 0, "this afternoon": 0, "this evening": 0}
    pod = m["pod"].lower() if m["pod"] else None
    if word in ("tonight", "last night"):
        pod = "night"
    elif word.startswith("this "):
        pod = word.split()[-1]
    anchored = True
    if not ctx.anchor_covers("day"):
        if ctx.anchor is None:
            return Found("TIME" if pod else "DATE", "", "time" if pod else "day", True)
        return Found("DATE", ctx.anchor_value(), ctx.anchor_granularity, True)
    date = shift(ctx.anchor, "day", offsets[word])
    if pod:
        return Found("TIME", f"{date.isoformat()}T{PARTS_OF_DAY[pod]}", "time", anchored)
    return Found("DATE", date.isoformat(), "day", anchored)


def _read_weekday(m: re.Match[str], ctx: Context) -> Found | None:
    weekday = WEEKDAYS[m["wd"].lower()]
    if ctx.anchor is None:
        return Found("DATE", f"XXXX-WXX-{weekday}", "day", True)
    if not ctx.anchor_covers("day"):
        return Found("DATE", ctx.anchor_value(), ctx.anchor_granularity, True)
    rel = (m["rel"] or "").lower().split()
    rel_word = rel[-1] if rel else ""
    if rel_word in ("last", "past"):
        relation, strict = PAST, True
    elif rel_word in ("next", "coming"):
        relation, strict = FUTURE, True
    else:
        relation, strict = ctx.direction(m.start(), m.end()), False
    date = _weekday_near(ctx.anchor, weekday, relation, strict)
    if m["pod"]:
        return Found("TIME", f"{date.isoformat()}T{PARTS_OF_DAY[m['pod'].lower()]}", "time", True)
    return Found("DATE", date.isoformat(), "day", True)


def _weekday_near(anchor: dt.date, weekday: int, relation: str | None, strict: bool) -> dt.date:
    back = (anchor.isoweekday() - weekday) % 7
    ahead = (weekday - anchor.isoweekday()) % 7
    if strict:
        back, ahead = back or 7, ahead or 7
    if relation != FUTURE:
        return anchor - dt.timedelta(days=back)
    return anchor + dt.timedelta(days=ahead)


def _read_ago(m: re.Match[str], ctx: Context) -> Found | None:
    """three months ago, a year earlier, two weeks from now, five days later."""
    unit = _unit(m["unit"])
    amount = _amount(m["q"]) if m["q"] else None
    direction = m["dir"].lower()
    sign = -1 if direction in ("ago", "earlier", "before", "back", "prior") else 1
    gran = UNITS[unit][2]
    if amount is None:
        return Found("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", "")
    relative_to_text = direction in ("earlier", "later", "before", "after", "prior")
    base: tuple[dt.date, str] | None
    if ctx.latest is not None and (relative_to_text or (
            unit == "year" and ctx.latest[1] in ("quarter", "half"))):
        # "a year ago" after "the third quarter": the same quarter a year before
        base = ctx.latest
        relative_to_text = True
    elif ctx.anchor is not None:
        base = (ctx.anchor, ctx.anchor_granularity)
    else:
        return Found("DATE", "", gran, True)
    date, base_gran = base
    if base_gran in ("quarter", "half") and relative_to_text and base is ctx.latest:
        gran = base_gran  # "a year earlier" after "the third quarter": the same quarter
    elif finer(gran, base_gran):
        gran = base_gran
    if gran in ("decade", "century", "millennium"):
        gran = "year"  # "a decade ago" is the year ten years back, not the decade
    if amount != int(amount):
        return Found("DATE", "", gran, True)
    return Found("DATE", format_date(shift(date, unit, sign * int(amount)), gran), gran, True)


def _unit(word: str) -> str:
    w = word.lower()
    return UNIT_PLURALS.get(w, w.rstrip("s") if w.rstrip("s") in UNITS else w)


def _amount(word: str | None) -> float | None:
    if word is None:
        return 1
    w = re.sub(r"\s+", " ", word.lower().strip())
    if w in ("a", "an", "one", "a single"):
        return 1
    value = number_value(w)
    if value is not None:
        return float(value) if w not in ("a half", "half a") else 0.5
    try:
        return float(w)
    except ValueError:
        return None


def _read_ref(m: re.Match[str], ctx: Context) -> Found | None:
    word = re.sub(r"\s+", " ", m["word"].lower())
    if word in ("now", "right now", "currently", "at present", "nowadays", "these days",
                "the present", "current", "presently", "today's", "at the moment"):
        value = "PRESENT_REF"
    elif word in ("recently", "lately", "the past", "recent", "previously", "formerly"):
        value = "PAST_REF"
    else:
        value = "FUTURE_REF"
    return Found("DATE", value, "", True)


def _read_coming(m: re.Match[str], ctx: Context) -> Found | None:
    """"the coming months" -> FUTURE_REF; "the past few years", "recent weeks" -> PXY."""
    unit = _unit(m["unit"])
    word = m["word"].lower()
    if word in ("coming", "next few", "upcoming"):
        return Found("DATE", "FUTURE_REF", "", True)
    return Found("DURATION", f"P{'T' if UNITS[unit][1] else ''}X{UNITS[unit][0]}", "")


# --- durations, sets, times ---------------------------------------------------------------

def _read_duration(m: re.Match[str], ctx: Context, text: str) -> Found | None:
    if m["old"]:
        return None  # an age: "a 70-year-old", "30 years old"
    after = text[m.end():m.end() + 14].lower()
    if re.match(r"[\s-]*(?:anniversary|old)\b", after):
        return None
    unit = _unit(m["unit"])
    q = m["q"]
    if unit in ("quarter", "second") and (re.match(r"\s*of\b", after) or "-" in m.group(0)
                                          or (q or "").lower() in ("a", "an")):
        return None  # "three-quarters of", "a quarter of the vote", "a second term"
    if q and re.fullmatch(r"(?:1[5-9]|20)\d\d", q) and not m["unit"].lower().endswith("s"):
        return None  # "the 1988 quarter", "the 2016 season": a year, not 1988 quarters
    amount = _amount(q) if q else None
    letter, is_time, _ = UNITS[unit]
    prefix = "PT" if is_time else "P"
    if unit == "weekend":
        letter = "WE"
    if amount is None:
        return Found("DURATION", f"{prefix}X{letter}", "")
    if amount == 0.5:
        return Found("DURATION", f"{prefix}0.5{letter}", "")
    number = int(amount) if amount == int(amount) else amount
    return Found("DURATION", f"{prefix}{number}{letter}", "")


def _read_vague_duration(m: re.Match[str], ctx: Context) -> Found | None:
    unit = _unit(m["unit"])
    letter, is_time, _ = UNITS[unit]
    return Found("DURATION", f"{'PT' if is_time else 'P'}X{letter}", "", False,
                 start_trim=len(m["lead"]))


def _read_set(m: re.Match[str], ctx: Context) -> Found | None:
    if m["adv"]:
        return Found("SET", _SET_ADVERBS[m["adv"].lower()], "")
    if m["wd"]:
        return Found("SET", f"XXXX-WXX-{WEEKDAYS[m['wd'].lower().rstrip('s')]}", "")
    unit = _unit(m["unit"])
    letter, is_time, _ = UNITS[unit]
    amount = 2 if (m["q"] or "").lower() == "other" else int(_amount(m["q"]) or 1)
    return Found("SET", f"{'PT' if is_time else 'P'}{amount}{letter}", "")


def _read_plural_weekday(m: re.Match[str], ctx: Context) -> Found | None:
    return Found("SET", f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()]}", "")


def _read_clock(m: re.Match[str], ctx: Context) -> Found | None:
    """"6:30 p.m. local time", "14:02 GMT", "noon": on the paragraph's day if it named one,
    else on the anchor's."""
    clock = _clock_of(m.group(0))
    if clock is None:
        return None
    if ctx.latest is not None and ctx.latest[1] == "day":
        return Found("TIME", ctx.latest[0].isoformat() + clock, "time", True)
    if ctx.anchor is not None and ctx.anchor_covers("day"):
        return Found("TIME", ctx.anchor.isoformat() + clock, "time", True)
    return Found("TIME", clock, "time", True)


def _read_part_of_day(m: re.Match[str], ctx: Context) -> Found | None:
    code = PARTS_OF_DAY[m["pod"].lower()]
    if ctx.anchor is not None and ctx.anchor_covers("day"):
        return Found("TIME", f"{ctx.anchor.isoformat()}T{code}", "time", True)
    return Found("TIME", f"T{code}", "time", True)


def _read_reported_quarter(m: re.Match[str], ctx: Context) -> Found | None:
    """"the quarter", "the year-ago quarter": earnings news compares reported periods.

    The quarter is the one the paragraph last named, else the last one completed before the
    anchor (results are reported after a quarter ends); "year-ago" moves it a year back.
    """
    back = 1 if m["ya"] else 0
    if ctx.latest is not None and ctx.latest[1] in ("quarter", "half", "month", "year") and (
            m["what"] or ctx.latest[1] in ("quarter", "half")):
        day, gran = ctx.latest
        return Found("DATE", format_date(shift(day, "year", -back), gran), gran, True)
    if ctx.anchor is None or not ctx.anchor_covers("month"):
        return Found("DATE", "", "quarter", True)
    if not m["what"]:
        return Found("DATE", f"{ctx.anchor.year - back:04d}", "year", True)
    ahead = ctx.direction(m.start(), m.end()) == FUTURE
    day = shift(ctx.anchor, "quarter", 0 if ahead else -1)
    return Found("DATE", format_date(shift(day, "year", -back), "quarter"), "quarter", True)


_ZONE = r"(?:\s+(?:EST|EDT|CST|CDT|PST|PDT|GMT|UTC|ET|BST|CET|JST|local\s+time))?"
_CLOCK = (rf"(?:(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s*(?:a\.\s?m\.?|p\.\s?m\.?|am|pm){_ZONE}"
          rf"|(?:[01]?\d|2[0-3]):[0-5]\d{_ZONE}|(?:1[0-2]|[1-9])\s+o['’]clock|noon|midnight)")


def _clock_of(text: str) -> str | None:
    """"3:30 p.m. EST" -> "T15:30"; "noon" -> "T12:00"; None if it is no clock time."""
    t = text.lower()
    if t.startswith("noon"):
        return "T12:00"
    if t.startswith("midnight"):
        return "T00:00"
    m = re.match(r"(\d{1,2})(?:[:.](\d\d))?\s*(a\.?\s?m|p\.?\s?m)?", t)
    if not m:
        return None
    if "clock" in t:  # "3 o'clock": the hour, morning or afternoon unknown
        return f"T{int(m.group(1)):02d}:00"
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m.group(3).startswith("p") else 0)
    elif m.group(2) is None or hour > 23:
        return None
    return f"T{hour:02d}:{minute:02d}"


def _read_clock_day(m: re.Match[str], ctx: Context) -> Found | None:
    """"10 p.m. Wednesday", "Friday at 9 a.m.", "noon yesterday": the clock on that day."""
    clock = _clock_of(m["clock"])
    if clock is None:
        return None
    day_word = m["d1"] or m["d2"]
    if ctx.anchor is None or not ctx.anchor_covers("day"):
        return Found("TIME", clock, "time", True)
    offsets = {"yesterday": -1, "today": 0, "tomorrow": 1}
    if day_word.lower() in offsets:
        day = shift(ctx.anchor, "day", offsets[day_word.lower()])
    else:
        day = _weekday_near(ctx.anchor, WEEKDAYS[day_word.lower()],
                            ctx.direction(m.start(), m.end()), False)
    return Found("TIME", day.isoformat() + clock, "time", True)


def _holiday_date(name: str, year: int) -> dt.date | None:
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


def _read_holiday(m: re.Match[str], ctx: Context) -> Found | None:
    name = m["name"]
    if m["year"]:
        day = _holiday_date(name, int(m["year"]))
        return Found("DATE", day.isoformat(), "day") if day else None
    if ctx.anchor is None or not ctx.anchor_covers("day"):
        return Found("DATE", "", "day", True) if _holiday_date(name, 2000) else None
    rel = (m["rel"] or "").lower()
    direction = PAST if rel == "last" else FUTURE if rel == "next" else ctx.direction(
        m.start(), m.end())
    options = [d for y in range(ctx.anchor.year - 1, ctx.anchor.year + 2)
               if (d := _holiday_date(name, y)) is not None]
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


def _read_weekend(m: re.Match[str], ctx: Context) -> Found | None:
    """"the weekend": the one just past in a past-tense sentence written on a weekday,
    else the one of the anchor's week."""
    if ctx.anchor is None or not ctx.anchor_covers("day"):
        return Found("DATE", "", "week", True)
    back = ctx.anchor.isoweekday() <= 5 and ctx.direction(m.start(), m.end()) != FUTURE
    week = shift(ctx.anchor, "week", -1 if back else 0)
    return Found("DATE", format_date(week, "week") + "-WE", "week", True)


def _read_that_unit(m: re.Match[str], ctx: Context) -> Found | None:
    """"that day", "later that year", "the next morning": the paragraph's last date, at the
    unit named (moved a day for "the next day")."""
    unit = m["unit"].lower()
    gran = {"morning": "day", "night": "day", "evening": "day", "afternoon": "day"}.get(
        unit, UNITS.get(unit, ("", False, "day"))[2])
    offset = _rel_offset(m["rel"]) if m["rel"] else 0
    if ctx.latest is not None:
        day, latest_gran = ctx.latest
    elif offset and ctx.anchor is not None:  # "the next day" with nothing before: the anchor's
        day, latest_gran = ctx.anchor, ctx.anchor_granularity
    else:
        return None
    if offset:
        day = shift(day, "day" if gran == "day" else unit, offset)
    if finer(gran, latest_gran):
        gran = latest_gran
    return Found("DATE", format_date(day, gran), gran, True)



def _read_spelled_year(m: re.Match[str], ctx: Context) -> Found | None:
    """"nineteen ninety-six" -> 1996, "the year two thousand" -> 2000 (broadcast transcripts)."""
    if m["thousand"]:
        rest = number_value(m["rest2"]) if m["rest2"] else 0
        return Found("DATE", f"{2000 + rest:04d}", "year") if rest is not None else None
    century = 19 if m["century"].lower() == "nineteen" else 20
    rest = number_value(m["rest"].replace(" ", "-")) or number_value(m["rest"])
    if rest is None or not 10 <= rest <= 99:
        return None
    return Found("DATE", f"{century * 100 + rest:04d}", "year")


def _read_clock_date(m: re.Match[str], ctx: Context) -> Found | None:
    """"5 p.m. EST, Nov. 9": the clock on that date."""
    clock = _clock_of(m["clock"])
    day = _read_month_day(m, ctx)
    if clock is None or day is None:
        return None
    if not re.match(r"^\d{4}-\d\d-\d\d$", day.value):
        return Found("TIME", clock, "time", True)
    return Found("TIME", day.value + clock, "time", day.anchored)


def _with_text(reader):
    """Adapt a reader that also needs the paragraph text (to look before or after a match)."""
    def read(m: re.Match[str], ctx: Context) -> Found | None:
        return reader(m, ctx, m.string)
    return read


_MON_G = rf"(?P<mon>{_MON})"
_DAY_G = rf"(?P<day>{_DAY})"
_YEAR_G = rf"(?P<year>{_YEAR})"
_WD_PREFIX = rf"(?:(?i:{_WEEKDAY}),?\s+(?:the\s+)?)?"

RULES: tuple[Rule, ...] = (
    Rule("iso", _c(rf"{_B}(?P<year>{_YEAR})(?P<sep>[-/.])(?P<m>0[1-9]|1[0-2])(?P=sep)(?P<d>[0-3]\d)"
                   rf"(?:[T\s](?P<h>[01]\d|2[0-3]):(?P<mi>[0-5]\d))?{_E}"), _read_iso),
    Rule("numeric", _c(rf"{_B}(?P<a>\d{{1,2}})(?P<sep>[/.])(?P<b>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|\d{{2}})(?![\d/.]\d)"),
         _read_numeric),
    Rule("day-mon-year", _c(rf"{_B}{_WD_PREFIX}(?:the\s+)?{_DAY_G}(?:\s+of)?[\s-]+{_MON_G}"
                            rf"(?:,?[\s-]+{_YEAR_G})?"), _read_month_day),
    Rule("mon-day-year", _c(rf"{_B}{_WD_PREFIX}(?:(?P<rel>(?i:last|next|this))\s+)?{_MON_G}\s+(?:the\s+)?{_DAY_G}"
                            rf"(?:,?\s+{_YEAR_G})?"), _read_month_day),
    Rule("mon-year", _c(rf"{_B}(?:(?i:{_MOD})[\s-]+)?{_MON_G},?\s+(?:of\s+)?(?:{_YEAR_G}|"
                        rf"(?P<rel>(?i:this|last|next|the\s+previous|the\s+following))\s+year)"),
         _read_month_year),
    Rule("bare-month", _c(rf"{_B}(?:(?P<mod>(?i:{_MOD}))[\s-]+)?(?:(?P<rel>(?i:last|next|this))\s+)?"
                          rf"{_MON_G}"), _with_text(_read_bare_month)),
    Rule("season", _c(rf"(?i:{_B}(?:{_MOD}[\s-]+)?(?P<in>in\s+)?(?P<the>the\s+)?(?:(?P<rel>this|last|next|past|coming)\s+)?"
                      rf"(?:{_MOD}[\s-]+)?(?P<season>spring|summer|fall|autumn|winter)"
                      rf"(?:(?:\s+of)?,?\s+{_YEAR_G}|\s+of\s+(?P<rel2>this|last|next)\s+year)?){_E}"),
         _with_text(_read_season)),
    Rule("quarter", _c(rf"(?i:{_B}(?:the\s+)?(?:(?P<pre>this|last|next)\s+year[’']s\s+)?(?:comparable\s+)?"
                       rf"(?:(?P<ya>year-(?:ago|earlier))\s+)?(?:fiscal[\s-]+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)"
                       rf"[\s-]+(?:fiscal[\s-]+)?quarter(?:\s+of\s+(?:fiscal\s+)?{_YEAR_G}|\s+(?P<y2>{_YEAR})|"
                       rf"\s+of\s+(?P<rel2>this|last|next)\s+year)?|{_B}Q(?P<qn>[1-4])\s+(?P<y3>{_YEAR})){_E}"),
         _read_quarter),
    Rule("current-quarter", _c(rf"(?i:{_B}the\s+(?P<rel>current|latest|last|previous|past|next|coming)"
                               rf"\s+quarter){_E}"), _read_current_quarter),
    Rule("half", _c(rf"(?i:{_B}the\s+(?P<ord>first|second)\s+half\s+of\s+(?:{_YEAR_G}|"
                    rf"(?P<rel>this|last|next)\s+year)){_E}"), _read_half),
    Rule("year", _c(rf"{_B}(?:(?i:{_MOD})[\s-]+)?(?:(?i:the\s+)?(?i:fiscal|the\s+year|calendar)\s+(?:year\s+)?)?"
                    rf"{_YEAR_G}(?!\s*%|[.,]\d|'?s\b)"), _read_year),
    Rule("year-rel", _c(rf"(?i:{_B}(?:(?:earlier|later|early|late)\s+(?:in\s+)?)?(?:(?:the\s+)?(?:{_MOD})\s+(?:of\s+)?)?"
                        rf"(?P<rel>this|last|next|past|the\s+previous|the\s+following|the\s+current|"
                        rf"the\s+past|the\s+last|the\s+next|the\s+same|the\s+coming|current|coming)"
                        rf"\s+(?:fiscal\s+|calendar\s+)?(?P<unit>year|month|week|weekend|decade))(?![\w-])"),
         _read_year_rel),
    Rule("decade", _c(rf"(?i:{_B}(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?P<dec>(?:1[5-9]|20)\d0)'?s|"
                      rf"'(?P<yy>\d0)s|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|"
                      rf"eighties|nineties))){_E}"), _read_decade),
    Rule("century", _c(rf"(?i:{_B}(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?P<n>\d{{1,2}})(?:st|nd|rd|th)|"
                       rf"(?P<w>{'|'.join(w for w in ORDINALS if w != 'last')}))[\s-]+century"
                       rf"|{_B}(?P<rel>this|last|next|the\s+last|the\s+next|the\s+previous)\s+century){_E}"),
         _read_century),
    Rule("deictic-day", _c(rf"(?i:{_B}(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|"
                           rf"yesterday|today|tomorrow|tonight|last\s+night|this\s+morning|"
                           rf"this\s+afternoon|this\s+evening)(?:\s+(?P<pod>morning|afternoon|evening|night))?){_E}"),
         _read_deictic_day),
    Rule("weekday", _c(rf"{_B}(?:(?P<rel>(?i:last|next|this|this\s+coming|this\s+past|coming|past))\s+)?"
                       rf"(?P<wd>{_WEEKDAY})(?:\s+(?P<pod>(?i:morning|afternoon|evening|night)))?{_E}"),
         _read_weekday),
    Rule("plural-weekday", _c(rf"{_B}(?P<wd>{_WEEKDAY})s{_E}"), _read_plural_weekday),
    Rule("ago", _c(rf"(?i:{_B}(?P<q>{_NUM}|several|a\s+few|few|many|some|a\s+couple\s+of)?[\s-]*(?<![\w])(?P<unit>{_UNIT})"
                   rf"\s+(?P<dir>ago|earlier|later|from\s+now|hence|(?:back|before|after|prior)"
                   rf"(?=\s*[.,;:)!?\"”]|\s*$|\s+(?:and|but|when|that|as|in|on|at|the|to|with|he|she|they|it|we)\b))){_E}"),
         _read_ago),
    Rule("ref", _c(rf"(?i:{_B}(?P<word>right\s+now|now|currently|at\s+present|nowadays|these\s+days|"
                   rf"presently|recently|lately|(?<=in\s)the\s+past|the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|near\s+future|"
                   rf"the\s+present|at\s+the\s+moment)){_E}"), _read_ref),
    Rule("coming", _c(rf"(?i:{_B}(?:the\s+)?(?P<word>coming|upcoming|next\s+few|past\s+few|last\s+few|recent)"
                      rf"\s+(?P<unit>days|weeks|months|years|decades)){_E}"), _read_coming),
    Rule("duration", _c(rf"(?i:{_B}(?:the\s+(?:past|last|next|first|final|previous|following)\s+)?"
                        rf"(?P<q>{_NUM}|several|a\s+few|few|many|half\s+a|a\s+half)[\s-]+(?:more\s+|full\s+|straight\s+|consecutive\s+)?"
                        rf"(?P<unit>{_UNIT})(?P<old>[\s-]+old)?){_E}(?!-old)"), _with_text(_read_duration)),
    Rule("vague-duration", _c(rf"(?i:{_B}(?P<lead>(?:for|over|in)\s+)(?P<unit>years|months|decades|weeks|days|centuries|hours)){_E}"
                              rf"(?!\s+(?:ago|of|to|before|after|later|earlier))"), _read_vague_duration),
    Rule("set", _c(rf"(?i:{_B}(?:(?:every|each|per)\s+(?:(?P<q>{_NUM}|other)\s+)?(?:(?P<wd>{_WEEKDAY})|(?P<unit>{_UNIT}))"
                   rf"|(?:once|twice|three\s+times|\d+\s+times)\s+(?:a|an|per|every|each)\s+(?P<unit2>year|month|week|day)"
                   rf"|(?P<adv>daily|weekly|monthly|annually|yearly|hourly|quarterly|nightly|biweekly))){_E}"),
         lambda m, ctx: _read_set_any(m, ctx)),
    Rule("clock", _c(rf"(?i:{_B}{_CLOCK})(?![\w:])"), _read_clock),
    Rule("reported-quarter", _c(rf"{_B}(?:the\s+)?(?:(?P<ya>year-(?:ago|earlier))(?:\s+(?P<what>quarter|period))?"
                                rf"|the\s+(?P<what2>quarter)){_E}"),
         lambda m, ctx: _read_reported_quarter(_Groups(m, what=m["what"] or m["what2"]), ctx)),
    Rule("clock-date", _c(rf"{_B}(?P<clock>(?i:{_CLOCK})),?\s+(?:(?i:on)\s+)?(?:(?i:{_WEEKDAY}),?\s+)?"
                          rf"{_MON_G}\s+{_DAY_G}(?:,?\s+{_YEAR_G})?{_E}"), lambda m, ctx: _read_clock_date(m, ctx)),
    Rule("clock-day", _c(rf"(?i:{_B}(?:(?P<clock>{_CLOCK})\s+(?:on\s+)?(?P<d1>{_WEEKDAY}|yesterday|today|tomorrow)"
                         rf"|(?P<d2>{_WEEKDAY}|yesterday|today|tomorrow)(?:\s+(?:at|morning\s+at|night\s+at|evening\s+at))?\s+"
                         rf"(?P<clock2>{_CLOCK}))){_E}"),
         lambda m, ctx: _read_clock_day(_Groups(m, clock=m["clock"] or m["clock2"]), ctx)),
    Rule("weekend", _c(rf"(?i:{_B}the\s+weekend){_E}(?!\s+(?:before|after|of)\b)"), _read_weekend),
    Rule("holiday", _c(rf"{_B}(?:(?P<rel>(?i:last|next|this))\s+)?(?P<name>{_HOLIDAY})"
                       rf"(?:,?\s+(?P<year>{_YEAR}))?{_E}"), _read_holiday),
    Rule("that-unit", _c(rf"(?i:{_B}(?:(?:earlier|later)\s+(?:in\s+)?)?(?:that\s+(?:same\s+)?|the\s+same\s+|"
                         rf"the\s+(?P<rel>next|following|previous)\s+)"
                         rf"(?P<unit>day|week|month|year|morning|night|evening|afternoon)){_E}"),
         _read_that_unit),
    Rule("spelled-year", _c(rf"(?i:{_B}(?:the\s+year\s+)?(?:(?P<century>nineteen|twenty)[\s-]+(?:hundred[\s-]+(?:and[\s-]+)?)?"
                            rf"(?P<rest>{_SPELLED_TENS}(?:[\s-]{_SPELLED_UNITS})?)"
                            rf"|(?P<thousand>two\s+thousand)(?:[\s-]+(?:and[\s-]+)?(?P<rest2>{_SPELLED_UNITS}))?)){_E}"),
         _read_spelled_year),
    Rule("part-of-day", _c(rf"(?i:{_B}(?:the|this|that)\s+(?P<pod>morning|afternoon|evening)){_E}"),
         _read_part_of_day),
)


def _read_set_any(m: re.Match[str], ctx: Context) -> Found | None:
    if m["unit2"]:
        letter = UNITS[m["unit2"].lower()][0]
        return Found("SET", f"P1{letter}", "")
    return _read_set(m, ctx)


class _Groups:
    """A match with some groups renamed or merged, for readers shared by two patterns."""

    def __init__(self, m: re.Match[str], **extra: str | None):
        self._m, self._extra = m, extra

    def __getitem__(self, key: str) -> str | None:
        return self._extra[key] if key in self._extra else self._m[key]

    def start(self) -> int:
        return self._m.start()

    def end(self) -> int:
        return self._m.end()
