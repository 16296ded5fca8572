"""Readers for durations ("eight years", "a decade", "days", "3:07:35") and sets ("every
week", "daily", "$5 a year"): never dates, so the timeline never places them."""

from __future__ import annotations

import re

from bot.pipeline.dating.context import Context, Found
from bot.pipeline.dating.lexicon import (
    MONTHS,
    PARTS_OF_DAY,
    RESULT_NOUNS,
    SEASONS,
    UNITS,
    WEEKDAYS,
)
from bot.pipeline.dating.reading import (
    amount_of,
    unit_of,
)
from bot.pipeline.dating.tense import FUTURE
from bot.pipeline.dating.values import finer, format_date, shift

# TimeML writes units longer than a year in years: "a decade" is P10Y, "two centuries" P200Y.
_YEARS_IN = {"decade": 10, "century": 100, "millennium": 1000}


# Half a unit said in the next smaller one, as TimeML writes "2 1/2 years" (P2Y6M) and
# "5 1/2 hours" (PT5H30M).
_HALF_IN = {"year": "6M", "month": "15D", "day": "T12H", "hour": "30M", "minute": "30S"}


def duration_value(amount: float | None, unit: str) -> str:
    """The TIMEX3 value of `amount` `unit`s; None for a vague amount ("several", bare "days").

    >>> duration_value(1, "decade"), duration_value(None, "minute"), duration_value(0.5, "year")
    ('P10Y', 'PTXM', 'P6M')
    >>> duration_value(2.5, "year"), duration_value(5.5, "hour"), duration_value(1.5, "day")
    ('P2Y6M', 'PT5H30M', 'P1DT12H')
    """
    letter, is_time, _ = UNITS[unit]
    prefix = "PT" if is_time else "P"
    if unit == "weekend":
        letter = "WE"
    if unit in _YEARS_IN:
        letter = "Y"
        amount = None if amount is None else amount * _YEARS_IN[unit]
    if amount is None:
        return f"{prefix}X{letter}"
    if amount % 1 == 0.5 and unit in _HALF_IN:
        whole = int(amount)
        return f"{prefix}{f'{whole}{letter}' if whole else ''}{_HALF_IN[unit]}"
    number = int(amount) if amount == int(amount) else amount
    return f"{prefix}{number}{letter}"


SET_ADVERBS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
                "yearly": "P1Y", "hourly": "PT1H", "quarterly": "P1Q", "nightly": "P1D",
                "biweekly": "P2W"}


_COUNT_BEFORE = re.compile(
    r"(?:(?<![\w:.,])\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|"
    r"thirty|forty|fifty|hundred|thousand|million|billion|dozen|several|times|once|twice)\b)"
    r"[\w.%]*(?:,\d{3})*(?:\s+(?!(?:after|before|in|for|of|to|with|than|over|within|about|ago|later|"
    r"the|and|or|but|by|from|at|on)\b)[A-Za-z-]+){0,2}\s+$", re.I)


def is_rate(text: str, start: int) -> bool:
    """Whether "a year" at `start` closes a rate ("$500 million a year", "24 hours a day",
    "four flights a week"): a count a few words before it makes it "per year", a SET, not a
    stretch of time."""
    return bool(_COUNT_BEFORE.search(text[max(0, start - 40):start]))


def read_duration(m: re.Match[str], ctx: Context, text: str) -> Found | None:
    if m["old"]:
        return None  # an age: "a 70-year-old", "30 years old"
    after = text[m.end():m.end() + 14].lower()
    if re.match(r"[\s-]*(?:anniversary|old)\b", after):
        return None
    unit = unit_of(m["unit"])
    q = m["q"]
    if unit in ("quarter", "second") and ((re.match(r"\s*of\b", after) and not _quarters_of_time(
            unit, q, text[m.end():])) or "-" in m.group(0) or (q or "").lower() in ("a", "an")):
        return None  # "three-quarters of", "a quarter of the vote", "a second term"
    if q and re.fullmatch(r"(?:1[5-9]|20)\d\d", q) and not m["unit"].lower().endswith("s"):
        return None  # "the 1988 quarter", "the 2016 season": a year, not 1988 quarters
    if (q or "").lower() in ("a", "an") and is_rate(text, m.start()):
        return None  # a rate: the set rule reads it
    amount = amount_of(q) if q else None
    if amount is not None and (m["half"] or m["half2"]):
        amount += 0.5  # "2 1/2 years", "two and a half years", "a year and a half"
    point = _point_ahead(m, ctx, text, unit, amount)
    return point or Found("DURATION", duration_value(amount, unit), "")


def _quarters_of_time(unit: str, q: str | None, after: str) -> bool:
    """"several quarters of losses", "two quarters of growth": quarters of a year, since
    no fraction is "several", and a share of a result is not said so ("three quarters of
    the vote" is a fraction)."""
    if unit != "quarter":
        return False
    if (q or "").lower() in ("several", "a few", "few", "many"):
        return True
    word = re.match(r"\s*of\s+([a-z]+)", after.lower())
    return word is not None and any(
        w in RESULT_NOUNS for w in (word.group(1), word.group(1)[:-1], word.group(1)[:-2]))


