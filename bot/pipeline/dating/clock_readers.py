"""Readers for clock times: "6:30 p.m. EST", "noon Thursday", "5 p.m. EST, Nov. 9", and
clock-shaped durations ("finished in 3:07:35")."""

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
    if t.startswith(("noon", "midday")):
        return "T12:00"
    if t.startswith("midnight"):
        return "T24:00"  # TimeML: the midnight that ends the day named ("midnight Friday")
    wire = re.match(r"([01]\d|2[0-3])([0-5]\d)\s+(?:gmt|utc)", t)
    if wire:
        return f"T{wire.group(1)}:{wire.group(2)}"
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
    return _clock_on_known_day(clock, ctx)


def _clock_on_known_day(clock: str, ctx: Context) -> Found:
    """The clock ("T15:30") on the paragraph's last named day, else the anchor's, else alone."""
    if ctx.latest is not None and ctx.latest[1] == "day":
        return Found("TIME", ctx.latest[0].isoformat() + clock, "time", True)
    if ctx.anchor is not None and ctx.anchor_covers("day"):
        return Found("TIME", ctx.anchor.isoformat() + clock, "time", True)
    return Found("TIME", clock, "time", True)


_TIME_OF_DAY_BEFORE = re.compile(r"(?i)\b(?:at|by|until|till|from|since)\s+$")
_TIME_OF_DAY_AFTER = re.compile(r"^\s*(?:(?i:[ap]\.?\s?m)\b|(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|"
                               r"UTC|ET|BST|CET|JST)\b|(?i:local\s+time))")


def read_clock_with_seconds(m: re.Match[str], ctx: Context) -> Found | None:
    """"3:07:35": elapsed hours, minutes and seconds (a race, a record, a flight) unless the
    text says it is a time of day ("at 10:32:15", "10:32:15 p.m.", "10:32:15 GMT").

    News gives the seconds of a clock reading only for incidents timed to the second, and
    then with "at" or a zone; a bare h:mm:ss is a measured time: "won in 2:03:38", "a record
    of 3:07:35", "his time of 1:02:11".
    """
    text = m.string
    hours, minutes, seconds = int(m["h"]), int(m["mi"]), float(m["s"])
    after = text[m.end():m.end() + 12]
    if _TIME_OF_DAY_BEFORE.search(text[max(0, m.start() - 8):m.start()]) or \
            _TIME_OF_DAY_AFTER.match(after):
        meridiem = re.match(r"(?i)\s*([ap])\.?\s?m\b", after)
        clock = clock_of(f"{hours}:{minutes:02d}" + (f" {meridiem.group(1)}m" if meridiem else ""))
        if clock is None:
            return None
        found = _clock_on_known_day(clock, ctx)
        return Found("TIME", f"{found.value}:{int(seconds):02d}", "time", True)
    value = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (
        f"{seconds:g}S" if seconds else "")
    return Found("DURATION", value if value != "PT" else "PT0S", "")


_PART_NAMED = {"this morning": "morning", "this afternoon": "afternoon",
               "this evening": "evening", "tonight": "night", "last night": "night"}


def read_clock_day(m: re.Match[str], ctx: Context) -> Found | None:
    """"10 p.m. Wednesday", "Friday at 9 a.m.", "noon yesterday", "at 10:30 this morning",
    "10:30 Friday night", "tonight at 8": the clock on that day, in the afternoon's hours
    when the part of the day says so and the clock does not."""
    day_word = re.sub(r"\s+", " ", (m["d1"] or m["d2"]).lower())
    part = (m["pod"] or m["pod2"] or _PART_NAMED.get(day_word, "")).lower()
    clock = _clock_in_part(m["clock"], part)
    if clock is None:
        return None
    if ctx.anchor is None or not ctx.anchor_covers("day"):
        return Found("TIME", clock, "time", True)
    offsets = {"yesterday": -1, "today": 0, "tomorrow": 1, "this morning": 0,
               "this afternoon": 0, "this evening": 0, "tonight": 0, "last night": -1}
    if day_word in offsets:
        day = shift(ctx.anchor, "day", offsets[day_word])
    else:
        day = weekday_near(ctx.anchor, WEEKDAYS[day_word],
                            ctx.direction(m.start(), m.end()), False)
    return Found("TIME", day.isoformat() + clock, "time", True)


def _clock_in_part(text: str, part: str) -> str | None:
    """The clock value of `text` said of a part of the day: "10:30" at night is T22:30, a
    bare "9" is a clock only with a part of the day ("at 9 this morning")."""
    bare = re.fullmatch(r"(\d{1,2})(?::(\d\d))?", text.strip())
    if bare is None:
        return clock_of(text)
    if not part and bare.group(2) is None:
        return None  # "at 5 Tuesday": a score, a count, a rank as often as a clock
    hour, minute = int(bare.group(1)), int(bare.group(2) or 0)
    if hour > 23:
        return None
    if (part == "afternoon" and 1 <= hour <= 6) or (part in ("evening", "night") and
                                                    5 <= hour <= 11):
        hour += 12
    return f"T{hour:02d}:{minute:02d}"


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
    """"in the afternoon", "that evening": on the paragraph's last named day, else the
    anchor's ("On Monday the talks resumed; in the afternoon they broke down"). "The
    morning of Feb. 10" is left to the date it names, which dates the passage as well."""
    code = PARTS_OF_DAY[m["pod"].lower()]
    if ctx.latest is not None and ctx.latest[1] == "day":
        return Found("TIME", f"{ctx.latest[0].isoformat()}T{code}", "time", True)
    if ctx.anchor is not None and ctx.anchor_covers("day"):
        return Found("TIME", f"{ctx.anchor.isoformat()}T{code}", "time", True)
    return Found("TIME", f"T{code}", "time", True)
