"""An export asked for by name: `timeline TOPIC`, `who NAME` or `documents`, in a format.

    file = build_export(db, "timeline", "sanctions", "timelinejs")
    file.filename, file.content  # ('timeline-sanctions.timelinejs.json', b'{...')

The CLI (`newsdesk export`) and the Slack Export button both come here, so the same question
gives the same file. A question with nothing to export raises `UserError` saying so.
"""

from __future__ import annotations

from sqlite_utils import Database

from bot.answers.export import FORMATS, ExportFile, documents_file, profile_file, timeline_file
from bot.answers.reply import escape_mrkdwn
from bot.queries.export import document_records, profile_export, whole_timeline
from bot.queries.text import BadQuery
from bot.queries.who import NotFound
from bot.router.context import UserError

KINDS = tuple(FORMATS)


def build_export(db: Database, kind: str, query: str, fmt: str | None = None) -> ExportFile:
    """The file for `kind` (timeline, who, documents) of `query` in `fmt` (default: the first)."""
    if kind not in FORMATS:
        raise UserError(f"I can export {', '.join(KINDS)} — not “{escape_mrkdwn(kind)}”.")
    fmt = fmt or FORMATS[kind][0]
    if fmt not in FORMATS[kind]:
        raise UserError(f"A {kind} export can be {' or '.join(FORMATS[kind])}, not "
                        f"“{escape_mrkdwn(fmt)}”.")
    if kind == "documents":
        records = document_records(db)
        if not records:
            raise UserError("No documents have been added yet; there is nothing to export.")
        return documents_file(records, fmt)
    if not query.strip():
        raise UserError(f"Say what to export, e.g. `{kind} {'sanctions' if kind == 'timeline' else 'NAME'}`.")
    if kind == "timeline":
        return _timeline(db, query, fmt)
    result = profile_export(db, query)
    if isinstance(result, NotFound):
        raise UserError(f"No one called “{escape_mrkdwn(result.query)}” appears in the documents.")
    return profile_file(result, fmt)


def _timeline(db: Database, query: str, fmt: str) -> ExportFile:
    try:
        t = whole_timeline(db, query)
    except (BadQuery, ValueError) as err:
        raise UserError(str(err)) from None
    if not t.entries:
        raise UserError(f"Nothing dated about “{escape_mrkdwn(t.topic)}” in the documents; "
                        "there is nothing to export.")
    return timeline_file(t, fmt)