def _point_ahead(m: re.Match[str], ctx: Context, text: str, unit: str,
                 amount: float | None) -> Found | None:
    """"will be redeemed in five years": "in" and a count, looking ahead, name the point
    that far from the anchor (TimeML: a DATE), not a stretch; "the first time in five
    years" or "fell in a year" (not ahead) stay durations."""
    if not re.search(r"(?i)\bin\s+$", text[max(0, m.start() - 4):m.start()]) or \
            amount is None or amount != int(amount) or ctx.anchor is None or \
            unit not in ("year", "month", "week", "day") or m.group(0).lower().startswith("the"):
        return None
    if ctx.direction(m.start(), m.end()) != FUTURE:
        return None
    granularity = UNITS[unit][2] if not finer(UNITS[unit][2], ctx.anchor_granularity) \
        else ctx.anchor_granularity
    moved = shift(ctx.anchor, unit, int(amount))
    return Found("DATE", format_date(moved, granularity), granularity, True)


def read_vague_duration(m: re.Match[str], ctx: Context) -> Found | None:
    """A plural unit with no number ("for years", "days of talks", "within minutes"): how
    many is not said, so the value says X (PXY, PTXM); the finder has checked, on the parse,
    that no determiner or count makes it something else ("the days of", "those years")."""
    return Found("DURATION", duration_value(None, unit_of(m["unit"])), "", False,
                 start_trim=len(m["lead"] or ""))


def read_unit_long(m: re.Match[str], ctx: Context) -> Found | None:
    """"a day-long meeting", "a year-long inquiry": one unit of time, the stretch the noun
    lasted."""
    return Found("DURATION", duration_value(1, unit_of(m["unit"])), "")


def read_tenure(m: re.Match[str], ctx: Context) -> Found | None:
    """"a second term", "his tenure": a time in office, a stretch whose length the office
    sets and the text does not say (a four-year term is read as "four-year" by the duration
    rule), so its value is an uncounted number of years."""
    return Found("DURATION", "PXY", "")


def read_set(m: re.Match[str], ctx: Context) -> Found | None:
    if m["adv"]:
        return Found("SET", SET_ADVERBS[m["adv"].lower()], "")
    if m["wd"]:
        return Found("SET", f"XXXX-WXX-{WEEKDAYS[m['wd'].lower().rstrip('s')]}", "")
    unit = unit_of(m["unit"])
    amount = 2 if (m["q"] or "").lower() == "other" else int(amount_of(m["q"]) or 1)
    return Found("SET", duration_value(amount, unit), "")


# A count of some measure just before "per hour": "60 miles per hour", "15 million
# instructions per second" -- a speed, which TimeML does not mark, unlike "$12 per hour".
_SPEED_BEFORE = re.compile(r"(?:\d[\d,.]*|million|billion|thousand|hundred)\s+(?:[a-z]+\s+)?[a-z]+s\s+$")


def read_set_any(m: re.Match[str], ctx: Context) -> Found | None:
    if m.group(0).lower().startswith("per") and m["unit"] and \
            unit_of(m["unit"]) in ("hour", "minute", "second") and \
            _SPEED_BEFORE.search(m.string[max(0, m.start() - 40):m.start()]):
        return None
    if m["season"]:
        # "each season" names no season, so it is the yearly one of a sport, a fashion, a crop
        return Found("SET", "P1Y", "")
    if m["rate"]:
        if not is_rate(m.string, m.start()):
            return None
        return Found("SET", duration_value(1, unit_of(m["rate"])), "")
    if m["unit2"]:
        letter = UNITS[m["unit2"].lower()][0]
        return Found("SET", f"P1{letter}", "")
    return read_set(m, ctx)


def read_calendar_set(m: re.Match[str], ctx: Context) -> Found | None:
    """"each July", "every summer", "every morning", "every Tuesday night", "Tuesday
    nights": a recurring calendar position, written as TimeML does with X for what recurs
    (XXXX-07, XXXX-SU, XXXX-WXX-2TNI); a SET, so no timeline places it."""
    if m["mon"]:
        return Found("SET", f"XXXX-{MONTHS[m['mon'].lower().rstrip('.')]:02d}", "")
    if m["season"]:
        return Found("SET", f"XXXX-{SEASONS[m['season'].lower()]}", "")
    weekday = m["wd"] or m["wd2"]
    pod = PARTS_OF_DAY[(m["pod"] or m["pods"]).lower().rstrip("s")]
    if weekday:
        return Found("SET", f"XXXX-WXX-{WEEKDAYS[weekday.lower()]}T{pod}", "")
    return Found("SET", f"XXXX-XX-XXT{pod}", "")


def read_plural_weekday(m: re.Match[str], ctx: Context) -> Found | None:
    return Found("SET", f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()]}", "")
