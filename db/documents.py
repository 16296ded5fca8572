"""Writing, reading and removing documents with everything derived from them.

`save_document` writes one analyzed document in one transaction: a crash (even kill -9)
leaves either the old version or the new one, never half of either.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator, Mapping
from typing import Any

from sqlite_utils import Database

from bot.models import AnalyzedDocument, Article, DocDate
from db.connection import write_transaction

# Set by the migration to name slots (m012): only a full regrouping brings such a store up to
# date. Older versions also set it, with the time, on every removal.
ENTITIES_STALE = "entities_stale"
ENTITIES_STALE_AT = "entities_stale_at"
# When records were last stored or removed (epoch seconds): records still without a name slot,
# or removed slots not dealt with, long after that were left by a writer that died first.
RECORDS_ADDED_AT = "records_added_at"
GENERATION = "corpus_generation"


class DuplicateDocument(ValueError):
    """Another path already holds exactly this content; nothing was written."""

    def __init__(self, document_id: int) -> None:
        super().__init__(f"same content as document {document_id}")
        self.document_id = document_id


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _next_id(db: Database, table: str) -> int:
    return (db.execute(f"SELECT COALESCE(MAX(id), 0) FROM [{table}]").fetchone()[0]) + 1


def find_document(db: Database, path: str) -> dict[str, Any] | None:
    rows = list(db["documents"].rows_where("path = ?", [path], limit=1))
    return rows[0] if rows else None


def find_by_hash(
    db: Database, content_hash: str, *, other_than: str | None = None
) -> dict[str, Any] | None:
    """A document with this content hash (stored under a path other than `other_than`)."""
    if other_than is None:
        rows = db["documents"].rows_where("content_hash = ?", [content_hash], limit=1)
    else:
        rows = db["documents"].rows_where("content_hash = ? AND path != ?",
                                          [content_hash, other_than], limit=1)
    return next(iter(rows), None)


def get_document(db: Database, document_id: int) -> dict[str, Any] | None:
    rows = list(db["documents"].rows_where("id = ?", [document_id], limit=1))
    return rows[0] if rows else None


def bump_generation(db: Database) -> None:
    """Count every change to the corpus (documents written or removed, entities regrouped):
    caches of names and terms are keyed on this number, read in O(1) per query."""
    db.execute(
        "INSERT INTO state (key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET "
        "value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)", [GENERATION]
    )


def generation(db: Database) -> int:
    row = db.execute("SELECT value FROM state WHERE key = ?", [GENERATION]).fetchone()
    return int(row[0]) if row and str(row[0]).isdecimal() else 0


def entities_stale(db: Database) -> bool:
    row = db.execute("SELECT value FROM state WHERE key = ?", [ENTITIES_STALE]).fetchone()
    return bool(row and row[0] == "1")


def entities_stale_for(db: Database) -> float | None:
    """Seconds since the entities went stale (None when they are fresh).

    A store marked stale before this was recorded counts as stale for ever (infinity).
    """
    if not entities_stale(db):
        return None
    return _seconds_since(db, ENTITIES_STALE_AT)


def entities_behind_for(db: Database) -> float | None:
    """Seconds the entities have lagged the stored records (None when they are up to date).

    Stale (a store marked so by an older version: only a full regrouping undoes it), new
    records not yet grouped, or slots whose records a removed or replaced document took away
    (an ingest or a removal stopped before regrouping).
    """
    stale_for = entities_stale_for(db)
    if stale_for is not None:
        return stale_for
    behind = (db.execute("SELECT 1 FROM doc_entities WHERE family IS NULL LIMIT 1").fetchone()
              or db.execute("SELECT 1 FROM removed_slots LIMIT 1").fetchone())
    return _seconds_since(db, RECORDS_ADDED_AT) if behind else None


def _seconds_since(db: Database, key: str) -> float:
    row = db.execute("SELECT value FROM state WHERE key = ?", [key]).fetchone()
    try:
        return max(0.0, time.time() - float(row[0])) if row else float("inf")
    except ValueError:
        return float("inf")


def save_document(
    db: Database,
    analyzed: AnalyzedDocument,
    *,
    path: str,
    content_hash: str,
    overrides: Mapping[str, str] | None = None,
) -> int:
    """Insert or replace the document at `path`; returns its id (kept across versions).

    Raises DuplicateDocument, writing nothing, when another path holds the same content. The
    check runs inside the write transaction, so two processes ingesting the same file under
    two names at once store it once: the second waits for the first's lock, then sees its row.
    """
    with write_transaction(db):
        twin = find_by_hash(db, content_hash, other_than=path)
        if twin is not None:
            raise DuplicateDocument(twin["id"])
        old = find_document(db, path)
        if old is not None:
            _note_removed_slots(db, old["id"])
            db.execute("DELETE FROM documents WHERE id = ?", [old["id"]])
        document_id = old["id"] if old else _next_id(db, "documents")
        db["documents"].insert(
            _document_row(analyzed, document_id, path, content_hash, overrides, old)
        )
        passage_ids = _insert_passages(db, document_id, analyzed)
        entity_ids = _insert_entities(db, document_id, analyzed, passage_ids)
        _insert_descriptions(db, document_id, analyzed, passage_ids, entity_ids)
        _insert_times(db, document_id, analyzed, passage_ids)
        db["keyphrases"].insert_all(
            {"document_id": document_id, "phrase": k.phrase, "count": k.count, "example": k.example}
            for k in analyzed.keyphrases
        )
        # New records, and the slots a replaced version's records left (`removed_slots`), are
        # regrouped incrementally (`bot.regroup.regroup_new`).
        _records_changed(db)
    return document_id


def _document_row(
    analyzed: AnalyzedDocument,
    document_id: int,
    path: str,
    content_hash: str,
    overrides: Mapping[str, str] | None,
    old: Mapping[str, Any] | None,
) -> dict[str, Any]:
    article, date = analyzed.article, analyzed.date
    now = now_iso()
    return {
        "id": document_id,
        "path": path,
        "content_hash": content_hash,
        "format": article.format,
        "title": article.title,
        "source": article.source,
        "authors": json.dumps(list(article.authors)),
        "url": article.url,
        "date": date.value if date else None,
        "date_granularity": date.granularity if date else None,
        "date_kind": date.kind if date else None,
        "date_evidence": date.evidence if date else None,
        "overrides": json.dumps(dict(overrides or {})),
        "body": article.body,
        "meta_lines": json.dumps(list(article.meta_lines)),
        "words": len(article.body.split()),
        "ingested_at": old["ingested_at"] if old else now,
        "updated_at": now,
    }


def _insert_passages(db: Database, document_id: int, analyzed: AnalyzedDocument) -> list[int]:
    first = _next_id(db, "passages")
    rows = []
    for i, p in enumerate(analyzed.passages):
        event = p.event_date
        rows.append({
            "id": first + i, "document_id": document_id, "paragraph": p.paragraph,
            "sentence": p.sentence, "start": p.start, "end": p.end, "text": p.text,
            "event_date": event.value if event else None,
            "event_granularity": event.granularity if event else None,
            "event_kind": event.kind if event else None,
            "event_estimated": int(event.estimated) if event else 0,
            "event_text": event.text if event else None,
        })
    db["passages"].insert_all(rows)
    return [first + i for i in range(len(rows))]


def _insert_entities(
    db: Database, document_id: int, analyzed: AnalyzedDocument, passage_ids: list[int]
) -> dict[str, int]:
    """Insert the document's local entities and their mentions; map each name form to its row."""
    first = _next_id(db, "doc_entities")
    by_form: dict[str, int] = {}
    entity_rows, mention_rows = [], []
    mention_owner: dict[int, int] = {}
    for i, entity in enumerate(analyzed.entities):
        row_id = first + i
        entity_rows.append({
            "id": row_id, "document_id": document_id, "name": entity.name, "label": entity.label,
            "forms": json.dumps(list(entity.forms)), "mentions": len(entity.mention_indexes),
        })
        for form in entity.forms:
            by_form.setdefault(form, row_id)
        for index in entity.mention_indexes:
            mention_owner[index] = row_id
    for index, (passage, mention) in enumerate(analyzed.mentions):
        if index not in mention_owner:
            continue
        mention_rows.append({
            "document_id": document_id,
            "passage_id": passage_ids[passage] if passage is not None else None,
            "doc_entity_id": mention_owner[index], "start": mention.start, "end": mention.end,
            "text": mention.text, "name": mention.name, "title": mention.title,
        })
    db["doc_entities"].insert_all(entity_rows)
    db["mentions"].insert_all(mention_rows)
    return by_form


