"""`/search QUERY`: ranked excerpts (BM25, fuzzy fallback) with the matching words marked."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from bot.queries.matching import match_passages
from bot.queries.sources import SourceRef
from bot.queries.text import clean_query

PAGE_SIZE = 8
# highlight() wraps matches in these control characters; renderers turn them into bold.
MARK_START, MARK_END = "\x01", "\x02"


@dataclass(frozen=True)
class Hit:
    marked_text: str  # passage text with MARK_START/MARK_END around matches
    source: SourceRef
    passage_id: int


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: tuple[Hit, ...]
    total: int
    page: int
    pages: int
    note: str = ""


def search(db: Database, raw_query: str, page: int = 0) -> SearchResults:
    query = clean_query(raw_query)
    match = match_passages(db, query)
    total = len(match.ids)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    rows = match.rows(db, page * PAGE_SIZE, (page + 1) * PAGE_SIZE)
    marked = match.marked(db, rows)
    hits = tuple(Hit(marked.get(r["id"], r["text"]), SourceRef.from_row(r), r["id"]) for r in rows)
    return SearchResults(query, hits, total, page, pages, match.note)
