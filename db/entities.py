"""Corpus-wide entities in the store: the documents' own entity records read out by *slot*
(label family + normalized name), and regroupings (computed by `bot.regroup`) written back.

The store only reads and writes; which records are one real thing is analysis, done above it.
Entity ids are kept stable by a key (normalized canonical name + kind), so links to an entity
survive regrouping.

Two ways in:
- the full regrouping reads every slot at once and rewrites every entity (`replace_entities`);
- the incremental one reads the slots a new document touches by indexed lookups and rewrites
  only their entities (`write_region`), in one short transaction.
Statements take a bounded number of placeholders: lists are sent in chunks of `CHUNK`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlite_utils import Database

from db.connection import write_transaction
from db.documents import ENTITIES_STALE, bump_generation
from db.schema import COOCCURRENCE_REBUILD

Slot = tuple[str, str]  # (label family, normalized name)
CHUNK = 400
GROUPED_THROUGH = "entities_grouped_through"  # records with a larger id are not grouped yet
REGROUP_EPOCH = "entities_epoch"  # bumped by every regrouping written


def _chunks(values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _state_int(db: Database, key: str) -> int:
    row = db.execute("SELECT value FROM state WHERE key = ?", [key]).fetchone()
    return int(row[0]) if row and str(row[0]).lstrip("-").isdigit() else 0


def _set_state(db: Database, key: str, value: int) -> None:
    db.execute("INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
               "value = excluded.value", [key, str(value)])


def regroup_marks(db: Database) -> tuple[int, int]:
    """(grouped-through record id, regrouping epoch): what a regrouping computed from."""
    return _state_int(db, GROUPED_THROUGH), _state_int(db, REGROUP_EPOCH)


# ---------------------------------------------------------------- records → slots


def unslotted_records(db: Database, limit: int = 50_000) -> list[dict[str, Any]]:
    """Records whose slot is not computed yet (new, or stored before slots existed)."""
    return list(db.query(
        "SELECT id, name, label, forms FROM doc_entities WHERE family IS NULL ORDER BY id LIMIT ?",
        [limit],
    ))


def write_record_slots(
    db: Database,
    record_slots: Sequence[tuple[str, str, int]],
    slots: Sequence[dict[str, Any]],
    endings: Iterable[tuple[str, str]],
    acronyms: Iterable[tuple[str, str]],
) -> None:
    """Store records' slots (`(family, norm, record id)`), register slots not seen before
    (ungrouped: `component` NULL), the short forms of full person names and the acronyms
    organizations spell out. One short transaction."""
    with write_transaction(db):
        db.conn.executemany("UPDATE doc_entities SET family = ?, norm = ? WHERE id = ?",
                            record_slots)
        db.conn.executemany(
            "INSERT INTO name_slots (family, norm, parts, ends, first_record) "
            "VALUES (:family, :norm, :parts, :ends, :first_record) "
            "ON CONFLICT(family, norm) DO UPDATE SET first_record = "
            "MIN(first_record, excluded.first_record)", slots)
        db.conn.executemany("INSERT OR IGNORE INTO name_endings (ending, norm) VALUES (?, ?)",
                            list(endings))
        db.conn.executemany("INSERT OR IGNORE INTO org_acronyms (acronym, norm) VALUES (?, ?)",
                            list(acronyms))


def unslotted_count(db: Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM doc_entities WHERE family IS NULL").fetchone()[0])


# ---------------------------------------------------------------- slot lookups (incremental)


_SLOT_COLUMNS = "family, norm, entity_id, component, group_key, parts, ends, first_record"


def slots_where(db: Database, column: str, values: Sequence[Any]) -> list[dict[str, Any]]:
    """Slot rows whose `column` (an indexed one) is one of `values`."""
    assert column in {"entity_id", "component", "group_key", "ends", "parts"}
    out: list[dict[str, Any]] = []
    for chunk in _chunks(sorted(set(values))):
        out += db.query(f"SELECT {_SLOT_COLUMNS} FROM name_slots WHERE {column} IN "
                        f"({','.join('?' * len(chunk))})", list(chunk))
    return out


def slots_named(db: Database, slots: Sequence[Slot]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for chunk in _chunks(sorted(set(slots))):
        values = ",".join("(?, ?)" for _ in chunk)
        out += db.query(f"SELECT {_SLOT_COLUMNS} FROM name_slots WHERE (family, norm) IN "
                        f"(VALUES {values})", [v for slot in chunk for v in slot])
    return out


def pending_slots(db: Database, through: int) -> list[dict[str, Any]]:
    """Slots not grouped yet, and slots of records added after record `through`."""
    return list(db.query(
        f"SELECT {_SLOT_COLUMNS} FROM name_slots WHERE component IS NULL OR (family, norm) IN "
        "(SELECT family, norm FROM doc_entities WHERE id > ?)", [through]))


def full_names_ending(db: Database, endings: Sequence[str]) -> list[str]:
    """Norms of the full person names that answer to any of these short forms."""
    out: list[str] = []
    for chunk in _chunks(sorted(set(endings))):
        out += [r[0] for r in db.execute(
            f"SELECT norm FROM name_endings WHERE ending IN ({','.join('?' * len(chunk))})",
            list(chunk))]
    return out


def acronym_links(db: Database, column: str, values: Sequence[str]) -> list[tuple[str, str]]:
    """(acronym, organization norm) pairs by acronym or by organization."""
    assert column in {"acronym", "norm"}
    out: list[tuple[str, str]] = []
    for chunk in _chunks(sorted(set(values))):
        out += [(r[0], r[1]) for r in db.execute(
            f"SELECT acronym, norm FROM org_acronyms WHERE {column} IN "
            f"({','.join('?' * len(chunk))})", list(chunk))]
    return out


def _slot_filter(slots: Sequence[Slot]) -> tuple[str, list[str]]:
    values = ",".join("(?, ?)" for _ in slots)
    return f"(de.family, de.norm) IN (VALUES {values})", [v for s in slots for v in s]


def slot_names(db: Database, slots: Sequence[Slot]) -> list[dict[str, Any]]:
    """Per slot, each (written name, label) with its mentions and first record: what the
    canonical name of a group is chosen from."""
    out: list[dict[str, Any]] = []
    for chunk in _chunks(sorted(set(slots))):
        where, params = _slot_filter(chunk)
        out += db.query(
            "SELECT de.family, de.norm, de.name, de.label, SUM(de.mentions) AS mentions, "
            f"MIN(de.id) AS first_id FROM doc_entities de WHERE {where} "
            "GROUP BY de.family, de.norm, de.name, de.label", params)
    return out


def slot_forms(db: Database, slots: Sequence[Slot]) -> list[dict[str, Any]]:
    """Per slot, each written form with its records, mentions and first record: the aliases."""
    out: list[dict[str, Any]] = []
    for chunk in _chunks(sorted(set(slots))):
        where, params = _slot_filter(chunk)
        out += db.query(
            "SELECT de.family, de.norm, j.value AS form, COUNT(*) AS records, "
            "SUM(de.mentions) AS mentions, MIN(de.id) AS first_id "
            f"FROM doc_entities de, json_each(de.forms) j WHERE {where} "
            "GROUP BY de.family, de.norm, j.value", params)
    return out


def slot_totals(db: Database, slots: Sequence[Slot]) -> dict[str, Any]:
    """Mentions, documents and date range of the records of a group of slots."""
    where, params = _slot_filter(slots)
    row = db.execute(
        "SELECT COALESCE(SUM(de.mentions), 0), COUNT(DISTINCT de.document_id), "
        "MIN(NULLIF(d.date, '')), MAX(NULLIF(d.date, '')) FROM doc_entities de "
        f"JOIN documents d ON d.id = de.document_id WHERE {where}", params).fetchone()
    return {"mentions": row[0], "documents": row[1], "first_date": row[2], "last_date": row[3]}


def entity_ids_by_keys(db: Database, keys: Sequence[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for chunk in _chunks(sorted(set(keys))):
        out.update((r[0], r[1]) for r in db.execute(
            f"SELECT key, id FROM entities WHERE key IN ({','.join('?' * len(chunk))})",
            list(chunk)))
    return out


def max_entity_id(db: Database) -> int:
    return int(db.execute("SELECT COALESCE(MAX(id), 0) FROM entities").fetchone()[0])


def max_record_id(db: Database) -> int:
    return int(db.execute("SELECT COALESCE(MAX(id), 0) FROM doc_entities").fetchone()[0])


# ---------------------------------------------------------------- whole-corpus reads (full)


def all_slots(db: Database) -> list[dict[str, Any]]:
    """Every slot with its first record's written name, in order of first record."""
    return list(db.query(
        "SELECT de.family, de.norm, de.name, de.id AS first_record FROM doc_entities de "
        "JOIN (SELECT MIN(id) AS id FROM doc_entities WHERE family IS NOT NULL "
        "GROUP BY family, norm) f ON f.id = de.id ORDER BY de.id"
    ))


