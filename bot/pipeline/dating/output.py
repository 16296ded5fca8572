"""Time expressions as plain dicts, for `newsdesk dates FILE` (one JSON object per line)."""

from __future__ import annotations

from bot.models import TimeExpression


def expression_as_dict(expression: TimeExpression) -> dict[str, object]:
    """The fields the CLI prints: start, end, text, type, value, granularity (and anchored)."""
    return {"start": expression.start, "end": expression.end, "text": expression.text,
            "type": expression.type, "value": expression.value,
            "granularity": expression.granularity, "anchored": expression.anchored}
