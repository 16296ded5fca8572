"""Exports: the /timeline and /who results (and the document list) as files. Pure: results in,
bytes out.

    >>> timelinejs_date("2014-03"), timelinejs_date("2013-FA"), timelinejs_date("199")
    ({'year': 2014, 'month': 3}, {'year': 2013}, {'year': 1990})

Formats:

- timeline `timelinejs`: TimelineJS's JSON (https://timeline.knightlab.com/docs/json-format.html):
  one slide per event, `start_date` split into year/month/day no finer than the date is known,
  the passage as text (HTML-escaped: it is untrusted), an estimated date said in the text and in
  `display_date`, the source as the media credit;
- timeline `csv`: the columns of TimelineJS's Google Sheets template, a title row first, so the
  rows paste straight into a copy of the template;
- timeline `json`, who `json`/`csv`, documents `json`/`csv`: the results as they are.

CSV files carry a byte-order mark so spreadsheet programs read them as UTF-8.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.answers.common import shorten
from bot.answers.timeline import date_notes
from bot.queries.export import DocumentRecord, ProfileExport
from bot.queries.sources import SourceRef
from bot.queries.timeline import Timeline, TimelineEntry

# The column layout of TimelineJS's Google Sheets template, in its order.
SHEET_COLUMNS = (
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
    "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
    "Media Thumbnail", "Type", "Group", "Background",
)
PROFILE_COLUMNS = ("section", "text", "kind", "count", "document_id", "title", "source",
                   "date", "url")
DOCUMENT_COLUMNS = ("id", "title", "source", "authors", "url", "date", "date_label", "date_kind",
                    "format", "words", "passages", "entities", "dates", "path", "ingested_at")
# What each export can be written as; the first is the default.
FORMATS = {
    "timeline": ("csv", "json", "timelinejs"),
    "who": ("json", "csv"),
    "documents": ("csv", "json"),
}
HEADLINE_CHARS = 90

_YEAR_PART = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_MIME = {"csv": "text/csv", "json": "application/json", "timelinejs": "application/json"}


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: bytes
    title: str  # what the upload is called in Slack
    format: str

    @property
    def mimetype(self) -> str:
        return _MIME[self.format]


def slug(text: str, limit: int = 60) -> str:
    """A file-name-safe version of a query.

    >>> slug("Sanctions on Russia!"), slug("Ångström / Ltd."), slug("***")
    ('sanctions-on-russia', 'angstrom-ltd', 'export')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:limit].rstrip("-") or "export"


# ---------------------------------------------------------------- dates


def timelinejs_date(value: str) -> dict[str, int]:
    """A TIMEX3 value as TimelineJS's date object, no finer than it is known.

    A day gives year, month and day; a month year and month; a week its year and month;
    a season, quarter or half only the year (TimelineJS has nothing between year and month,
    and the display date says which); a decade or century its first year.

    >>> timelinejs_date("2016-12-15"), timelinejs_date("2014-W10"), timelinejs_date("20")
    ({'year': 2016, 'month': 12, 'day': 15}, {'year': 2014, 'month': 3}, {'year': 2000})
    """
    if re.fullmatch(r"\d{3}", value):
        return {"year": int(value) * 10}
    if re.fullmatch(r"\d{2}", value):
        return {"year": int(value) * 100}
    week = re.match(r"^(\d{4})-W(\d{2})", value)
    if week:
        thursday = dt.date.fromisocalendar(int(week[1]), max(1, min(int(week[2]), 52)), 4)
        return {"year": thursday.year, "month": thursday.month}
    match = _YEAR_PART.match(value)
    if not match:
        raise ValueError(f"not a calendar date: {value!r}")
    year, month, day = match.groups()
    date = {"year": int(year)}
    if month:
        date["month"] = int(month)
        if day:
            date["day"] = int(day)
    return date


def date_precision(value: str) -> str:
    """How finely a TIMEX3 value is known.

    >>> [date_precision(v) for v in ("2014-03-02", "2014-03", "2014", "2014-SU", "199")]
    ['day', 'month', 'year', 'season', 'decade']
    """
    if re.fullmatch(r"\d{3}", value):
        return "decade"
    if re.fullmatch(r"\d{2}", value):
        return "century"
    part = value[5:7] if len(value) > 5 else ""
    if not part:
        return "year"
    if part.isdigit():
        return "day" if len(value) >= 10 else "month"
    return {"W": "week", "Q": "quarter", "H": "half"}.get(part[0], "season")


