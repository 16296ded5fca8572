"""Time expressions as plain dicts and JSON lines, for `newsdesk dates FILE`."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable

from spacy.language import Language

from bot.dating.find import find_time_expressions
from bot.models import TimeExpression

_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\n\s*\n|\s*$)", re.S)


def expression_as_dict(expression: TimeExpression) -> dict[str, object]:
    """The fields the CLI prints: start, end, text, type, value, granularity (and anchored)."""
    return {"start": expression.start, "end": expression.end, "text": expression.text,
            "type": expression.type, "value": expression.value,
            "granularity": expression.granularity, "anchored": expression.anchored}


def expressions_as_json_lines(expressions: Iterable[TimeExpression]) -> str:
    """One JSON object per expression, one per line (no trailing newline)."""
    return "\n".join(json.dumps(expression_as_dict(e), ensure_ascii=False) for e in expressions)


def find_in_document(nlp: Language, text: str, anchor: dt.date | None,
                     anchor_granularity: str = "day") -> list[TimeExpression]:
    """Run the finder paragraph by paragraph (blank-line separated), as ingest does, and
    return expressions with offsets into the whole `text`."""
    spans = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    found = []
    for (offset, _), doc in zip(spans, nlp.pipe(text[s:e] for s, e in spans), strict=True):
        for e in find_time_expressions(doc, anchor, anchor_granularity):
            found.append(TimeExpression(e.start + offset, e.end + offset, e.text, e.type,
                                        e.value, e.granularity, e.anchored))
    return found
