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
from bot.pipeline.dating.span_readers import duration_value
from bot.pipeline.dating.tense import FUTURE, PAST
from bot.pipeline.dating.values import finer, format_date, make_date, shift, shift_within


def read_year_rel(m: re.Match[str], ctx: Context) -> Found | None:
    """this year, last year, the previous year, earlier this year, the current fiscal year."""
    unit = m["unit"].lower().split()[-1]
    gran = UNITS[unit][2]
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    if rel in ("the past", "the last") and unit == "week" and ctx.anchor_covers("day"):
        # "in the last week": the seven days up to the anchor, named by the week that holds
        # most of them (the anchor's own week from Thursday on, the one before until then)
        return Found("DATE", format_date(ctx.anchor - dt.timedelta(days=3), "week"), "week",
                     True)
    if unit == "weekend" and rel in ("the past", "the last", "past", "this past"):
        rel = "last"  # a weekend is no measure of time: "the past weekend" is the last one
    elif unit == "weekend" and rel in ("the next", "this coming"):
        rel = "next"
    if rel in ("the past", "the last", "the next", "past", "this past"):
        return Found("DURATION", duration_value(1, unit), "")
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


_NOT_AN_EVENT = frozenset({"and", "but", "or", "that", "this", "then"})


def _times_an_event(rest: str) -> bool:
    """Whether "before"/"after" is followed by the event it counts from ("after the vote",
    "before Christmas", "before he entered office"), not by the end of the clause ("a year
    after, ...") or a word pointing back to the text's last date ("a week after that")."""
    word = re.match(r"\s*([A-Za-z]+)", rest)
    return word is not None and word.group(1).lower() not in _NOT_AN_EVENT


def read_ago(m: re.Match[str], ctx: Context) -> Found | None:
    """three months ago, a year earlier, two weeks from now, five days later, the day before.

    "two days after the vote" is a duration: TimeML times the stretch and leaves "after the
    vote" to the event it counts from, which no calendar arithmetic here can date. "eight
    years after" with no event is a point, counted from the paragraph's last date.
    """
    unit = unit_of(m["unit"])
    plural = m["unit"].lower() != unit
    if not (m["q"] or plural or re.match(r"(?i)the\b", m.group(0))):
        return None  # "last month after ...": "month after" alone is no expression
    amount = amount_of(m["q"]) if m["q"] else None if plural else 1
    direction = re.sub(r"\s+", " ", m["dir"].lower())
    counted = m["q"] is not None or plural
    if direction in ("before", "after", "prior", "prior to") and counted and \
            _times_an_event(m.string[m.end():]):
        start_trim = m.start("q") - m.start() if m["q"] else m.start("unit") - m.start()
        return Found("DURATION", duration_value(amount, unit), "",
                     start_trim=start_trim if re.match(r"(?i)the\b", m.group(0)) else 0,
                     end_trim=m.end() - m.end("unit"))
    if direction in ("before", "after", "prior", "prior to") and _times_an_event(
            m.string[m.end():]):
        return None  # "the day before authorities acted": a point on an event we cannot date
    direction = direction.split()[0]
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
        period = ctx.memory.period
        if unit == "year" and amount == 1 and sign < 0 and period is not None and (
                ctx.latest[1] not in ("quarter", "half") or ctx.latest[0] < period[0]):
            # "the quarter ended Sept. 30 ... a year earlier"; "up from $3 million a year
            # ago; sales rose from $5 million a year earlier": both the reported quarter's
            base = period
    elif unit == "year" and amount == 1 and sign < 0 and ctx.memory.period is not None:
        # An earnings report's "up from $4 million a year ago", paragraphs after it named
        # the quarter: the comparison is with that quarter a year before
        base = ctx.memory.period
        relative_to_text = True
    elif relative_to_text and ctx.memory.latest is not None:
        base = ctx.memory.latest  # "Two days later" opening a paragraph: after the story's last date
    elif ctx.anchor is not None:
        base = (ctx.anchor, ctx.anchor_granularity)
    else:
        return Found("DATE", "", gran, True)
    date, base_gran = base
    if base_gran in ("quarter", "half") and relative_to_text:
        gran = base_gran  # "a year earlier" after "the third quarter": the same quarter
    elif finer(gran, base_gran):
        gran = base_gran
    if gran in ("decade", "century", "millennium"):
        gran = "year"  # "a decade ago" is the year ten years back, not the decade
    if amount != int(amount):
        return Found("DATE", "", gran, True)
    try:
        moved = shift_within(date, base_gran, unit, sign * int(amount))
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
    else:  # the future, the near (or short) term, a later date
        value = "FUTURE_REF"
    return Found("DATE", value, "", True)


_SPANNING = re.compile(r"(?i)\b(?:for|over|during|throughout|across|within)\s+$")


def read_coming(m: re.Match[str], ctx: Context) -> Found | None:
    """"the coming months", "future quarters" -> FUTURE_REF; "the next few months" -> PXM; "in recent years",
    "have fallen in the last few months" -> PAST_REF; "over recent weeks", "for the past few
    years" -> PXW, PXY.

    A few units ahead are a stretch of vague length (TimeML's PXM). Looking back, the words
    name a vague past time unless a preposition makes the stretch itself the point ("for",
    "over", "during"): "in recent years, the yen soared" says when, not how long.
    """
    unit = unit_of(m["unit"])
    word = re.sub(r"\s+", " ", m["word"].lower())
    if word in ("coming", "upcoming", "future"):
        return Found("DATE", "FUTURE_REF", "", True)
    looks_back = not word.startswith("next")
    if looks_back and not _SPANNING.search(m.string[max(0, m.start() - 12):m.start()]):
        return Found("DATE", "PAST_REF", "", True)
    return Found("DURATION", duration_value(None, unit), "")


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
        day = shift_within(day, latest_gran, "day" if gran == "day" else unit, offset)
    if finer(gran, latest_gran):
        gran = latest_gran
    return Found("DATE", format_date(day, gran), gran, True)



