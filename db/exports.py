"""Read queries behind the exports (`newsdesk export`, the Export button). Database first.

They read what an answer does not show in full: every document's metadata, and how often an
entity is mentioned in each document.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database


def document_metadata(db: Database) -> list[dict[str, Any]]:
    """Every document's metadata and counts, oldest publication date first (undated last).

    The whole corpus by design: this is the export of the document list, one row a document.
    """
    return list(db.query(
        """
        SELECT d.id, d.title, d.source, d.authors, d.url, d.date, d.date_granularity,
               d.date_kind, d.format, d.words, d.path, d.ingested_at, d.updated_at,
               (SELECT COUNT(*) FROM passages p WHERE p.document_id = d.id) AS passages,
               (SELECT COUNT(*) FROM doc_entities e WHERE e.document_id = d.id) AS entities,
               (SELECT COUNT(*) FROM time_expressions t WHERE t.document_id = d.id) AS dates
        FROM documents d
        ORDER BY d.date IS NULL, d.date, d.id
        """
    ))


def entity_documents(db: Database, entity_id: int) -> list[dict[str, Any]]:
    """The documents that mention an entity, with its mentions in each, in date order."""
    return list(db.query(
        """
        SELECT de.document_id, SUM(de.mentions) AS mentions, d.title, d.source, d.url,
               d.date AS doc_date, d.date_granularity AS doc_granularity,
               d.date_kind AS doc_date_kind
        FROM doc_entities de JOIN documents d ON d.id = de.document_id
        WHERE de.entity_id = ?
        GROUP BY de.document_id
        ORDER BY d.date IS NULL, d.date, de.document_id
        """,
        [entity_id],
    ))