def organization_forms(db: Database) -> Iterator[dict[str, Any]]:
    """Distinct (slot, name, forms) of organization records with more than one form: the
    only records that can spell out an acronym."""
    yield from db.query(
        "SELECT DISTINCT norm, name, label, forms FROM doc_entities "
        "WHERE family = 'ORG' AND json_array_length(forms) > 1"
    )


def all_slot_names(db: Database) -> Iterator[dict[str, Any]]:
    yield from db.query(
        "SELECT family, norm, name, label, SUM(mentions) AS mentions, MIN(id) AS first_id "
        "FROM doc_entities WHERE family IS NOT NULL GROUP BY family, norm, name, label"
    )


def all_slot_forms(db: Database) -> Iterator[dict[str, Any]]:
    yield from db.query(
        "SELECT de.family, de.norm, j.value AS form, COUNT(*) AS records, "
        "SUM(de.mentions) AS mentions, MIN(de.id) AS first_id "
        "FROM doc_entities de, json_each(de.forms) j WHERE de.family IS NOT NULL "
        "GROUP BY de.family, de.norm, j.value"
    )


# ---------------------------------------------------------------- writes


_ENTITY_TOTALS = """
    UPDATE entities SET mentions = t.m, documents = t.n, first_date = t.f, last_date = t.l
    FROM (SELECT de.entity_id AS id, SUM(de.mentions) AS m, COUNT(DISTINCT de.document_id) AS n,
                 MIN(NULLIF(d.date, '')) AS f, MAX(NULLIF(d.date, '')) AS l
          FROM doc_entities de JOIN documents d ON d.id = de.document_id
          WHERE de.entity_id IS NOT NULL GROUP BY de.entity_id) t
    WHERE entities.id = t.id
"""
_ASSIGN_FROM_SLOTS = """
    UPDATE doc_entities SET entity_id = s.entity_id FROM name_slots s
    WHERE s.family = doc_entities.family AND s.norm = doc_entities.norm
      AND doc_entities.entity_id IS NOT s.entity_id
"""


