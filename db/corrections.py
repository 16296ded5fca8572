"""The team's curation decisions (merge, split, not an entity), stored and read back.

`db.entities.refresh_entities` re-applies them on every regrouping, so a decision taken in Slack
holds for later answers and for documents ingested later.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from bot.curation import Correction
from db.documents import now_iso


def add_correction(db: Database, correction: Correction, *, user_id: str = "") -> int:
    """Store a decision; the same decision taken twice is stored once. Returns its id."""
    with db.atomic():
        row = db.execute(
            "SELECT id FROM corrections WHERE kind = ? AND entity_key = ? AND name = ? "
            "AND other_key = ?",
            [correction.kind, correction.entity_key, correction.name, correction.other_key],
        ).fetchone()
        if row is not None:
            return int(row[0])
        table = db["corrections"]
        table.insert({
            "kind": correction.kind, "entity_key": correction.entity_key, "name": correction.name,
            "other_key": correction.other_key, "other_name": correction.other_name,
            "user_id": user_id, "created_at": now_iso(),
        })
        return int(table.last_pk)


def load_corrections(db: Database) -> list[Correction]:
    """Every decision, oldest first (the order they are applied in)."""
    return [
        Correction(r["kind"], r["entity_key"], r["name"] or "", r["other_key"] or "",
                   r["other_name"] or "")
        for r in db.query("SELECT * FROM corrections ORDER BY id")
    ]


def list_corrections(db: Database) -> list[dict[str, Any]]:
    """Every decision with who took it and when, newest first."""
    return list(db.query("SELECT * FROM corrections ORDER BY id DESC"))


def member_names(db: Database, entity_id: int) -> list[str]:
    """The names the documents' own entities grouped under `entity_id` go by, most mentioned
    first: the forms a split can separate."""
    return [r["name"] for r in db.query(
        "SELECT name, SUM(mentions) AS n FROM doc_entities WHERE entity_id = ? "
        "GROUP BY name ORDER BY n DESC, name", [entity_id])]
