"""The date each passage (sentence) is about: its own, inherited, or the publication date.

"In February 2014 X collapsed. In March, Y declared independence. The administration
imposed sanctions." The third sentence names no date, so it inherits the last one named
before it in its paragraph (March 2014); a sentence in a paragraph that names none is dated
by the publication date ("reported"). Durations, sets and PRESENT_REF never date an event.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.models import DocDate, EventDate, TimeExpression
from bot.pipeline.dating.values import finer

_DATABLE = re.compile(r"^\d{2,4}(?:-(?:\d\d|W\d\d|Q\d|H\d|SP|SU|FA|WI))*(?:-\d\d)?$")


def assign_event_dates(paragraph_sentences: Sequence[Sequence[tuple[int, int]]],
                       paragraph_expressions: Sequence[Sequence[TimeExpression]],
                       doc_date: DocDate | None) -> list[list[EventDate | None]]:
    """For each paragraph, for each sentence (char span in the paragraph): its event date.

    Offsets of sentences and expressions are both into the paragraph's text.
    """
    result = []
    for sentences, expressions in zip(paragraph_sentences, paragraph_expressions, strict=True):
        datable = sorted((e for e in expressions if _is_datable(e)), key=lambda e: e.start)
        result.append([_event_date(span, datable, doc_date) for span in sentences])
    return result


def _is_datable(expression: TimeExpression) -> bool:
    """A DATE (or a TIME on a known day) whose value is a calendar position."""
    if expression.type == "TIME":
        return bool(re.match(r"^\d{4}-\d\d-\d\d", expression.value))
    return expression.type == "DATE" and bool(_DATABLE.match(expression.value))


def _event_date(span: tuple[int, int], datable: list[TimeExpression],
                doc_date: DocDate | None) -> EventDate | None:
    start, end = span
    own = [e for e in datable if start <= e.start < end]
    if own:
        best = own[0]
        for e in own[1:]:
            if finer(_granularity(e), _granularity(best)):
                best = e
        return _from_expression(best, "own", doc_date)
    earlier = [e for e in datable if e.end <= start]
    if earlier:
        return _from_expression(earlier[-1], "inherited", doc_date)
    if doc_date is None:
        return None
    return EventDate(doc_date.value, doc_date.granularity, "reported", doc_date.estimated)


def _granularity(expression: TimeExpression) -> str:
    return "day" if expression.type == "TIME" else expression.granularity


def _from_expression(expression: TimeExpression, kind: str,
                     doc_date: DocDate | None) -> EventDate:
    value = expression.value[:10] if expression.type == "TIME" else expression.value
    estimated = bool(doc_date is not None and doc_date.estimated and expression.anchored)
    return EventDate(value, _granularity(expression), kind, estimated, expression.text)
