"""The team's curation decisions (merge, split, not an entity), stored and read back.

`bot.regroup.refresh_entities` re-applies them on every regrouping, so a decision taken in Slack
holds for later answers and for documents ingested later.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from bot.models import Correction
from db.documents import now_iso


def add_correction(db: Database, correction: Correction, *, user_id: str = "") -> None:
    """Store a decision; the same decision taken twice is stored once (the first is kept)."""
    with db.conn:
        db.execute(
            "INSERT OR IGNORE INTO corrections (kind, entity_key, name, other_key, other_name, "
            "user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [correction.kind, correction.entity_key, correction.name, correction.other_key,
             correction.other_name, user_id, now_iso()],
        )


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
