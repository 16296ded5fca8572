"""The time layer: find and normalize time expressions (TimeML TIMEX3), date documents and
passages.

- `find_time_expressions(doc, anchor, anchor_granularity)`: one paragraph's expressions.
- `find_in_paragraphs(docs, anchor, anchor_granularity)`: a document's, paragraph by paragraph,
  each reading what the earlier ones named (the quarter an earnings report is about).
- `find_publication_date(meta_lines)`: the dateline among header and footer lines.
- `estimate_document_date(expressions)`: a year for undated documents (find with anchor=None).
- `assign_event_dates(sentences, expressions, doc_date)`: each sentence's event date.
- `expression_as_dict`: the record `newsdesk dates` prints for each expression.

Why our own rules rather than `dateparser`: dateparser parses a string you already know is a
date; in running text its search mode fires on ordinary words and numbers, it has no notion of
DURATION or SET, gives no granularity ("March 2012" comes back as a day), and cannot use the
sentence's tense to decide which February is meant. The rules here (rules.py) are regular
expressions read in the context of the spaCy parse; calendar arithmetic is python-dateutil's
relativedelta and easter, already a dependency.

For a document with no date: find with anchor=None, `estimate_document_date`, then find again
with the estimated year as anchor and anchor_granularity="year".
"""

from bot.pipeline.dating.estimate import estimate_document_date
from bot.pipeline.dating.events import assign_event_dates
from bot.pipeline.dating.find import find_in_paragraphs, find_in_text, find_time_expressions
from bot.pipeline.dating.output import expression_as_dict
from bot.pipeline.dating.pubdate import find_publication_date

__all__ = [
    "assign_event_dates",
    "estimate_document_date",
    "expression_as_dict",
    "find_in_paragraphs",
    "find_in_text",
    "find_publication_date",
    "find_time_expressions",
]
