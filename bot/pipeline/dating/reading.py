"""Small helpers the rule readers share: month and number words, relative offsets, bases."""

from __future__ import annotations

import datetime as dt
import re

from bot.pipeline.dating.context import Context, Found
from bot.pipeline.dating.lexicon import (
    DAY_ORDINALS,
    MONTHS,
    UNIT_PLURALS,
    UNITS,
    number_value,
)
from bot.pipeline.dating.patterns import SPELLED_YEAR
from bot.pipeline.dating.tense import FUTURE, PAST
from bot.pipeline.dating.values import format_date, make_date


def month_number(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))


def day_of_ordinal(word: str) -> str:
    """A spoken day of the month as digits: "twenty-second" -> "22"."""
    return str(DAY_ORDINALS[re.sub(r"[-\s]+", "-", word.lower())])


_SPELLED_YEAR = re.compile(SPELLED_YEAR)


def year_number(text: str) -> int | None:
    """The year a written year stands for, in digits or in words: "1997" and "nineteen
    ninety-seven" -> 1997, "two thousand and one" -> 2001; None for words that are no year.

    >>> year_number("1997"), year_number("nineteen ninety-seven"), year_number("two thousand")
    (1997, 1997, 2000)
    >>> year_number("nineteen eleven two") is None
    True
    """
    if text.isdecimal():
        return int(text)
    m = _SPELLED_YEAR.search(text)
    if m is None:
        return None
    words = [w for w in re.split(r"[\s-]+", m.group(0).lower()) if w not in ("hundred", "and")]
    if words[:2] == ["two", "thousand"]:
        rest = number_value(words[2]) if len(words) > 2 else 0
        return None if rest is None else 2000 + rest
    rest = number_value("-".join(words[1:]))
    if rest is None or not 10 <= rest <= 99:
        return None
    return (19 if words[0] == "nineteen" else 20) * 100 + rest


def relative_offset(word: str | None) -> int:
    w = (word or "").lower().split()[-1] if word else ""
    return {"last": -1, "previous": -1, "prior": -1, "past": -1, "next": 1, "following": 1,
            "coming": 1}.get(w, 0)


def counts_from_text(word: str | None) -> bool:
    return bool(word) and word.lower().split()[-1] in ("previous", "prior", "following", "same")


def base_of(ctx: Context, word: str | None) -> tuple[dt.date | None, str]:
    """The date a relative word counts from: the paragraph's last date for "the previous
    year", the anchor otherwise."""
    if counts_from_text(word) and ctx.latest is not None:
        return ctx.latest
    return ctx.anchor, ctx.anchor_granularity


def date_in_year(year: int | None, month: int, day: int | None, gran: str,
                  anchored: bool) -> Found | None:
    if year is None:  # nothing to take the year from: the value says so, and it is relative
        value = f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
        return Found("DATE", value, gran, True)
    date = make_date(year, month, day or 1)
    if date is None:
        return None
    return Found("DATE", format_date(date, gran), gran, anchored)


def unit_of(word: str) -> str:
    w = word.lower()
    return UNIT_PLURALS.get(w, w.rstrip("s") if w.rstrip("s") in UNITS else w)


def amount_of(word: str | None) -> float | None:
    if word is None:
        return 1
    w = re.sub(r"\s+", " ", word.lower().strip())
    if w in ("a", "an", "one", "a single"):
        return 1
    if w in ("half an", "half"):
        return 0.5
    value = number_value(w)
    if value is not None:
        return float(value) if w not in ("a half", "half a") else 0.5
    try:
        return float(w)
    except ValueError:
        return None


def weekday_near(anchor: dt.date, weekday: int, relation: str | None, strict: bool) -> dt.date:
    """The `weekday` before the anchor in a past-tense sentence, after it in a future one,
    and when the tense says neither (present, none), the nearer of the two: "the vote
    Tuesday" written on a Monday is tomorrow, written on a Thursday two days ago."""
    back = (anchor.isoweekday() - weekday) % 7
    ahead = (weekday - anchor.isoweekday()) % 7
    if strict:
        back, ahead = back or 7, ahead or 7
    if relation == PAST or relation != FUTURE and back <= ahead:
        return anchor - dt.timedelta(days=back)
    return anchor + dt.timedelta(days=ahead)


class Groups:
    """A match with some groups renamed or merged, for readers shared by two patterns."""

    def __init__(self, m: re.Match[str], **extra: str | None):
        self._m, self._extra = m, extra

    def __getitem__(self, key: str) -> str | None:
        return self._extra[key] if key in self._extra else self._m[key]

    def groupdict(self) -> dict[str, str | None]:
        return {**self._m.groupdict(), **self._extra}

    @property
    def string(self) -> str:
        return self._m.string

    def start(self) -> int:
        return self._m.start()

    def end(self) -> int:
        return self._m.end()


def with_text(reader):
    """Adapt a reader that also needs the paragraph text (to look before or after a match)."""
    def read(m: re.Match[str], ctx: Context) -> Found | None:
        return reader(m, ctx, m.string)
    return read
