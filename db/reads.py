"""Read queries behind /who, /timeline and /search. Every function takes the Database first."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from db.documents import generation
from db.schema import FTS_TOKENIZE

_PASSAGE_COLUMNS = """
    p.id, p.document_id, p.paragraph, p.sentence, p.start, p.text, p.event_date,
    p.event_granularity, p.event_kind, p.event_estimated, p.event_text,
    d.title, d.source, d.url, d.date AS doc_date, d.date_granularity AS doc_granularity,
    d.date_kind AS doc_date_kind
"""


def corpus_generation(db: Database) -> int:
    """Changes whenever documents change or entities are regrouped: a cache key."""
    return generation(db)


def all_aliases(db: Database) -> list[dict[str, Any]]:
    """Every alias of every entity, with what ranking needs."""
    return list(db.query(
        "SELECT a.entity_id, a.alias, a.norm, e.name, e.label, e.mentions "
        "FROM aliases a JOIN entities e ON e.id = a.entity_id"
    ))


def entity_epochs(db: Database) -> tuple[int, int]:
    """(epoch, epoch of the last full regrouping): the epoch changes whenever entities are
    regrouped (not when only passages change)."""
    values = dict(db.execute(
        "SELECT key, value FROM state WHERE key IN ('entities_epoch', 'entities_full_epoch')"
    ).fetchall())
    return (int(values.get("entities_epoch") or 0), int(values.get("entities_full_epoch") or 0))


def entities_changed_since(db: Database, epoch: int) -> list[int] | None:
    """Entities rewritten or removed by the regroupings after `epoch`; None if that history
    is no longer kept (the caller rebuilds)."""
    oldest = db.execute("SELECT MIN(epoch) FROM entity_changes").fetchone()[0]
    if oldest is None or oldest > epoch + 1:
        return None
    return [r[0] for r in db.execute(
        "SELECT DISTINCT entity_id FROM entity_changes WHERE epoch > ?", [epoch])]


def aliases_of(db: Database, entity_ids: Sequence[int]) -> list[dict[str, Any]]:
    """`all_aliases` for some entities only."""
    return list(db.query(
        "SELECT a.entity_id, a.alias, a.norm, e.name, e.label, e.mentions "
        "FROM aliases a JOIN entities e ON e.id = a.entity_id "
        "WHERE a.entity_id IN (SELECT value FROM json_each(?))", [json.dumps(list(entity_ids))]
    ))


def entity(db: Database, entity_id: int) -> dict[str, Any] | None:
    rows = list(db["entities"].rows_where("id = ?", [entity_id], limit=1))
    return rows[0] if rows else None


def entity_aliases(db: Database, entity_id: int) -> list[str]:
    return [r["alias"] for r in db.query(
        "SELECT alias FROM aliases WHERE entity_id = ? ORDER BY count DESC", [entity_id])]


# An entity's `:records` records that name it most (`:e` the entity), read in that order
# through the index on (entity_id, mentions) (migration m016): what /who reads of an entity
# costs the same for a name in ten documents and for one in ten thousand.
_TOP_RECORDS = ("SELECT id FROM doc_entities WHERE entity_id = :e "
                "ORDER BY mentions DESC, id LIMIT :records")


def entity_descriptions(db: Database, entity_id: int, limit: int = 50,
                        records: int = 150) -> list[dict[str, Any]]:
    """What the documents say the entity is: the first `limit` descriptions among its
    `records` records that name it most (read through an index, so a much-covered name costs
    what a modest one does)."""
    return list(db.query(
        f"""
        SELECT x.text, x.kind, x.passage_id, x.document_id, d.title, d.source, d.url,
               d.date AS doc_date, d.date_granularity AS doc_granularity, d.date_kind AS doc_date_kind
        FROM descriptions x
        JOIN documents d ON d.id = x.document_id
        WHERE x.doc_entity_id IN ({_TOP_RECORDS})
        ORDER BY x.id LIMIT :limit
        """,
        {"e": entity_id, "records": records, "limit": limit},
    ))


# A /who answer picks its excerpts among the entity's records in this many documents, those
# naming it most: every entity up to that size is read whole, a much-covered one in O(page).
EXCERPT_RECORDS = 40
# A term matching more passages than this is ranked over its newest this-many (FTS5 walks its
# matches newest first and stops), not over every match: "said" matches a third of a corpus.
COMMON_MATCHES = 2_000
_SCRATCH = "passages_marking"  # per connection, in its temp schema: see `highlighted`
_marking = threading.Lock()


def excerpt_candidates(db: Database, entity_id: int, limit: int = 5,
                       per_document: int = 2) -> list[dict[str, Any]]:
    """The entity's most informative passages, best first, at most `per_document` from one
    document, chosen in SQL. Per passage its first mention counts; a passage scores for
    describing the entity (+3), a full name (+1.5), naming it near the start (+1.5), and a
    readable length (60–320 characters: +1, else −1); ties go to the older document."""
    return list(db.query(
        f"""
        WITH records AS ({_TOP_RECORDS}), first_mentions AS (
            SELECT m.passage_id, MIN(m.id) AS mention_id FROM mentions m
            WHERE m.doc_entity_id IN (SELECT id FROM records) AND m.passage_id IS NOT NULL
            GROUP BY m.passage_id
        ), described AS (
            SELECT DISTINCT x.passage_id FROM descriptions x
            WHERE x.doc_entity_id IN (SELECT id FROM records) AND x.passage_id IS NOT NULL
        ), scored AS (
            SELECT f.passage_id AS pid, f.mention_id AS mid, p.document_id AS doc,
                   COALESCE(d.date, '') AS dd,
                   (CASE WHEN f.passage_id IN (SELECT passage_id FROM described) THEN 3.0 ELSE 0 END
                    + CASE WHEN instr(trim(m.name), ' ') > 0 THEN 1.5 ELSE 0 END
                    + CASE WHEN m.start - p.start <= 25 THEN 1.5 ELSE 0 END
                    + CASE WHEN p."end" - p.start BETWEEN 60 AND 320 THEN 1.0 ELSE -1.0 END
                   ) AS score
            FROM first_mentions f JOIN mentions m ON m.id = f.mention_id
            JOIN passages p ON p.id = f.passage_id JOIN documents d ON d.id = p.document_id
        ), ranked AS (
            SELECT pid, mid, score, dd,
                   ROW_NUMBER() OVER (PARTITION BY doc ORDER BY score DESC, dd, pid) AS nth
            FROM scored
        ), top AS (
            SELECT pid, mid, score, dd FROM ranked WHERE nth <= :per_document
            ORDER BY score DESC, dd, pid LIMIT :limit
        )
        SELECT m.start AS m_start, m.end AS m_end, m.name AS m_name, m.text AS m_text,
               {_PASSAGE_COLUMNS}
        FROM top JOIN mentions m ON m.id = top.mid JOIN passages p ON p.id = top.pid
        JOIN documents d ON d.id = p.document_id
        ORDER BY top.score DESC, top.dd, top.pid
        """,
        {"e": entity_id, "records": EXCERPT_RECORDS, "per_document": per_document,
         "limit": limit},
    ))


def entity_mentions(db: Database, entity_id: int, passage_ids: Sequence[int]) -> list[dict[str, Any]]:
    """The entity's mentions in the given passages (spans to bold in its excerpts). Read from
    the passages' mentions (CROSS JOIN fixes that order): left to itself SQLite walked every
    record of the entity, thousands for a much-covered name."""
    return list(db.query(
        """
        SELECT m.passage_id, m.start - p.start AS s, m.end - p.start AS e
        FROM json_each(?) j CROSS JOIN mentions m ON m.passage_id = j.value
        CROSS JOIN doc_entities de ON de.id = m.doc_entity_id
        JOIN passages p ON p.id = m.passage_id
        WHERE de.entity_id = ?
        """,
        [json.dumps(list(passage_ids)), entity_id],
    ))


def member_names(db: Database, entity_id: int, records: int = 150) -> list[str]:
    """The names the entity's records go by, most mentioned first, over its `records` records
    that name it most: every name a much-covered entity is often called, read in O(records)."""
    return [r[0] for r in db.execute(
        f"SELECT name, SUM(mentions) AS n FROM doc_entities WHERE id IN ({_TOP_RECORDS}) "
        "GROUP BY name ORDER BY n DESC, name",
        {"e": entity_id, "records": records})]


def co_occurring(db: Database, entity_id: int, limit: int = 30) -> list[dict[str, Any]]:
    """Entities that share passages with this one, most shared first (the `cooccurrence`
    table, kept by the regrouping). Ties on `shared` go to the more mentioned entity, among the
    top `limit` × 10 pairs read through the rank index: a name with 20k companions is not
    joined whole."""
    return list(db.query(
        """
        SELECT e.id, e.name, e.label, c.shared
        FROM (SELECT other_id, shared FROM cooccurrence WHERE entity_id = ?
              ORDER BY shared DESC LIMIT ?) c
        JOIN entities e ON e.id = c.other_id
        ORDER BY c.shared DESC, e.mentions DESC, e.id LIMIT ?
        """,
        [entity_id, limit * 10, limit],
    ))


def ranked_passages(db: Database, fts_query: str, limit: int = 200,
                    common: int = COMMON_MATCHES) -> list[int]:
    """Ids of the passages matching an FTS5 query (already safely built), best BM25 first:
    the top `limit` chosen inside FTS5, before any join. A query matching more than `common`
    passages is ranked over its `common` newest matches only."""
    matches = db.execute(
        "SELECT COUNT(*) FROM (SELECT 1 FROM passages_fts WHERE passages_fts MATCH ? LIMIT ?)",
        [fts_query, common + 1]).fetchone()[0]
    if matches <= common:
        rows = db.execute(
            "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rank LIMIT ?",
            [fts_query, limit])
    else:
        rows = db.execute(
            "SELECT id FROM (SELECT rowid AS id, bm25(passages_fts) AS score FROM passages_fts "
            "WHERE passages_fts MATCH ? ORDER BY rowid DESC LIMIT ?) ORDER BY score, id LIMIT ?",
            [fts_query, common, limit])
    return [r[0] for r in rows]


def passage_rows(db: Database, passage_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Passages with their documents, in the order of `passage_ids`."""
    rows = {r["id"]: r for r in db.query(
        f"SELECT {_PASSAGE_COLUMNS} FROM passages p JOIN documents d ON d.id = p.document_id "
        "WHERE p.id IN (SELECT value FROM json_each(?))", [json.dumps(list(passage_ids))])}
    return [rows[i] for i in passage_ids if i in rows]


