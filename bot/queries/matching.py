"""Finding the passages about a topic: FTS5 (stemmed, BM25), with a fuzzy fallback for typos.

All terms must match; if none do, any term may; if still nothing, each misspelt term is
replaced by the nearest indexed term (rapidfuzz over the FTS vocabulary), and the answer says so.
A word of a script written without spaces (Chinese, Japanese, Thai…) is matched inside the
indexed terms that contain it, since the tokenizer keeps a whole run of such text as one term.

A match is the ranked passage ids (top-k inside FTS5); callers read the rows they show
(`rows`, `marked`), so an answer costs its page, not every match. The vocabulary is cached
per database and refreshed in a background thread when the corpus changes: a query never
waits for it, except the very first one.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process
from sqlite_utils import Database

from bot.queries.text import BadQuery, fts_query, query_terms, written_without_spaces
from db.connection import open_db
from db.reads import corpus_generation, highlighted, passage_rows, ranked_passages, vocabulary

MAX_PASSAGES = 400
MAX_CONTAINING = 40  # indexed terms an unspaced word expands to (the most frequent)
_vocab_cache: dict[str, tuple[int, Vocabulary]] = {}  # file → (generation, vocabulary)
_refreshing: set[str] = set()
_lock = threading.Lock()
log = logging.getLogger(__name__)


@dataclass
class PassageMatch:
    ids: list[int]  # best first
    terms: list[str]
    note: str = ""  # how the query was relaxed or corrected, for the user
    corrections: dict[str, str] = field(default_factory=dict)
    fts: str = ""  # the FTS5 query that matched

    def rows(self, db: Database, start: int = 0, stop: int | None = None) -> list[dict[str, Any]]:
        """The matched passages ids[start:stop] with their documents."""
        return passage_rows(db, self.ids[start:stop])

    def marked(self, db: Database, rows: list[dict[str, Any]]) -> dict[int, str]:
        """Each row's text with the matched words between MARK_START and MARK_END."""
        return highlighted(db, self.fts, [r["id"] for r in rows])


@dataclass(frozen=True)
class Vocabulary:
    """The FTS index's terms, with what the fallbacks look them up by: how many passages hold
    each, terms by the keys of their first three letters (a typo is compared with the terms
    sharing a key, not with a million), and the terms of unspaced scripts."""

    freq: dict[str, int]
    by_key: dict[str, list[str]]
    unspaced: list[str]

    @classmethod
    def of(cls, pairs: list[tuple[str, int]]) -> Vocabulary:
        by_key: dict[str, list[str]] = defaultdict(list)
        for term, _ in pairs:
            for key in start_keys(term):
                by_key[key].append(term)
        return cls(dict(pairs), dict(by_key), [t for t, _ in pairs if written_without_spaces(t)])

    def near(self, term: str) -> set[str]:
        """The terms sharing a start key with `term`."""
        return {t for key in start_keys(term) for t in self.by_key.get(key, ())}


def start_keys(term: str) -> set[str]:
    """Letters 1–2, 2–3 and 1+3: one typo among the first letters (a wrong, missing or extra
    letter) leaves a key shared with the right word; a stemmed ending changes none.

    >>> sorted(start_keys("sanction")), sorted(start_keys("xanctions") & start_keys("sanction"))
    (['an', 'sa', 'sn'], ['an'])
    """
    return {term[0:2], term[1:3], term[0] + term[2:3]}


def _load_vocabulary(db: Database) -> Vocabulary:
    return Vocabulary.of(vocabulary(db))


def _refresh_in_background(path: str, generation: int) -> None:
    """Rebuild a file's vocabulary on its own connection, then swap it in."""
    try:
        db = open_db(path, check_same_thread=False)
        try:
            fresh = _load_vocabulary(db)
        finally:
            db.conn.close()
        with _lock:
            _vocab_cache[path] = (generation, fresh)
    except Exception:  # a failed refresh leaves the older vocabulary in use
        log.exception("vocabulary refresh failed path=%s", path)
    finally:
        with _lock:
            _refreshing.discard(path)


