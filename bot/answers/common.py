"""Pieces every answer uses: a source line, an excerpt with marked words in bold."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answers.reply import EXPORT_ACTION, Block, button, buttons, escape_mrkdwn, link, page_token
from bot.queries.sources import SourceRef

MAX_EXCERPT = 600


def count(n: int, one: str, many: str | None = None) -> str:
    """ "1 event", "3 events", "2 people".

    >>> count(1, "event"), count(3, "event"), count(2, "person", "people")
    ('1 event', '3 events', '2 people')
    """
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def source_line(ref: SourceRef) -> str:
    """“Title” · Source · 18 Sep 2020, escaped, the title linked when the document has a URL."""
    parts = [f"“{link(ref.url, ref.title)}”"]
    if ref.source:
        parts.append(escape_mrkdwn(ref.source))
    parts.append(escape_mrkdwn(ref.date_label))
    return " · ".join(parts)


def sources_line(refs: Sequence[SourceRef]) -> str:
    return " | ".join(source_line(r) for r in refs)


def export_buttons(command: str, query: str, formats: Sequence[tuple[str, str]]) -> Block:
    """The "Export" buttons of an answer: one per (format, label), each uploading the file."""
    token = page_token(command, query, 0)
    return buttons(*[button(label, f"{EXPORT_ACTION}_{fmt}", token) for fmt, label in formats],
                   block_id=f"newsdesk_export_{command}")


def bold_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Escape `text` and put the given character spans in bold (spans may overlap or be off)."""
    out, pos = [], 0
    for start, end in sorted(spans):
        start, end = max(start, pos), min(end, len(text))
        if end <= start:
            continue
        out.append(escape_mrkdwn(text[pos:start]))
        out.append(f"*{escape_mrkdwn(text[start:end])}*")
        pos = end
    out.append(escape_mrkdwn(text[pos:]))
    return _shorten("".join(out))


def bold_marked(text: str, start_mark: str, end_mark: str) -> str:
    """Escape text whose matches are wrapped in marker characters, and bold the matches."""
    spans, plain, inside = [], [], None
    for ch in text:
        if ch == start_mark:
            inside = len(plain)
        elif ch == end_mark and inside is not None:
            spans.append((inside, len(plain)))
            inside = None
        else:
            plain.append(ch)
    return bold_spans("".join(plain), spans)


def shorten(text: str, limit: int) -> str:
    """At most about `limit` characters, cut at a word boundary, with an ellipsis.

    >>> shorten("one two three", 9)
    'one two …'
    """
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > 0 else limit - 1] + " …"


def _shorten(mrkdwn: str) -> str:
    """`shorten` for mrkdwn: a bold span cut in two is closed again."""
    short = shorten(mrkdwn, MAX_EXCERPT)
    if short == mrkdwn:
        return mrkdwn
    head = short[: -len(" …")]
    return (head + "*" if head.count("*") % 2 else head) + " …"