def replace_entities(
    db: Database,
    entities: Sequence[dict[str, Any]],
    slots: Sequence[dict[str, Any]],
    aliases: Sequence[dict[str, Any]],
    endings: Iterable[tuple[str, str]],
    acronyms: Iterable[tuple[str, str]],
) -> None:
    """Write a whole regrouping at once: the entities, every slot's entity, the alias rows,
    the name lookups; then each record's entity (only rows that change), the entities'
    totals and the co-occurrence table are derived in SQL."""
    with write_transaction(db):
        for table in ("aliases", "entities", "name_slots", "name_endings", "org_acronyms",
                      "cooccurrence"):
            db.execute(f"DELETE FROM {table}")
        db["entities"].insert_all(entities)
        db["name_slots"].insert_all(slots)
        db["aliases"].insert_all(aliases)
        db.conn.executemany("INSERT OR IGNORE INTO name_endings (ending, norm) VALUES (?, ?)",
                            list(endings))
        db.conn.executemany("INSERT OR IGNORE INTO org_acronyms (acronym, norm) VALUES (?, ?)",
                            list(acronyms))
        db.execute("UPDATE doc_entities SET entity_id = NULL WHERE family IS NULL")
        db.execute(_ASSIGN_FROM_SLOTS)
        db.execute(_ENTITY_TOTALS)
        db.execute(COOCCURRENCE_REBUILD)
        db["state"].upsert({"key": ENTITIES_STALE, "value": "0"}, pk="key")
        _set_state(db, GROUPED_THROUGH, max_record_id(db))
        _set_state(db, REGROUP_EPOCH, _state_int(db, REGROUP_EPOCH) + 1)
        bump_generation(db)


