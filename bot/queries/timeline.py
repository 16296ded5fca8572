"""`/timeline TOPIC`: the events about a topic in calendar order, dated from the text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from sqlite_utils import Database

from bot.pipeline.dating.display import date_sort_key, format_date, is_calendar_date, year_of
from bot.queries.matching import match_passages
from bot.queries.names import find_entity
from bot.queries.sources import SourceRef
from bot.queries.text import clean_query
from db.reads import passages_of_entity

PAGE_SIZE = 12
SAME_EVENT = 62  # token-set similarity above which two same-dated passages tell one event


@dataclass(frozen=True)
class TimelineEntry:
    date: str  # TIMEX3 value
    date_label: str  # "Mar 2014"
    kind: str  # own | inherited | reported
    estimated: bool
    text: str
    sources: tuple[SourceRef, ...]
    passage_ids: tuple[int, ...]

    @property
    def year(self) -> str:
        return year_of(self.date)


@dataclass(frozen=True)
class Timeline:
    topic: str
    entries: tuple[TimelineEntry, ...]  # this page's entries
    total: int
    page: int
    pages: int
    note: str = ""
    entity_name: str = ""  # set when the topic was taken as an entity
    undated: int = 0  # passages about the topic that give no calendar date (not on the timeline)


def timeline(db: Database, raw_topic: str, page: int = 0) -> Timeline:
    topic = clean_query(raw_topic)
    rows, note, entity_name = _topic_passages(db, topic)
    dated = [r for r in rows if is_calendar_date(r["event_date"])]
    entries = merge_events(sorted(
        dated, key=lambda r: (date_sort_key(r["event_date"]), r["doc_date"] or "", r["id"])))
    pages = max(1, -(-len(entries) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    return Timeline(topic, tuple(entries[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]),
                    len(entries), page, pages, note, entity_name, undated=len(rows) - len(dated))


def _topic_passages(db: Database, topic: str) -> tuple[list[dict[str, Any]], str, str]:
    """Passages about the topic; an entity's name also brings every passage mentioning it."""
    entity = find_entity(db, topic).best
    strong_entity = entity is not None and entity.score >= 90
    try:
        match = match_passages(db, topic)
    except ValueError:
        if not strong_entity:
            raise
        match = None
    rows = {r["id"]: r for r in (match.rows(db) if match else [])}
    name = ""
    if strong_entity and (match is None or not match.note):
        for row in passages_of_entity(db, entity.entity_id):
            rows.setdefault(row["id"], row)
        name = entity.name
    return list(rows.values()), (match.note if match and not name else ""), name


def merge_events(rows: Sequence[Mapping[str, Any]]) -> list[TimelineEntry]:
    """One entry per event: same-dated passages from different articles that tell the same
    thing are merged, listing every source."""
    entries: list[dict[str, Any]] = []
    for row in rows:
        for entry in reversed(entries[-6:]):
            if entry["date"] != row["event_date"]:
                continue
            if row["document_id"] in entry["docs"]:
                continue
            if fuzz.token_set_ratio(entry["text"], row["text"]) >= SAME_EVENT:
                entry["docs"][row["document_id"]] = SourceRef.from_row(row)
                entry["ids"].append(row["id"])
                break
        else:
            entries.append({
                "date": row["event_date"], "granularity": row["event_granularity"] or "",
                "kind": row["event_kind"] or "own", "estimated": bool(row["event_estimated"]),
                "text": row["text"], "docs": {row["document_id"]: SourceRef.from_row(row)},
                "ids": [row["id"]],
            })
    return [
        TimelineEntry(e["date"], format_date(e["date"], e["granularity"]), e["kind"],
                      e["estimated"], e["text"], tuple(e["docs"].values()), tuple(e["ids"]))
        for e in entries
    ]
