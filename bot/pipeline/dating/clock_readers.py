"""Readers for clock times: "6:30 p.m. EST", "noon Thursday", "5 p.m. EST, Nov. 9"."""

from __future__ import annotations

import re

from bot.pipeline.dating.calendar_readers import (
    read_month_day,
)
from bot.pipeline.dating.context import Context, Found
from bot.pipeline.dating.lexicon import (
    PARTS_OF_DAY,
    WEEKDAYS,
)
from bot.pipeline.dating.reading import (
    weekday_near,
)
from bot.pipeline.dating.values import shift


def clock_of(text: str) -> str | None:
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


def read_clock(m: re.Match[str], ctx: Context) -> Found | None:
    """"6:30 p.m. local time", "14:02 GMT", "noon": on the paragraph's day if it named one,
    else on the anchor's."""
    clock = clock_of(m.group(0))
    if clock is None:
        return None
    if ctx.latest is not None and ctx.latest[1] == "day":
        return Found("TIME", ctx.latest[0].isoformat() + clock, "time", True)
    if ctx.anchor is not None and ctx.anchor_covers("day"):
        return Found("TIME", ctx.anchor.isoformat() + clock, "time", True)
    return Found("TIME", clock, "time", True)


def read_clock_day(m: re.Match[str], ctx: Context) -> Found | None:
    """"10 p.m. Wednesday", "Friday at 9 a.m.", "noon yesterday": the clock on that day."""
    clock = clock_of(m["clock"])
    if clock is None:
        return None
    day_word = m["d1"] or m["d2"]
    if ctx.anchor is None or not ctx.anchor_covers("day"):
        return Found("TIME", clock, "time", True)
    offsets = {"yesterday": -1, "today": 0, "tomorrow": 1}
    if day_word.lower() in offsets:
        day = shift(ctx.anchor, "day", offsets[day_word.lower()])
    else:
        day = weekday_near(ctx.anchor, WEEKDAYS[day_word.lower()],
                            ctx.direction(m.start(), m.end()), False)
    return Found("TIME", day.isoformat() + clock, "time", True)


def read_clock_date(m: re.Match[str], ctx: Context) -> Found | None:
    """"5 p.m. EST, Nov. 9": the clock on that date."""
    clock = clock_of(m["clock"])
    day = read_month_day(m, ctx)
    if clock is None or day is None:
        return None
    if not re.match(r"^\d{4}-\d\d-\d\d$", day.value):
        return Found("TIME", clock, "time", True)
    return Found("TIME", day.value + clock, "time", day.anchored)


def read_part_of_day(m: re.Match[str], ctx: Context) -> Found | None:
    code = PARTS_OF_DAY[m["pod"].lower()]
    if ctx.anchor is not None and ctx.anchor_covers("day"):
        return Found("TIME", f"{ctx.anchor.isoformat()}T{code}", "time", True)
    return Found("TIME", f"T{code}", "time", True)