def highlighted(db: Database, fts_query: str, passage_ids: Sequence[int]) -> dict[int, str]:
    """The text of each given passage with the query's matches between \x01 and \x02.

    Marked in a scratch FTS5 table (temp schema, same tokenizer) holding just these passages:
    on the corpus's index, `MATCH ? AND rowid = ?` walks the term's whole doclist, so marking
    a page of "minister OR vote" cost 9 ms a row at 100k documents and grew with the corpus.
    """
    if not passage_ids:
        return {}
    with _marking:  # one scratch table per connection, and a connection may serve threads
        was_in_transaction = db.conn.in_transaction
        db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{_SCRATCH} USING fts5(text, "
                   f"tokenize='{FTS_TOKENIZE}')")
        try:
            db.execute(f"INSERT INTO temp.{_SCRATCH} (rowid, text) SELECT id, text FROM passages "
                       "WHERE id IN (SELECT value FROM json_each(?))",
                       [json.dumps(list(passage_ids))])
            out = {row[0]: row[1] for row in db.execute(
                f"SELECT rowid, highlight({_SCRATCH}, 0, char(1), char(2)) "
                f"FROM temp.{_SCRATCH} WHERE {_SCRATCH} MATCH ?", [fts_query])}
        finally:
            db.execute(f"DELETE FROM temp.{_SCRATCH}")
            if not was_in_transaction and db.conn.in_transaction:
                db.conn.commit()  # the implicit transaction of the scratch writes: no snapshot
    return out


