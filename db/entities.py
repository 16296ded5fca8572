"""Corpus-wide entities: grouping every document's local entities into one row per real thing.

Grouping runs over all documents at once (after an ingest run, or a removal), because a new
document can resolve an old one's bare surname ("Abe" → "Shinzo Abe"). Entity ids are kept
stable by a key (normalized canonical name + kind), so links to an entity survive regrouping.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from bot.pipeline import aliases
from bot.pipeline.curation import apply_corrections
from db.connection import write_transaction
from db.corrections import load_corrections
from db.documents import ENTITIES_STALE, bump_generation

log = logging.getLogger(__name__)


def _load_records(db: Database) -> tuple[list[dict[str, Any]], list[aliases.EntityRecord]]:
    rows = list(db.query(
        "SELECT e.id, e.document_id, e.name, e.label, e.forms, e.mentions, d.date "
        "FROM doc_entities e JOIN documents d ON d.id = e.document_id ORDER BY e.id"
    ))
    records = [
        aliases.EntityRecord(
            key=row["id"], name=row["name"], label=row["label"],
            forms=tuple(json.loads(row["forms"])), mention_count=row["mentions"],
        )
        for row in rows
    ]
    return rows, records


def entity_key(name: str, label: str) -> str:
    return f"{aliases.normalize_name(name)}|{label}"


def refresh_entities(db: Database) -> int:
    """Regroup all local entities into corpus entities; returns the number of entities."""
    rows, records = _load_records(db)
    groups = aliases.merge_corpus(records)
    groups, dropped = apply_corrections(
        records, groups, load_corrections(db),
        lambda group: entity_key(*aliases.canonical_name([records[i] for i in group])),
    )
    with write_transaction(db):
        existing = {r["key"]: r["id"] for r in db.query("SELECT id, key FROM entities")}
        next_id = max(existing.values(), default=0) + 1
        entity_rows, assignments, alias_rows = [], [], []
        seen_keys: set[str] = set()
        for group in groups:
            members = [records[i] for i in group]
            name, label = aliases.canonical_name(members)
            key = entity_key(name, label)
            if key in seen_keys:  # two groups with one canonical form: keep them apart
                key = f"{key}#{members[0].key}"
            seen_keys.add(key)
            entity_id = existing.get(key)
            if entity_id is None:
                entity_id, next_id = next_id, next_id + 1
            member_rows = [rows[i] for i in group]
            entity_rows.append(_entity_row(entity_id, key, name, label, member_rows))
            assignments += [(entity_id, r["id"]) for r in member_rows]
            alias_rows += _alias_rows(entity_id, members)
        db.execute("DELETE FROM aliases")
        db.execute("DELETE FROM entities")
        db["entities"].insert_all(entity_rows)
        db.conn.executemany("UPDATE doc_entities SET entity_id = ? WHERE id = ?", assignments)
        db["aliases"].insert_all(alias_rows)
        # Records the team marked as not entities belong to no entity.
        db.conn.executemany("UPDATE doc_entities SET entity_id = NULL WHERE id = ?",
                            [(rows[i]["id"],) for i in dropped])
        db["state"].upsert({"key": ENTITIES_STALE, "value": "0"}, pk="key")
        bump_generation(db)
    log.info("entities regrouped local=%d entities=%d", len(records), len(entity_rows))
    return len(entity_rows)


def _entity_row(
    entity_id: int, key: str, name: str, label: str, members: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    dates = sorted(r["date"] for r in members if r["date"])
    return {
        "id": entity_id, "key": key, "name": name, "label": label,
        "mentions": sum(r["mentions"] for r in members),
        "documents": len({r["document_id"] for r in members}),
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
    }


def _alias_rows(entity_id: int, members: Sequence[aliases.EntityRecord]) -> list[dict[str, Any]]:
    counts: Counter[str] = Counter()
    spelled: dict[str, Counter[str]] = defaultdict(Counter)
    for record in members:
        for form in record.forms:
            norm = aliases.normalize_name(form)
            counts[norm] += record.mention_count
            spelled[norm][form] += 1
    return [
        {"entity_id": entity_id, "alias": spelled[norm].most_common(1)[0][0], "norm": norm,
         "count": count}
        for norm, count in counts.items()
    ]
