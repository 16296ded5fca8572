"""Corpus-wide entities in the store: the documents' own entity records read out, and one
regrouping (computed by `bot.regroup`) written back in a single transaction.

The store only reads and writes; which records are one real thing is analysis, done above it.
Entity ids are kept stable by a key (normalized canonical name + kind), so links to an entity
survive regrouping.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from db.connection import write_transaction
from db.documents import ENTITIES_STALE, bump_generation


def entity_records(db: Database) -> list[dict[str, Any]]:
    """Every document's own entity records, with their document's date, in id order."""
    return list(db.query(
        "SELECT e.id, e.document_id, e.name, e.label, e.forms, e.mentions, d.date "
        "FROM doc_entities e JOIN documents d ON d.id = e.document_id ORDER BY e.id"
    ))


def entity_ids_by_key(db: Database) -> dict[str, int]:
    """{key: id} of the entities stored now, so a regrouping can keep their ids."""
    return {r["key"]: r["id"] for r in db.query("SELECT id, key FROM entities")}


def replace_entities(
    db: Database,
    entities: Sequence[dict[str, Any]],
    assignments: Iterable[tuple[int, int]],
    aliases: Sequence[dict[str, Any]],
    dropped: Iterable[int],
) -> None:
    """Write a whole regrouping at once: the entities, each record's entity (`(entity_id,
    record_id)` pairs), the alias rows, and the records that belong to no entity."""
    with write_transaction(db):
        db.execute("DELETE FROM aliases")
        db.execute("DELETE FROM entities")
        db["entities"].insert_all(entities)
        db.conn.executemany("UPDATE doc_entities SET entity_id = ? WHERE id = ?", assignments)
        db["aliases"].insert_all(aliases)
        db.conn.executemany("UPDATE doc_entities SET entity_id = NULL WHERE id = ?",
                            [(record_id,) for record_id in dropped])
        db["state"].upsert({"key": ENTITIES_STALE, "value": "0"}, pk="key")
        bump_generation(db)
