"""Stored MinHash signatures and LSH bands of documents, and the other files of one story.

A document's fingerprint is replaced with the document (its rows cascade away with it); a file
found to hold a story already stored is kept as another source of that document.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from db.connection import write_transaction
from db.documents import now_iso


def save_fingerprint(db: Database, document_id: int, signature: Sequence[int],
                     bands: Sequence[str]) -> None:
    """Store (or replace) a document's signature and band keys."""
    with write_transaction(db):
        db.execute("DELETE FROM document_bands WHERE document_id = ?", [document_id])
        db["document_fingerprints"].upsert(
            {"document_id": document_id, "signature": json.dumps(list(signature))},
            pk="document_id")
        db["document_bands"].insert_all(
            {"document_id": document_id, "band": band} for band in bands)


def band_candidates(db: Database, bands: Sequence[str], *, limit: int = 20
                    ) -> list[tuple[int, tuple[int, ...]]]:
    """(document id, signature) of stored documents sharing at least one band, most first."""
    if not bands:
        return []
    marks = ",".join("?" * len(bands))
    rows = db.execute(
        f"SELECT f.document_id, f.signature FROM document_fingerprints f "
        f"JOIN (SELECT document_id, COUNT(*) AS shared FROM document_bands "
        f"      WHERE band IN ({marks}) GROUP BY document_id) b ON b.document_id = f.document_id "
        f"ORDER BY b.shared DESC LIMIT ?", [*bands, limit]).fetchall()
    return [(int(r[0]), tuple(json.loads(r[1]))) for r in rows]


def add_source(db: Database, document_id: int, path: str) -> None:
    """Record another file that holds the same story as the document."""
    with write_transaction(db):
        db["document_sources"].upsert(
            {"document_id": document_id, "path": path, "added_at": now_iso()},
            pk=("document_id", "path"))


def sources_of(db: Database, document_id: int) -> list[dict[str, Any]]:
    """The other files found to hold the document's story, in the order they came."""
    return list(db["document_sources"].rows_where(
        "document_id = ?", [document_id], order_by="added_at, path"))


def move_sources(db: Database, from_id: int, to_id: int, *, also: str) -> None:
    """Give document `to_id` the other files of `from_id`, and `also` (that document's own)."""
    with write_transaction(db):
        db.execute("UPDATE OR IGNORE document_sources SET document_id = ? WHERE document_id = ?",
                   [to_id, from_id])
        db.execute("DELETE FROM document_sources WHERE document_id = ?", [from_id])
        db["document_sources"].upsert(
            {"document_id": to_id, "path": also, "added_at": now_iso()},
            pk=("document_id", "path"))
