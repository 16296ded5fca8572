"""An event date for every passage: its own date, its paragraph's, or the publication date."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.models import GRANULARITIES, DocDate, EventDate, TimeExpression

_CALENDAR = re.compile(r"^(\d{4}|\d{2,3}$)")


def _is_event_date(expression: TimeExpression) -> bool:
    """DATE expressions placed on the calendar; durations, sets and PRESENT_REF are not."""
    return expression.type == "DATE" and bool(_CALENDAR.match(expression.value))


def _specificity(expression: TimeExpression) -> int:
    granularity = expression.granularity
    return GRANULARITIES.index(granularity) if granularity in GRANULARITIES else -1


def _event(expression: TimeExpression, kind: str, doc_date: DocDate | None) -> EventDate:
    estimated = bool(doc_date and doc_date.estimated and expression.anchored)
    value = expression.value[:10]  # a TIME's day is its event date
    granularity = "day" if expression.type == "TIME" else expression.granularity
    return EventDate(value, granularity, kind, estimated, expression.text)


def _reported(doc_date: DocDate | None) -> EventDate | None:
    if doc_date is None:
        return None
    return EventDate(doc_date.value, doc_date.granularity, "reported", doc_date.estimated)


def assign_event_dates(
    paragraph_sentences: Sequence[Sequence[tuple[int, int]]],
    paragraph_expressions: Sequence[Sequence[TimeExpression]],
    doc_date: DocDate | None,
) -> list[list[EventDate | None]]:
    """For each paragraph, for each sentence span: the date the sentence is about.

    Own: the most specific DATE inside the sentence. Inherited: the last DATE written earlier
    in the paragraph ("In March, Crimea declared independence. … imposed sanctions."
    inherits March). Reported: the publication date. Estimated whenever the value rests on
    an estimated publication date.
    """
    result: list[list[EventDate | None]] = []
    for sentences, expressions in zip(paragraph_sentences, paragraph_expressions, strict=True):
        dates = sorted((e for e in expressions if _is_event_date(e)), key=lambda e: e.start)
        row: list[EventDate | None] = []
        for start, end in sentences:
            own = [e for e in dates if start <= e.start < end]
            if own:
                best = max(own, key=lambda e: (_specificity(e), -e.start))
                row.append(_event(best, "own", doc_date))
                continue
            earlier = [e for e in dates if e.end <= start]
            row.append(_event(earlier[-1], "inherited", doc_date) if earlier
                       else _reported(doc_date))
        result.append(row)
    return result


def expression_record(expression: TimeExpression) -> dict[str, object]:
    """One expression as the JSON object `newsdesk dates` prints."""
    return {
        "start": expression.start, "end": expression.end, "text": expression.text,
        "type": expression.type, "value": expression.value,
        "granularity": expression.granularity, "anchored": expression.anchored,
    }