def read_day_of_month(m: re.Match[str], ctx: Context) -> Found | None:
    """"on the 12th": that day of the month the paragraph is telling (its last named month or
    day), else of the anchor's month, or of the month before or after it when the tense
    says the day is past or to come."""
    day = int(m["d"])
    if ctx.latest is not None and ctx.latest[1] in ("month", "day"):
        base, moved = ctx.latest[0], False
    elif ctx.anchor is not None and ctx.anchor_covers("day"):
        base, moved = ctx.anchor, True
    else:
        return Found("DATE", "", "day", True)
    if moved:
        direction = ctx.direction(m.start(), m.end())
        if direction == PAST and day > base.day:
            base = shift(base.replace(day=1), "month", -1)
        elif direction == FUTURE and day < base.day:
            base = shift(base.replace(day=1), "month", 1)
    date = make_date(base.year, base.month, day)
    if date is None:
        return None
    return Found("DATE", date.isoformat(), "day", True, start_trim=m.start("the") - m.start())


def read_the_day(m: re.Match[str], ctx: Context) -> Found | None:
    """"later in the day", "shares rose 2% on the day", "the second day of the strike": the
    day the text is telling, which is the paragraph's last named day, else the anchor's."""
    if ctx.latest is not None and ctx.latest[1] == "day":
        return Found("DATE", ctx.latest[0].isoformat(), "day", True)
    if ctx.anchor is None or not ctx.anchor_covers("day"):
        return Found("DATE", "", "day", True)
    return Found("DATE", ctx.anchor.isoformat(), "day", True)


def read_in_the_unit(m: re.Match[str], ctx: Context) -> Found | None:
    """"earlier in the week", "later in the month": the week or month the text is telling,
    the one holding the paragraph's last named day, else the anchor's."""
    granularity = m["unit"].lower()
    if ctx.latest is not None and not finer(granularity, ctx.latest[1]):
        return Found("DATE", format_date(ctx.latest[0], granularity), granularity, True)
    if ctx.anchor is None or not ctx.anchor_covers(granularity):
        return Found("DATE", "", granularity, True)
    return Found("DATE", format_date(ctx.anchor, granularity), granularity, True)


def read_the_unit(m: re.Match[str], ctx: Context) -> Found | None:
    """"in the month", "for the week": the week or month the text is telling (as "earlier
    in the week"), the preposition left out of the expression."""
    found = read_in_the_unit(m, ctx)
    if found is None:
        return None
    return Found(found.type, found.value, found.granularity, found.anchored,
                 start_trim=m.start("the") - m.start())


def read_the_year(m: re.Match[str], ctx: Context) -> Found | None:
    """"for the year", "earlier in the year", "the full year": the year the text is telling,
    which is the paragraph's last named year, else the anchor's (a report's own year)."""
    if ctx.latest is not None and ctx.latest[1] == "year":
        return Found("DATE", f"{ctx.latest[0].year:04d}", "year", True)
    if ctx.anchor is None:
        return Found("DATE", "", "year", True)
    return Found("DATE", f"{ctx.anchor.year:04d}", "year", True)


def read_year_end(m: re.Match[str], ctx: Context) -> Found | None:
    """"by year-end", "around year's end": the end of the year just named, else of the
    anchor's year, or of the year before when the sentence looks back from early in a year
    ("held $3 billion at year-end", written in February)."""
    if ctx.latest is not None and ctx.latest[1] == "year":  # "in 1988, when year-end net..."
        return Found("DATE", f"{ctx.latest[0].year:04d}", "year", True)
    if ctx.anchor is None:
        return Found("DATE", "", "year", True)
    back = ctx.anchor.month <= 6 and ctx.direction(m.start(), m.end()) == PAST
    return Found("DATE", f"{ctx.anchor.year - back:04d}", "year", True)


def read_named_season(m: re.Match[str], ctx: Context) -> Found | None:
    """"this season", "last season", "next season": a season not named as spring or fall is
    the yearly one of a sport or a trade, so its value is a year; "the recent season" says
    only that it is past."""
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    if rel == "recent":
        return Found("DATE", "PAST_REF", "", True)
    if ctx.anchor is None:
        return Found("DATE", "", "year", True)
    offset = -1 if rel in ("last", "previous", "past", "this past") else \
        1 if rel in ("next", "coming") else 0
    return Found("DATE", f"{ctx.anchor.year + offset:04d}", "year", True)


def read_end_of(m: re.Match[str], ctx: Context) -> Found | None:
    """"the end of the year", "the rest of the month", "the end of the decade": the
    anchor's year, month or decade."""
    granularity = UNITS[m["unit"].lower()][2]
    if ctx.anchor is None:
        return Found("DATE", "", granularity, True)
    if finer(granularity, ctx.anchor_granularity):
        granularity = ctx.anchor_granularity
    return Found("DATE", format_date(ctx.anchor, granularity), granularity, True)
