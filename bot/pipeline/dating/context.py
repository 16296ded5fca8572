"""What a rule needs to turn a match into a value: the anchor, the tense, the paragraph's dates.

`Context` is built once per paragraph by the finder and updated as expressions are found
in text order, so "In February 2014 ... In March" can give March the year 2014.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from bot.pipeline.dating.tense import FUTURE, PAST, PRESENT
from bot.pipeline.dating.values import finer, format_date, make_date


@dataclass(frozen=True)
class Found:
    """A rule's reading of one match: what TimeExpression gets, minus the offsets."""

    type: str
    value: str
    granularity: str
    anchored: bool = False
    start_trim: int = 0  # characters the rule wants cut from the front of the match
    end_trim: int = 0


@dataclass
class Memory:
    """What one paragraph leaves to the next paragraphs of the same document.

    `period`: the newest quarter or half the document has named that had ended by the
    document's date, the period an earnings report is about (a forecast "fourth quarter" is
    not). Its later paragraphs compare figures with "a year ago" without naming the quarter
    again ("Revenue rose to $5 million from $4 million a year earlier"): that is the same
    quarter a year back, not the whole previous year.

    `latest`: the last date the document named, which "Two days later" opening a paragraph
    counts from.
    """

    period: tuple[dt.date, str] | None = None
    latest: tuple[dt.date, str] | None = None  # the document's last date, for "two days later"

    def remember_period(self, day: dt.date, granularity: str, anchor: dt.date | None) -> None:
        """Keep the newest quarter or half that is over by `anchor`: a "year-ago quarter" is
        no reported period, nor is one still to come."""
        if granularity not in ("quarter", "half"):
            return
        ends = day + relativedelta(months=3 if granularity == "quarter" else 6)
        if (anchor is None or ends <= anchor) and (self.period is None or day > self.period[0]):
            self.period = (day, granularity)


@dataclass
class Context:
    """The anchor (document date), the tense oracle and the dates already seen."""

    anchor: dt.date | None
    anchor_granularity: str = "day"
    direction: Callable[[int, int], str | None] = lambda start, end: None
    explicit: tuple[dt.date, str] | None = None  # last date with a written year
    latest: tuple[dt.date, str] | None = None  # last date of any kind
    memory: Memory = field(default_factory=Memory)  # what earlier paragraphs left

    def anchor_covers(self, granularity: str) -> bool:
        """Whether the anchor is precise enough to compute a `granularity` value from it."""
        return self.anchor is not None and not finer(granularity, self.anchor_granularity)

    def anchor_value(self) -> str:
        assert self.anchor is not None
        return format_date(self.anchor, self.anchor_granularity)


def pick_year(ctx: Context, month: int, day: int | None, start: int, end: int,
              relation: str | None = None) -> tuple[int | None, bool]:
    """The year of a year-less month or day, and whether it rests on the anchor.

    Order of evidence: a year written earlier in the paragraph (unless the tense contradicts
    it), then the anchor and the tense: past tense takes the last such date not after the
    anchor, future tense the next not before it, otherwise the nearest one.
    """
    direction = relation or ctx.direction(start, end)
    if direction == PRESENT:  # a present-tense date is one still to come (or just past)
        direction = FUTURE
    firm = relation is not None  # "last spring" is said outright; a parsed tense may be wrong
    if ctx.explicit is not None and _narrative(ctx):
        year = ctx.explicit[0].year
        candidate = make_date(year, month, day or 1)
        if candidate is not None and _agrees(ctx, candidate, day is not None, direction):
            return year, False
    if ctx.anchor is None:
        return None, False
    if ctx.anchor_granularity == "year" or (ctx.anchor_granularity == "month" and day is None
                                            and month == ctx.anchor.month):
        return ctx.anchor.year, True
    return _nearest_year(ctx.anchor, month, day, direction, firm), True


def _narrative(ctx: Context) -> bool:
    """Whether the paragraph's written date sets the scene for what follows.

    A month, season or day ("In February 2014 ...") does. A bare year does not: news
    mentions years in passing ("since the 1990 invasion ... in December") far more often
    than it narrates within them, so a year-less month then follows the document date.
    """
    _, granularity = ctx.explicit
    return granularity in ("month", "day", "season", "quarter", "half", "week")


def _agrees(ctx: Context, candidate: dt.date, has_day: bool, direction: str | None) -> bool:
    if ctx.anchor is None or direction is None or ctx.anchor_granularity == "year":
        return True
    key = _key(candidate, has_day)
    anchor_key = _key(ctx.anchor, has_day)
    if direction == FUTURE:
        return key >= anchor_key
    if direction == PAST:
        return key <= anchor_key
    return True


def _key(day: dt.date, has_day: bool) -> tuple[int, ...]:
    return (day.year, day.month, day.day) if has_day else (day.year, day.month)


# How far the other reading may lie before it overrides the tense: a parse is wrong more
# often than a news story names a date a year away without its year ("extended to Nov. 20",
# parsed as past, in a story of Nov. 2, is this November).
_TOLERANCE_DAYS = 45
_TOLERANCE_MONTHS = 1


def _nearest_year(anchor: dt.date, month: int, day: int | None, direction: str | None,
                  firm: bool = False) -> int:
    """The year that puts month (and day) on the side of the anchor the tense asks for."""
    has_day = day is not None
    anchor_key = _key(anchor, has_day)
    before: tuple[int, int] | None = None  # (distance, year), the latest not after the anchor
    after: tuple[int, int] | None = None  # the earliest after it
    for year in range(anchor.year - 4, anchor.year + 5):
        candidate = make_date(year, month, day or 1)
        if candidate is None:  # Feb. 29 outside a leap year
            continue
        distance = abs((candidate - anchor).days) if has_day else abs(
            (year - anchor.year) * 12 + month - anchor.month)
        if _key(candidate, has_day) <= anchor_key:
            if before is None or distance < before[0]:
                before = (distance, year)
        elif after is None or distance < after[0]:
            after = (distance, year)
    tolerance = -1 if firm else _TOLERANCE_DAYS if has_day else _TOLERANCE_MONTHS
    if before is None or after is None:
        return (before or after or (0, anchor.year))[1]
    if direction == PAST:
        return after[1] if after[0] <= tolerance < before[0] else before[1]
    if direction == FUTURE:
        return before[1] if before[0] <= tolerance < after[0] else after[1]
    return before[1] if before[0] <= after[0] else after[1]
