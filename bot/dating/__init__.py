"""The time layer: find and normalize time expressions, date documents and passages."""

from bot.dating.events import assign_event_dates, expression_record
from bot.dating.find import find_time_expressions
from bot.dating.publication import estimate_document_date, find_publication_date

__all__ = [
    "assign_event_dates",
    "estimate_document_date",
    "expression_record",
    "find_publication_date",
    "find_time_expressions",
]
