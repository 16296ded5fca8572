"""A publication year for documents that state none, from the dates they mention.

What is plausible: a news text is written after the events it reports, so its year is at
least the latest year it names with a month or a day ("in September 2015"). A year named
alone may be a plan ("before his mandate expires in 2018"), so it only counts when no dated
event is named, and then only if the text tells it in the past tense; a year the text speaks
of as ahead bounds the writing from above instead (the year before it). One clue moves the estimate a year on: the text names a month both with
that latest year ("May 2015") and as "this year" ("in May this year"), so "this year" is not
that year, and the writer is in a later one. The estimate stays at year granularity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.models import DocDate, TimeExpression
from bot.pipeline.dating.tense import PAST

_YEAR_VALUE = re.compile(r"^(\d{4})(?:-(\d\d))?")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")


def estimate_document_date(
    expressions: Sequence[TimeExpression], directions: Sequence[str | None] | None = None
) -> DocDate | None:
    """Estimate the year a document was written from expressions found with no anchor.

    `directions` gives each expression's tense ("past", "future" or None) from
    `bot.pipeline.dating.tense.direction_of`; without it every expression counts as past.

    >>> estimate_document_date(find_in_text("It fell in May 2015. In May this year it rose.",
    ...                                     None)).value
    '2016'
    """
    tense = dict(zip(map(id, expressions), directions or [PAST] * len(expressions), strict=True))
    absolute = [e for e in expressions
                if e.type == "DATE" and not e.anchored and _YEAR_VALUE.match(e.value)]
    if not absolute:
        return None
    precise = [e for e in absolute if e.granularity in ("day", "week", "month", "season",
                                                        "quarter", "half")]
    pool = precise or [e for e in absolute if tense[id(e)] == PAST]
    if not pool:
        ahead = min(absolute, key=lambda e: e.value)
        return DocDate(str(int(ahead.value[:4]) - 1), "year", "estimated",
                       f"no date stated; the text speaks of {ahead.text} as still ahead")
    latest = max(pool, key=lambda e: e.value)
    year = int(latest.value[:4])
    evidence = f"latest date mentioned: {latest.text}"
    clash = _this_year_clash(expressions, absolute, year)
    if clash:
        year += 1
        evidence += (f"; {clash[1]!r} is not {clash[0]!r}, so 'this year' is after {year - 1}")
    return DocDate(str(year), "year", "estimated", evidence)


def _this_year_clash(expressions: Sequence[TimeExpression], absolute: list[TimeExpression],
                     year: int) -> tuple[str, str] | None:
    """A month named with `year` and again with "this year": (the dated one, the relative one)."""
    dated = {}
    for e in absolute:
        m = _YEAR_VALUE.match(e.value)
        if m and m.group(2) and int(m.group(1)) == year:
            dated.setdefault(int(m.group(2)), e.text)
    for e in expressions:
        if e.anchored and "this year" in e.text.lower():
            month = re.match(r"^XXXX-(\d\d)", e.value)
            if month and int(month.group(1)) in dated:
                return dated[int(month.group(1))], e.text
    return None