def display_date(entry: TimelineEntry) -> str:
    """The date as the answer shows it: "~" before an estimated one."""
    return ("~" if entry.estimated else "") + entry.date_label


# ---------------------------------------------------------------- timeline


def _text(text: str) -> str:
    """Untrusted text as HTML text (TimelineJS renders its fields as HTML)."""
    return html.escape(text, quote=False)


def _credit(refs: Sequence[SourceRef]) -> str:
    return " | ".join(" · ".join(p for p in (r.source or r.title, r.date_label) if p) for r in refs)


def _sources_html(refs: Sequence[SourceRef]) -> str:
    items = []
    for ref in refs:
        title = _text(ref.title)
        if ref.url and re.match(r"^https?://", ref.url, re.IGNORECASE):
            title = f'<a href="{html.escape(ref.url, quote=True)}">{title}</a>'
        facts = " · ".join(_text(p) for p in (ref.source, ref.date_label) if p)
        items.append(f"“{title}”" + (f" · {facts}" if facts else ""))
    return "<p>Source: " + " | ".join(items) + "</p>"


def _event_html(entry: TimelineEntry) -> str:
    parts = [f"<p>{_text(entry.text)}</p>"]
    notes = date_notes(entry)
    if notes:
        parts.append(f'<p class="tl-note">Date: {_text("; ".join(notes))}.</p>')
    parts.append(_sources_html(entry.sources))
    return "".join(parts)


def _headline(entry: TimelineEntry) -> str:
    return shorten(entry.text, HEADLINE_CHARS)


def _title(t: Timeline) -> str:
    return f"Timeline: {t.entity_name or t.topic}"


def timelinejs_event(entry: TimelineEntry) -> dict[str, Any]:
    """One TimelineJS slide. Media needs no picture: TimelineJS shows a slide without one,
    and the credit names the source."""
    first = entry.sources[0]
    return {
        "start_date": timelinejs_date(entry.date),
        "display_date": display_date(entry),
        "text": {"headline": _text(_headline(entry)), "text": _event_html(entry)},
        "media": {"url": first.url or "", "credit": _text(_credit(entry.sources)),
                  "caption": _text(first.title)},
        "unique_id": f"passage-{entry.passage_ids[0]}",
    }


def timeline_timelinejs(t: Timeline) -> bytes:
    """The timeline as TimelineJS's JSON: a title slide and one slide per event."""
    data = {
        "title": {"text": {"headline": _text(_title(t)),
                           "text": _text(f"{t.total} events from the documents.")}},
        "events": [timelinejs_event(e) for e in t.entries],
        "scale": "human",
    }
    return _json_bytes(data)


def _sheet_row(**cells: Any) -> list[str]:
    keys = {c.lower().replace(" ", "_"): c for c in SHEET_COLUMNS}
    row = dict.fromkeys(SHEET_COLUMNS, "")
    for key, value in cells.items():
        row[keys[key]] = "" if value is None else str(value)
    return [row[c] for c in SHEET_COLUMNS]


def timeline_sheet_csv(t: Timeline) -> bytes:
    """The timeline in TimelineJS's Google Sheets columns: a title row, then one row an event."""
    rows = [_sheet_row(headline=_title(t), text=f"{t.total} events from the documents.",
                       type="title")]
    for entry in t.entries:
        event = timelinejs_event(entry)
        date = event["start_date"]
        rows.append(_sheet_row(
            year=date["year"], month=date.get("month"), day=date.get("day"),
            display_date=event["display_date"], headline=event["text"]["headline"],
            text=event["text"]["text"], media=event["media"]["url"],
            media_credit=event["media"]["credit"], media_caption=event["media"]["caption"],
        ))
    return _csv_bytes(SHEET_COLUMNS, rows)


def _source_dict(ref: SourceRef) -> dict[str, Any]:
    return {"document_id": ref.document_id, "title": ref.title, "source": ref.source,
            "url": ref.url, "date": ref.date_label}


