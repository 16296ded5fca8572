"""The publication date from the lines a cleaner took out of a page's header and footer.

"  • September 18, 2020", "09-Dec-2016 Intellasia | FT | 6:00 AM Print This Post",
"11:01 AM 12/8/2016", "Published: 3 March 2019 14:02 GMT": the same date rules as the body,
with no anchor, keeping only dates that state their own year.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from bot.models import DocDate
from bot.pipeline.dating.find import find_in_text

log = logging.getLogger(__name__)

_FULL_DATE = re.compile(r"^\d{4}-\d\d(?:-\d\d)?")


def find_publication_date(lines: Sequence[str]) -> DocDate | None:
    """The first full date (day precision) in the lines, else the first month-and-year.

    Lines come in page order, header first, so the first full date is the dateline; a
    footer's date ("12/8/2016" under an article dated 09-Dec-2016) is only a fallback.
    A year alone ("© 2019") is no publication date.

    >>> find_publication_date(["By Jane Roe", "March 3, 2019 | 14:02"]).value
    '2019-03-03'
    """
    month_date: DocDate | None = None
    for line in lines:
        for expression in find_in_text(line, None):
            match = _FULL_DATE.match(expression.value)
            if expression.anchored or match is None:
                continue
            value = match.group(0)
            granularity = "day" if len(value) == 10 else "month"
            found = DocDate(value, granularity, "dateline", line.strip())
            if granularity == "day":
                log.debug("publication date value=%s line=%r", value, line)
                return found
            month_date = month_date or found
    return month_date