def write_region(
    db: Database,
    *,
    marks: tuple[int, int],
    removed: Sequence[int],
    entities: Sequence[dict[str, Any]],
    slots: Sequence[dict[str, Any]],
    moved: Sequence[Slot],
    aliases: Sequence[dict[str, Any]],
    rebuilt: Sequence[int],
) -> bool:
    """Write an incremental regrouping in one short transaction; False (nothing written) if
    another regrouping was written since `marks` were read (the caller recomputes).

    `removed`: entity ids that no longer exist; `entities`: the region's entity rows (inserted
    or updated); `slots`: their slots' rows; `moved`: slots whose records change entity;
    `aliases`: the alias rows of every entity written; `rebuilt`: entities whose membership
    changed, whose co-occurrence rows are recomputed (others are incremented by the new
    records' passages).
    """
    with write_transaction(db):
        if regroup_marks(db) != marks:
            return False
        through = marks[0]
        ids = [e["id"] for e in entities]
        for chunk in _chunks(list(removed) + ids):
            marks_ = ",".join("?" * len(chunk))
            db.execute(f"DELETE FROM aliases WHERE entity_id IN ({marks_})", list(chunk))
        for chunk in _chunks(list(removed)):
            marks_ = ",".join("?" * len(chunk))
            db.execute(f"DELETE FROM entities WHERE id IN ({marks_})", list(chunk))
        for chunk in _chunks(list(removed) + list(rebuilt)):
            marks_ = ",".join("?" * len(chunk))
            db.execute(f"DELETE FROM cooccurrence WHERE entity_id IN ({marks_}) "
                       f"OR other_id IN ({marks_})", list(chunk) * 2)
        db["entities"].upsert_all(entities, pk="id")
        db.conn.executemany(
            "UPDATE name_slots SET entity_id = :entity_id, component = :component, "
            "group_key = :group_key WHERE family = :family AND norm = :norm", slots)
        db.conn.executemany(
            "UPDATE doc_entities SET entity_id = (SELECT entity_id FROM name_slots s WHERE "
            "s.family = ? AND s.norm = ?) WHERE family = ? AND norm = ?",
            [(f, n, f, n) for f, n in moved])
        db.execute(
            "UPDATE doc_entities SET entity_id = s.entity_id FROM name_slots s "
            "WHERE doc_entities.id > ? AND s.family = doc_entities.family "
            "AND s.norm = doc_entities.norm", [through])
        db["aliases"].insert_all(aliases)
        _count_new_pairs(db, through, set(rebuilt) | set(removed))
        for entity_id in rebuilt:
            _rebuild_cooccurrence(db, entity_id)
        _set_state(db, GROUPED_THROUGH, max(through, max_record_id(db)))
        _set_state(db, REGROUP_EPOCH, marks[1] + 1)
        bump_generation(db)
    return True


def _count_new_pairs(db: Database, through: int, skip: set[int]) -> None:
    """Add the passages the new records (id > `through`) share to their entities'
    co-occurrence, counted once per passage and entity pair; entities in `skip` are recounted
    whole instead. Reads only the new records' mentions."""
    counts = db.execute(
        """SELECT a.entity_id, b.entity_id, COUNT(DISTINCT ma.passage_id)
           FROM doc_entities a JOIN mentions ma ON ma.doc_entity_id = a.id
           JOIN mentions mb ON mb.passage_id = ma.passage_id
           JOIN doc_entities b ON b.id = mb.doc_entity_id
           WHERE a.id > ? AND a.entity_id IS NOT NULL AND b.entity_id IS NOT NULL
             AND a.entity_id != b.entity_id
           GROUP BY a.entity_id, b.entity_id""", [through]).fetchall()
    db.conn.executemany(
        "INSERT INTO cooccurrence (entity_id, other_id, shared) VALUES (?, ?, ?) "
        "ON CONFLICT(entity_id, other_id) DO UPDATE SET shared = shared + excluded.shared",
        [(x, y, n) for x, y, n in counts if x not in skip and y not in skip])


def _rebuild_cooccurrence(db: Database, entity_id: int) -> None:
    """Recount one entity's co-occurrence rows (both directions) from its mentions."""
    db.execute(
        """INSERT INTO cooccurrence (entity_id, other_id, shared)
           SELECT ?, de2.entity_id, COUNT(DISTINCT m2.passage_id)
           FROM doc_entities de1 JOIN mentions m1 ON m1.doc_entity_id = de1.id
           JOIN mentions m2 ON m2.passage_id = m1.passage_id
           JOIN doc_entities de2 ON de2.id = m2.doc_entity_id
           WHERE de1.entity_id = ? AND de2.entity_id IS NOT NULL AND de2.entity_id != ?
           GROUP BY de2.entity_id
           ON CONFLICT(entity_id, other_id) DO UPDATE SET shared = excluded.shared""",
        [entity_id, entity_id, entity_id])
    db.execute(
        "INSERT INTO cooccurrence (entity_id, other_id, shared) "
        "SELECT other_id, entity_id, shared FROM cooccurrence WHERE entity_id = ? "
        "ON CONFLICT(entity_id, other_id) DO UPDATE SET shared = excluded.shared", [entity_id])


def entity_ids_by_key(db: Database) -> dict[str, int]:
    """{key: id} of the entities stored now, so a regrouping can keep their ids."""
    return {r["key"]: r["id"] for r in db.query("SELECT id, key FROM entities")}