def timeline_json(t: Timeline) -> bytes:
    """The timeline's events as data: date at its precision, kind, estimated, text, sources."""
    return _json_bytes({
        "topic": t.topic, "entity": t.entity_name or None, "note": t.note or None,
        "total": t.total,
        "events": [{
            "date": e.date, "date_label": e.date_label, "precision": date_precision(e.date),
            "kind": e.kind, "estimated": e.estimated, "text": e.text,
            "sources": [_source_dict(s) for s in e.sources], "passage_ids": list(e.passage_ids),
        } for e in t.entries],
    })


# ---------------------------------------------------------------- who


def profile_json(p: ProfileExport) -> bytes:
    r = p.profile
    return _json_bytes({
        "name": r.name, "kind": r.kind, "aliases": list(r.aliases), "mentions": r.mentions,
        "documents": r.documents, "first_date": r.first_date or None,
        "last_date": r.last_date or None,
        "descriptions": [{"text": d.text, "kind": d.kind,
                          "sources": [_source_dict(s) for s in d.sources]}
                         for d in r.descriptions],
        "mentions_per_document": [{**_source_dict(d.source), "mentions": d.mentions}
                                  for d in p.documents],
        "co_mentions": [{"name": c.name, "kind": c.kind, "shared_passages": c.shared}
                        for c in p.co_mentions],
    })


def profile_csv(p: ProfileExport) -> bytes:
    """One table: the entity, then a row per description and source, per document, per
    co-mention; `section` says which."""
    r = p.profile

    def ref_cells(ref: SourceRef) -> list[Any]:
        return [ref.document_id, ref.title, ref.source or "", ref.date_label, ref.url or ""]

    rows: list[list[Any]] = [["entity", r.name, r.kind, r.mentions, "", "", "", "", ""]]
    for d in r.descriptions:
        for ref in d.sources:
            rows.append(["description", d.text, d.kind, len(d.sources), *ref_cells(ref)])
    for doc in p.documents:
        rows.append(["document", "", "", doc.mentions, *ref_cells(doc.source)])
    for c in p.co_mentions:
        rows.append(["co-mention", c.name, c.kind, c.shared, "", "", "", "", ""])
    return _csv_bytes(PROFILE_COLUMNS, rows)


# ---------------------------------------------------------------- documents


def _document_cells(d: DocumentRecord) -> dict[str, Any]:
    return {"id": d.id, "title": d.title, "source": d.source, "authors": list(d.authors),
            "url": d.url, "date": d.date or None, "date_label": d.date_label,
            "date_kind": d.date_kind or None, "format": d.format, "words": d.words,
            "passages": d.passages, "entities": d.entities, "dates": d.dates, "path": d.path,
            "ingested_at": d.ingested_at}


def documents_json(records: Iterable[DocumentRecord]) -> bytes:
    return _json_bytes([_document_cells(d) for d in records])


def documents_csv(records: Iterable[DocumentRecord]) -> bytes:
    rows = []
    for d in records:
        cells = _document_cells(d)
        cells["authors"] = "; ".join(d.authors)
        rows.append(["" if cells[c] is None else cells[c] for c in DOCUMENT_COLUMNS])
    return _csv_bytes(DOCUMENT_COLUMNS, rows)


# ---------------------------------------------------------------- files


def timeline_file(t: Timeline, fmt: str) -> ExportFile:
    name = slug(t.entity_name or t.topic)
    writers = {"csv": (timeline_sheet_csv, "csv"), "json": (timeline_json, "json"),
               "timelinejs": (timeline_timelinejs, "timelinejs.json")}
    write, suffix = writers[fmt]
    return ExportFile(f"timeline-{name}.{suffix}", write(t), _title(t), fmt)


def profile_file(p: ProfileExport, fmt: str) -> ExportFile:
    write = {"json": profile_json, "csv": profile_csv}[fmt]
    return ExportFile(f"who-{slug(p.profile.name)}.{fmt}", write(p),
                      f"Who: {p.profile.name} ({p.profile.kind})", fmt)


def documents_file(records: Sequence[DocumentRecord], fmt: str) -> ExportFile:
    write = {"json": documents_json, "csv": documents_csv}[fmt]
    return ExportFile(f"documents.{fmt}", write(records), f"Documents ({len(records)})", fmt)


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")
