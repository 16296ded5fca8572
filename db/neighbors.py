"""Reads for dating a document by the dated documents that report the same events.

An undated story names the people, places and bodies its event involves; dated stories naming
the same ones were written at about the same time (`bot.pipeline.dating.estimate`). These
queries read only the documents sharing an entity with the one being dated, at most `limit`.
"""

from __future__ import annotations

from sqlite_utils import Database


def document_names(db: Database, document_id: int) -> frozenset[str]:
    """The names of the entities the document mentions, as it writes them."""
    rows = db.execute("SELECT DISTINCT name FROM doc_entities WHERE document_id = ?",
                      [document_id]).fetchall()
    return frozenset(str(r[0]) for r in rows if r[0])


def dated_neighbors(db: Database, document_id: int, *, limit: int = 50
                    ) -> list[tuple[int, int, frozenset[str]]]:
    """(id, year, names) of the dated documents sharing the most entities with this one.

    Only dates a document states or was given count: an estimate is never evidence for another.
    """
    rows = db.execute(
        """
        WITH near AS (
            SELECT other.document_id AS id, COUNT(DISTINCT other.entity_id) AS shared
            FROM doc_entities mine
            JOIN doc_entities other
              ON other.entity_id = mine.entity_id AND other.document_id != mine.document_id
            JOIN documents d ON d.id = other.document_id
            WHERE mine.document_id = ? AND d.date IS NOT NULL AND d.date_kind != 'estimated'
            GROUP BY other.document_id
            ORDER BY shared DESC, other.document_id
            LIMIT ?
        )
        SELECT near.id, substr(d.date, 1, 4), de.name
        FROM near
        JOIN documents d ON d.id = near.id
        JOIN doc_entities de ON de.document_id = near.id
        """,
        [document_id, limit],
    ).fetchall()
    found: dict[int, tuple[int, set[str]]] = {}
    for doc_id, year, name in rows:
        found.setdefault(int(doc_id), (int(year), set()))[1].add(str(name))
    return [(doc_id, year, frozenset(names)) for doc_id, (year, names) in found.items()]


def stated_years(db: Database, document_id: int) -> list[int]:
    """The years the document's text names itself (absolute dates, not resolved ones)."""
    rows = db.execute(
        "SELECT value FROM time_expressions WHERE document_id = ? AND type = 'DATE' "
        "AND anchored = 0 AND value GLOB '[12][0-9][0-9][0-9]*'", [document_id]).fetchall()
    return [int(str(r[0])[:4]) for r in rows]
