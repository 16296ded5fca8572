"""What an export holds: the /timeline and /who answers whole, and the document list.

An export is built from the same results the answers render (`timeline`, `who`), so a file
always says what the answer said — only all of it: every page of a timeline, every
description, the mentions in each document, the co-mentions past the answer's top five.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlite_utils import Database

from bot.pipeline.dating.display import document_date
from bot.queries.sources import SourceRef
from bot.queries.timeline import Timeline, timeline
from bot.queries.who import KIND_NAMES, NotFound, WhoResult, who
from db.exports import document_metadata, entity_documents
from db.reads import co_occurring

# TimelineJS draws a few hundred slides at most; an export stops there.
MAX_TIMELINE_PAGES = 50
MAX_CO_MENTIONS = 100


@dataclass(frozen=True)
class DocumentMentions:
    source: SourceRef
    mentions: int


@dataclass(frozen=True)
class CoMention:
    name: str
    kind: str  # "person", "organization", … as /who says it
    shared: int  # passages that mention both


@dataclass(frozen=True)
class ProfileExport:
    profile: WhoResult
    documents: tuple[DocumentMentions, ...]
    co_mentions: tuple[CoMention, ...]


@dataclass(frozen=True)
class DocumentRecord:
    id: int
    title: str
    source: str
    authors: tuple[str, ...]
    url: str
    date: str  # TIMEX3 value at its precision, "" when undated
    date_label: str  # "18 Sep 2020", "2016 (estimated)", "undated"
    date_kind: str  # given | dateline | stated | estimated
    format: str
    words: int
    passages: int
    entities: int
    dates: int
    path: str
    ingested_at: str


def whole_timeline(db: Database, raw_topic: str) -> Timeline:
    """Every entry of the `/timeline` answer, page after page, as one page.

    It reads the answer's own pages, so the export lists exactly the events the answer shows.
    """
    first = timeline(db, raw_topic, 0)
    entries = list(first.entries)
    for page in range(1, min(first.pages, MAX_TIMELINE_PAGES)):
        entries.extend(timeline(db, raw_topic, page).entries)
    return replace(first, entries=tuple(entries), page=0, pages=1)


def profile_export(db: Database, raw_name: str) -> ProfileExport | NotFound:
    """The `/who` answer's profile with the mentions per document and every co-mention."""
    result = who(db, raw_name)
    if isinstance(result, NotFound):
        return result
    documents = tuple(
        DocumentMentions(SourceRef.from_row(row), int(row["mentions"] or 0))
        for row in entity_documents(db, result.entity_id)
    )
    co_mentions = tuple(
        CoMention(row["name"], KIND_NAMES.get(row["label"], str(row["label"]).lower()),
                  int(row["shared"]))
        for row in co_occurring(db, result.entity_id, limit=MAX_CO_MENTIONS)
    )
    return ProfileExport(result, documents, co_mentions)


def document_records(db: Database) -> list[DocumentRecord]:
    """Every document's metadata, oldest first (undated last)."""
    return [_record(row) for row in document_metadata(db)]


def _record(row: Mapping[str, Any]) -> DocumentRecord:
    return DocumentRecord(
        id=row["id"], title=row["title"] or "", source=row["source"] or "",
        authors=tuple(_authors(row["authors"])), url=row["url"] or "", date=row["date"] or "",
        date_label=document_date(row["date"], row["date_granularity"] or "", row["date_kind"]),
        date_kind=row["date_kind"] or "", format=row["format"] or "", words=row["words"] or 0,
        passages=row["passages"], entities=row["entities"], dates=row["dates"],
        path=row["path"] or "", ingested_at=row["ingested_at"] or "",
    )


def _authors(raw: str | None) -> list[str]:
    try:
        authors = json.loads(raw or "[]")
    except ValueError:
        return [raw] if raw else []
    return [str(a) for a in authors] if isinstance(authors, list) else []