def passages_of_entity(db: Database, entity_id: int, limit: int = 500) -> list[dict[str, Any]]:
    """Dated passages that mention the entity (what a timeline can place), at most `limit`."""
    return list(db.query(
        f"""
        SELECT DISTINCT {_PASSAGE_COLUMNS}
        FROM mentions m JOIN doc_entities de ON de.id = m.doc_entity_id
        JOIN passages p ON p.id = m.passage_id JOIN documents d ON d.id = p.document_id
        WHERE de.entity_id = ? AND p.event_date IS NOT NULL LIMIT ?
        """,
        [entity_id, limit],
    ))


def vocabulary(db: Database) -> list[tuple[str, int]]:
    """Every indexed (stemmed) term with its document count: the typo fallback's dictionary."""
    return [(r["term"], r["doc"]) for r in db.query("SELECT term, doc FROM passages_fts_vocab")]


def document_counts(db: Database, document_id: int) -> dict[str, int]:
    """How many people, places and dates one document holds (for the "added" message)."""
    row = db.execute(
        "SELECT "
        "(SELECT COUNT(*) FROM doc_entities WHERE document_id = :d AND label = 'PERSON'), "
        "(SELECT COUNT(*) FROM doc_entities WHERE document_id = :d "
        " AND label IN ('GPE', 'LOC', 'FAC')), "
        "(SELECT COUNT(*) FROM time_expressions WHERE document_id = :d)",
        {"d": document_id},
    ).fetchone()
    return {"people": int(row[0]), "places": int(row[1]), "dates": int(row[2])}
