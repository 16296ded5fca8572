"""Readers for durations ("eight years") and sets ("every week", "daily"): never dates."""

from __future__ import annotations

import re

from bot.pipeline.dating.context import Context, Found
from bot.pipeline.dating.lexicon import (
    UNITS,
    WEEKDAYS,
)
from bot.pipeline.dating.reading import (
    amount_of,
    unit_of,
)

SET_ADVERBS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
                "yearly": "P1Y", "hourly": "PT1H", "quarterly": "P1Q", "nightly": "P1D",
                "biweekly": "P2W"}


def read_duration(m: re.Match[str], ctx: Context, text: str) -> Found | None:
    if m["old"]:
        return None  # an age: "a 70-year-old", "30 years old"
    after = text[m.end():m.end() + 14].lower()
    if re.match(r"[\s-]*(?:anniversary|old)\b", after):
        return None
    unit = unit_of(m["unit"])
    q = m["q"]
    if unit in ("quarter", "second") and (re.match(r"\s*of\b", after) or "-" in m.group(0)
                                          or (q or "").lower() in ("a", "an")):
        return None  # "three-quarters of", "a quarter of the vote", "a second term"
    if q and re.fullmatch(r"(?:1[5-9]|20)\d\d", q) and not m["unit"].lower().endswith("s"):
        return None  # "the 1988 quarter", "the 2016 season": a year, not 1988 quarters
    amount = amount_of(q) if q else None
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


def read_vague_duration(m: re.Match[str], ctx: Context) -> Found | None:
    unit = unit_of(m["unit"])
    letter, is_time, _ = UNITS[unit]
    return Found("DURATION", f"{'PT' if is_time else 'P'}X{letter}", "", False,
                 start_trim=len(m["lead"]))


def read_set(m: re.Match[str], ctx: Context) -> Found | None:
    if m["adv"]:
        return Found("SET", SET_ADVERBS[m["adv"].lower()], "")
    if m["wd"]:
        return Found("SET", f"XXXX-WXX-{WEEKDAYS[m['wd'].lower().rstrip('s')]}", "")
    unit = unit_of(m["unit"])
    letter, is_time, _ = UNITS[unit]
    amount = 2 if (m["q"] or "").lower() == "other" else int(amount_of(m["q"]) or 1)
    return Found("SET", f"{'PT' if is_time else 'P'}{amount}{letter}", "")


def read_set_any(m: re.Match[str], ctx: Context) -> Found | None:
    if m["unit2"]:
        letter = UNITS[m["unit2"].lower()][0]
        return Found("SET", f"P1{letter}", "")
    return read_set(m, ctx)


def read_plural_weekday(m: re.Match[str], ctx: Context) -> Found | None:
    return Found("SET", f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()]}", "")