def _insert_descriptions(
    db: Database,
    document_id: int,
    analyzed: AnalyzedDocument,
    passage_ids: list[int],
    entity_ids: Mapping[str, int],
) -> None:
    rows = []
    for passage, description in analyzed.descriptions:
        owner = entity_ids.get(description.name)
        if owner is None:
            continue
        evidence = analyzed.passages[passage].text if passage is not None else ""
        rows.append({
            "document_id": document_id,
            "passage_id": passage_ids[passage] if passage is not None else None,
            "doc_entity_id": owner, "text": description.text, "kind": description.kind,
            "evidence": evidence,
        })
    db["descriptions"].insert_all(rows)


def _insert_times(
    db: Database, document_id: int, analyzed: AnalyzedDocument, passage_ids: list[int]
) -> None:
    db["time_expressions"].insert_all(
        {
            "document_id": document_id, "passage_id": passage_ids[passage], "start": e.start,
            "end": e.end, "text": e.text, "type": e.type, "value": e.value,
            "granularity": e.granularity, "anchored": int(e.anchored),
        }
        for passage, e in analyzed.time_expressions
    )


def remove_document(db: Database, document_id: int) -> bool:
    """Delete a document and (by cascade) everything derived from it."""
    with write_transaction(db):
        _note_removed_slots(db, document_id)
        removed = db.execute("DELETE FROM documents WHERE id = ?", [document_id]).rowcount > 0
        db.execute("DELETE FROM document_sources WHERE document_id = ?", [document_id])
        if removed:
            _records_changed(db)
    return removed


