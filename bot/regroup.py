"""Regrouping: every document's own entities grouped into one entity per real thing.

Grouping runs over all documents at once (after an ingest run, a removal or a correction),
because a new document can resolve an old one's bare surname ("Abe" → "Shinzo Abe"). The
grouping itself is analysis (`bot.pipeline.aliases`, `bot.pipeline.curation`); this module
reads the records from the store, runs it, and hands the result back to the store to write.
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
from db.corrections import load_corrections
from db.entities import entity_ids_by_key, entity_records, replace_entities

log = logging.getLogger(__name__)


def entity_key(name: str, label: str) -> str:
    """The stable key of an entity: its normalized canonical name and its kind."""
    return f"{aliases.normalize_name(name)}|{label}"


def _records(rows: Sequence[dict[str, Any]]) -> list[aliases.EntityRecord]:
    return [
        aliases.EntityRecord(
            key=row["id"], name=row["name"], label=row["label"],
            forms=tuple(json.loads(row["forms"])), mention_count=row["mentions"],
        )
        for row in rows
    ]


def refresh_entities(db: Database) -> int:
    """Regroup all local entities into corpus entities; returns the number of entities."""
    rows = entity_records(db)
    records = _records(rows)
    groups = aliases.merge_corpus(records)
    groups, dropped = apply_corrections(
        records, groups, load_corrections(db),
        lambda group: entity_key(*aliases.canonical_name([records[i] for i in group])),
    )
    existing = entity_ids_by_key(db)
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
    # Records the team marked as not entities belong to no entity.
    replace_entities(db, entity_rows, assignments, alias_rows, [rows[i]["id"] for i in dropped])
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
