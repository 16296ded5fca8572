"""Read queries behind /who, /timeline and /search. Every function takes the Database first."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from db.documents import generation

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


def entity(db: Database, entity_id: int) -> dict[str, Any] | None:
    rows = list(db["entities"].rows_where("id = ?", [entity_id], limit=1))
    return rows[0] if rows else None


def entity_aliases(db: Database, entity_id: int) -> list[str]:
    return [r["alias"] for r in db.query(
        "SELECT alias FROM aliases WHERE entity_id = ? ORDER BY count DESC", [entity_id])]


def entity_descriptions(db: Database, entity_id: int) -> list[dict[str, Any]]:
    return list(db.query(
        """
        SELECT x.text, x.kind, x.passage_id, x.document_id, d.title, d.source, d.url,
               d.date AS doc_date, d.date_granularity AS doc_granularity, d.date_kind AS doc_date_kind
        FROM descriptions x
        JOIN doc_entities de ON de.id = x.doc_entity_id
        JOIN documents d ON d.id = x.document_id
        WHERE de.entity_id = ?
        """,
        [entity_id],
    ))


def entity_mentions(db: Database, entity_id: int) -> list[dict[str, Any]]:
    """Every mention with its passage and document, for choosing excerpts."""
    return list(db.query(
        f"""
        SELECT m.start AS m_start, m.end AS m_end, m.name AS m_name, m.text AS m_text,
               {_PASSAGE_COLUMNS}
        FROM mentions m
        JOIN doc_entities de ON de.id = m.doc_entity_id
        JOIN passages p ON p.id = m.passage_id
        JOIN documents d ON d.id = m.document_id
        WHERE de.entity_id = ?
        ORDER BY d.date, p.id
        """,
        [entity_id],
    ))


def co_occurring(db: Database, entity_id: int, limit: int = 30) -> list[dict[str, Any]]:
    """Entities that share passages with this one, most shared first."""
    return list(db.query(
        """
        WITH mine AS (
            SELECT DISTINCT m.passage_id FROM mentions m
            JOIN doc_entities de ON de.id = m.doc_entity_id
            WHERE de.entity_id = ? AND m.passage_id IS NOT NULL
        )
        SELECT e.id, e.name, e.label, COUNT(DISTINCT m.passage_id) AS shared
        FROM mine JOIN mentions m ON m.passage_id = mine.passage_id
        JOIN doc_entities de ON de.id = m.doc_entity_id
        JOIN entities e ON e.id = de.entity_id
        WHERE e.id != ?
        GROUP BY e.id ORDER BY shared DESC, e.mentions DESC LIMIT ?
        """,
        [entity_id, entity_id, limit],
    ))


def passages_matching(db: Database, fts_query: str, limit: int = 200) -> list[dict[str, Any]]:
    """Passages matching an FTS5 query (already safely built), best BM25 first."""
    return list(db.query(
        f"""
        SELECT {_PASSAGE_COLUMNS}, bm25(passages_fts) AS rank,
               highlight(passages_fts, 0, char(1), char(2)) AS marked
        FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid
        JOIN documents d ON d.id = p.document_id
        WHERE passages_fts MATCH ?
        ORDER BY rank LIMIT ?
        """,
        [fts_query, limit],
    ))


def passages_of_entity(db: Database, entity_id: int, limit: int = 500) -> list[dict[str, Any]]:
    return list(db.query(
        f"""
        SELECT DISTINCT {_PASSAGE_COLUMNS}
        FROM mentions m JOIN doc_entities de ON de.id = m.doc_entity_id
        JOIN passages p ON p.id = m.passage_id JOIN documents d ON d.id = p.document_id
        WHERE de.entity_id = ? LIMIT ?
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