def _note_removed_slots(db: Database, document_id: int) -> None:
    """Remember the grouped slots of the document's records, which are about to go."""
    db.execute(
        "INSERT INTO removed_slots (family, norm, entity_id) "
        "SELECT DISTINCT family, norm, entity_id FROM doc_entities "
        "WHERE document_id = ? AND family IS NOT NULL", [document_id])


def _records_changed(db: Database) -> None:
    db["state"].upsert({"key": RECORDS_ADDED_AT, "value": f"{time.time():.3f}"}, pk="key")
    bump_generation(db)


def list_documents(db: Database) -> Iterator[dict[str, Any]]:
    """Every document with its counts, oldest first by publication date."""
    yield from db.query(
        """
        SELECT d.id, d.path, d.title, d.source, d.date, d.date_granularity, d.date_kind,
               d.words, d.ingested_at,
               (SELECT COUNT(*) FROM passages p WHERE p.document_id = d.id) AS passages,
               (SELECT COUNT(*) FROM doc_entities e WHERE e.document_id = d.id) AS entities,
               (SELECT COUNT(*) FROM time_expressions t WHERE t.document_id = d.id) AS dates,
               (SELECT COUNT(*) FROM document_sources s WHERE s.document_id = d.id) AS also
        FROM documents d
        ORDER BY d.date IS NULL, d.date, d.id
        """
    )


def stored_article(row: Mapping[str, Any], date: DocDate | None = None) -> Article:
    """Rebuild an Article from a stored row, e.g. to re-analyze it with a corrected date."""
    return Article(
        path=row["path"],
        format=row["format"] or "txt",
        title=row["title"],
        body=row["body"],
        source=row["source"],
        authors=tuple(json.loads(row["authors"] or "[]")),
        url=row["url"],
        date=date,
        meta_lines=tuple(json.loads(row["meta_lines"] or "[]")),
    )
