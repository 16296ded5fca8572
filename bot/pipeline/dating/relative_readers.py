"""Readers for dates relative to the anchor or to the paragraph: "last month", "yesterday",
"on Tuesday", "three months ago", "now", "later that year"."""

from __future__ import annotations

import datetime as dt
import re

from bot.pipeline.dating.context import Context, Found
from bot.pipeline.dating.lexicon import (
    PARTS_OF_DAY,
    UNITS,
    WEEKDAYS,
)
from bot.pipeline.dating.reading import (
    amount_of,
    base_of,
    relative_offset,
    unit_of,
    weekday_near,
)
from bot.pipeline.dating.tense import FUTURE, PAST
from bot.pipeline.dating.values import finer, format_date, shift


def read_year_rel(m: re.Match[str], ctx: Context) -> Found | None:
    """this year, last year, the previous year, earlier this year, the current fiscal year."""
    unit = m["unit"].lower().split()[-1]
    gran = UNITS[unit][2]
    rel = m["rel"].lower()
    if rel in ("the past", "the last", "the next", "past"):
        letter = UNITS[unit][0]
        return Found("DURATION", f"P1{letter}", "")
    offset = relative_offset(rel)
    base, base_gran = base_of(ctx, rel)
    if base is None:
        return Found("DATE", "", gran, True)
    if finer(gran, base_gran):
        return Found("DATE", format_date(base, base_gran), base_gran, True)
    if unit == "weekend":
        return Found("DATE", format_date(shift(base, "week", offset), "week") + "-WE", "week",
                     True)
    return Found("DATE", format_date(shift(base, unit, offset), gran), gran, True)


def read_deictic_day(m: re.Match[str], ctx: Context) -> Found | None:
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


def read_weekday(m: re.Match[str], ctx: Context) -> Found | None:
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
    date = weekday_near(ctx.anchor, weekday, relation, strict)
    if m["pod"]:
        return Found("TIME", f"{date.isoformat()}T{PARTS_OF_DAY[m['pod'].lower()]}", "time", True)
    return Found("DATE", date.isoformat(), "day", True)


def read_weekend(m: re.Match[str], ctx: Context) -> Found | None:
    """"the weekend": the one just past in a past-tense sentence written on a weekday,
    else the one of the anchor's week."""
    if ctx.anchor is None or not ctx.anchor_covers("day"):
        return Found("DATE", "", "week", True)
    back = ctx.anchor.isoweekday() <= 5 and ctx.direction(m.start(), m.end()) != FUTURE
    week = shift(ctx.anchor, "week", -1 if back else 0)
    return Found("DATE", format_date(week, "week") + "-WE", "week", True)


def read_ago(m: re.Match[str], ctx: Context) -> Found | None:
    """three months ago, a year earlier, two weeks from now, five days later."""
    unit = unit_of(m["unit"])
    amount = amount_of(m["q"]) if m["q"] else None
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
    try:
        moved = shift(date, unit, sign * int(amount))
    except (ValueError, OverflowError):  # "6,000 years ago": before the calendar we can write
        return Found("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", "", True)
    return Found("DATE", format_date(moved, gran), gran, True)


def read_ref(m: re.Match[str], ctx: Context) -> Found | None:
    word = re.sub(r"\s+", " ", m["word"].lower())
    if word in ("now", "right now", "currently", "at present", "nowadays", "these days",
                "the present", "current", "presently", "today's", "at the moment"):
        value = "PRESENT_REF"
    elif word in ("recently", "lately", "the past", "recent", "previously", "formerly"):
        value = "PAST_REF"
    else:
        value = "FUTURE_REF"
    return Found("DATE", value, "", True)


def read_coming(m: re.Match[str], ctx: Context) -> Found | None:
    """"the coming months" -> FUTURE_REF; "the past few years", "recent weeks" -> PXY."""
    unit = unit_of(m["unit"])
    word = m["word"].lower()
    if word in ("coming", "next few", "upcoming"):
        return Found("DATE", "FUTURE_REF", "", True)
    return Found("DURATION", f"P{'T' if UNITS[unit][1] else ''}X{UNITS[unit][0]}", "")


def read_that_unit(m: re.Match[str], ctx: Context) -> Found | None:
    """"that day", "later that year", "the next morning": the paragraph's last date, at the
    unit named (moved a day for "the next day")."""
    unit = m["unit"].lower()
    gran = {"morning": "day", "night": "day", "evening": "day", "afternoon": "day"}.get(
        unit, UNITS.get(unit, ("", False, "day"))[2])
    offset = relative_offset(m["rel"]) if m["rel"] else 0
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



def read_end_of(m: re.Match[str], ctx: Context) -> Found | None:
    """"the end of the year", "the rest of the month": the anchor's year or month."""
    granularity = UNITS[m["unit"].lower()][2]
    if ctx.anchor is None:
        return Found("DATE", "", granularity, True)
    if finer(granularity, ctx.anchor_granularity):
        granularity = ctx.anchor_granularity
    return Found("DATE", format_date(ctx.anchor, granularity), granularity, True)
