"""Finding the passages about a topic: FTS5 (stemmed, BM25), with a fuzzy fallback for typos.

All terms must match; if none do, any term may; if still nothing, each misspelt term is
replaced by the nearest indexed term (rapidfuzz over the FTS vocabulary), and the answer says so.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process
from sqlite_utils import Database

from bot.queries.text import BadQuery, fts_query, query_terms
from db.reads import corpus_generation, passages_matching, vocabulary

MAX_PASSAGES = 400
_vocab_cache: dict[tuple[str, int], tuple[list[str], dict[str, int]]] = {}
_lock = threading.Lock()


@dataclass
class PassageMatch:
    rows: list[dict[str, Any]]
    terms: list[str]
    note: str = ""  # how the query was relaxed or corrected, for the user
    corrections: dict[str, str] = field(default_factory=dict)


def _vocabulary(db: Database) -> tuple[list[str], dict[str, int]]:
    key = (db.conn.execute("PRAGMA database_list").fetchone()[2], corpus_generation(db))
    with _lock:
        if key not in _vocab_cache:
            _vocab_cache.clear()
            pairs = vocabulary(db)
            _vocab_cache[key] = ([t for t, _ in pairs], dict(pairs))
        return _vocab_cache[key]


def nearest_terms(db: Database, term: str, limit: int = 3) -> list[str]:
    """Indexed terms closest to a misspelt one, more frequent first among equals."""
    terms, freq = _vocabulary(db)
    if len(term) < 3:
        return []
    hits = process.extract(term, terms, scorer=fuzz.ratio, limit=10, score_cutoff=72)
    hits.sort(key=lambda h: (-h[1], -freq.get(h[0], 0)))
    return [h[0] for h in hits[:limit]]


def match_passages(db: Database, query: str, limit: int = MAX_PASSAGES) -> PassageMatch:
    terms = query_terms(query)
    if not terms:
        raise BadQuery("That query has only very common words; try a name or a topic, "
                       "e.g. `sanctions` or `peace treaty`.")
    rows = passages_matching(db, fts_query(terms), limit)
    if rows:
        return PassageMatch(rows, terms)
    if len(terms) > 1:
        rows = passages_matching(db, fts_query(terms, any_term=True), limit)
        if rows:
            return PassageMatch(rows, terms, note="No passage has all of those words; "
                                "showing passages with any of them.")
    corrections = {}
    for term in terms:
        near = nearest_terms(db, term, 1)
        if near and near[0] != term:
            corrections[term] = near[0]
    if corrections:
        fixed = [corrections.get(t, t) for t in terms]
        rows = passages_matching(db, fts_query(fixed, any_term=len(fixed) > 1), limit)
        if rows:
            said = ", ".join(f"“{a}” → “{b}”" for a, b in corrections.items())
            return PassageMatch(rows, fixed, note=f"Nothing matched exactly; showing the nearest "
                                f"terms in the documents ({said}).", corrections=corrections)
    return PassageMatch([], terms)
