"""A document's own date: stated in its header/footer lines, or estimated from its text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.dating.find import find_in_text
from bot.dating.tense import PAST
from bot.models import DocDate, TimeExpression

_FULL_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")
_YEAR = re.compile(r"^\d{4}$")


def find_publication_date(lines: Sequence[str]) -> DocDate | None:
    """The first full date (day precision, else month) written in the header/footer lines.

    Lines are the ones the cleaner moved out of the body as metadata ("• September 18, 2020",
    "09-Dec-2016 Intellasia | FT | 6:00 AM"); the header comes first, so the first date wins.
    """
    by_month: DocDate | None = None
    for line in lines:
        for expression in find_in_text(line, None):
            if expression.anchored or expression.type not in ("DATE", "TIME"):
                continue
            match = _FULL_DATE.match(expression.value)
            if not match:
                continue
            evidence = " ".join(line.split())
            if match.group(3):
                return DocDate(match.group(0), "day", "dateline", evidence)
            if by_month is None:
                by_month = DocDate(match.group(0), "month", "dateline", evidence)
    return by_month


def estimate_document_date(
    expressions: Sequence[TimeExpression], directions: Sequence[str | None] | None = None
) -> DocDate | None:
    """For a document that states no date: a year, marked estimated, with its evidence.

    Found with no anchor, only absolute expressions carry a year. What the text tells in the
    past tense happened before the writing: the latest such date (months and days before bare
    years, which are as often targets as events) bounds it from below. With no past date, a
    date the text speaks of as ahead ("before his mandate expires in 2018") bounds it from
    above: the year before it. `directions` gives each expression's tense ("past", "future"
    or None), from `bot.dating.tense.direction_of`.
    """
    directions = list(directions) if directions is not None else [PAST] * len(expressions)
    absolute = [(e, d) for e, d in zip(expressions, directions, strict=True)
                if e.type == "DATE" and not e.anchored and _FULL_DATE.match(e.value) or
                e.type == "DATE" and not e.anchored and _YEAR.match(e.value)]
    past = [e for e, d in absolute if d == PAST]
    if past:
        finer = [e for e in past if _FULL_DATE.match(e.value)]
        latest = max(finer or past, key=lambda e: (e.value[:10], -e.start))
        return DocDate(latest.value[:4], "year", "estimated",
                       f"the text states no date; the latest past date it mentions is "
                       f"“{latest.text}”")
    ahead = [e for e, d in absolute if d != PAST]
    if not ahead:
        return None
    earliest = min(ahead, key=lambda e: (e.value[:10], e.start))
    return DocDate(str(int(earliest.value[:4]) - 1), "year", "estimated",
                   f"the text states no date; it speaks of “{earliest.text}” as still ahead")
