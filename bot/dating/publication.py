"""A document's own date: stated in its header/footer lines, or estimated from its text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.dating.find import find_in_text
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


def estimate_document_date(expressions: Sequence[TimeExpression]) -> DocDate | None:
    """For a document that states no date: the year of the latest event it dates itself.

    Found with no anchor, only absolute expressions carry a year. Months and days are events
    the text reports ("in September 2015"), so the latest of them bounds the writing from
    below; bare years are used only when there is nothing finer, because they are as often
    targets ("by 2030") as events. The estimate is a year, marked estimated, with its evidence.
    """
    dated = [e for e in expressions
             if e.type == "DATE" and not e.anchored and _FULL_DATE.match(e.value)]
    years = [e for e in expressions
             if e.type == "DATE" and not e.anchored and _YEAR.match(e.value)]
    pool = dated or years
    if not pool:
        return None
    latest = max(pool, key=lambda e: (e.value[:10], -e.start))
    return DocDate(latest.value[:4], "year", "estimated",
                   f"the text states no date; the latest date it mentions is “{latest.text}”")