def _vocabulary(db: Database) -> Vocabulary:
    """The FTS vocabulary: built on first use, then refreshed off the request path."""
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    generation = corpus_generation(db)
    with _lock:
        cached = _vocab_cache.get(path)
        if cached is not None and (cached[0] == generation or not path):
            return cached[1]
        if cached is not None:
            if path not in _refreshing:
                _refreshing.add(path)
                threading.Thread(target=_refresh_in_background, args=(path, generation),
                                 daemon=True, name="vocabulary-refresh").start()
            return cached[1]
    fresh = _load_vocabulary(db)
    with _lock:
        _vocab_cache[path] = (generation, fresh)
    return fresh


def nearest_terms(db: Database, term: str, limit: int = 3) -> list[str]:
    """Indexed terms closest to a misspelt one, more frequent first among equals."""
    if len(term) < 3:
        return []
    vocab = _vocabulary(db)
    hits = process.extract(term, sorted(vocab.near(term)), scorer=fuzz.ratio, limit=10,
                           score_cutoff=72)
    hits.sort(key=lambda h: (-h[1], -vocab.freq.get(h[0], 0), h[0]))
    return [h[0] for h in hits[:limit]]


def containing_terms(db: Database, word: str, limit: int = MAX_CONTAINING) -> list[str]:
    """Indexed terms of unspaced scripts that contain `word`, most frequent first."""
    vocab = _vocabulary(db)
    hits = [t for t in vocab.unspaced if word in t]
    hits.sort(key=lambda t: (-vocab.freq.get(t, 0), t))
    return hits[:limit]


def _widened(db: Database, terms: list[str]) -> dict[str, list[str]]:
    """Each term with what it matches: an unspaced word, the indexed terms containing it; any
    other term, itself. Empty when no term is unspaced (nothing to widen)."""
    if not any(written_without_spaces(t) for t in terms):
        return {}
    return {t: containing_terms(db, t) if written_without_spaces(t) else [t] for t in terms}


def _unspaced_query(widened: dict[str, list[str]], *, any_term: bool = False) -> str:
    """The FTS5 query with each unspaced word widened (`_widened`); "" if there is nothing to
    widen, or (all terms wanted) a word is found in no term."""
    if not widened or (not any_term and not all(widened.values())):
        return ""
    groups = ["(" + fts_query(found, any_term=True) + ")" for found in widened.values() if found]
    return (" OR " if any_term else " AND ").join(groups)


def match_passages(db: Database, query: str, limit: int = MAX_PASSAGES) -> PassageMatch:
    terms = query_terms(query)
    if not terms:
        raise BadQuery("That query has only very common words; try a name or a topic, "
                       "e.g. `sanctions` or `peace treaty`.")
    fts = fts_query(terms)
    ids = ranked_passages(db, fts, limit)
    if ids:
        return PassageMatch(ids, terms, fts=fts)
    widened = _widened(db, terms)  # read once for both queries below
    fts = _unspaced_query(widened)
    ids = ranked_passages(db, fts, limit) if fts else []
    if ids:
        return PassageMatch(ids, terms, fts=fts)
    if len(terms) > 1:
        fts = fts_query(terms, any_term=True)
        ids = ranked_passages(db, fts, limit)
        if not ids and (fts := _unspaced_query(widened, any_term=True)):
            ids = ranked_passages(db, fts, limit)
        if ids:
            return PassageMatch(ids, terms, note="No passage has all of those words; "
                                "showing passages with any of them.", fts=fts)
    corrections = {}
    for term in terms:
        near = nearest_terms(db, term, 1)
        if near and near[0] != term:
            corrections[term] = near[0]
    if corrections:
        fixed = [corrections.get(t, t) for t in terms]
        fts = fts_query(fixed, any_term=len(fixed) > 1)
        ids = ranked_passages(db, fts, limit)
        if ids:
            said = ", ".join(f"“{a}” → “{b}”" for a, b in corrections.items())
            return PassageMatch(ids, fixed, note=f"Nothing matched exactly; showing the nearest "
                                f"terms in the documents ({said}).", corrections=corrections,
                                fts=fts)
    return PassageMatch([], terms)
