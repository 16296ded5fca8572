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
FULL_EPOCH = "entities_full_epoch"  # the epoch of the last full regrouping
KEPT_CHANGES = 1000  # epochs of `entity_changes` kept for caches to catch up from


def _chunks(values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _state_int(db: Database, key: str) -> int:
    row = db.execute("SELECT value FROM state WHERE key = ?", [key]).fetchone()
    return int(row[0]) if row and str(row[0]).lstrip("-").isdecimal() else 0


def _set_state(db: Database, key: str, value: int) -> None:
    db.execute("INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
               "value = excluded.value", [key, str(value)])


def regroup_marks(db: Database) -> tuple[int, int]:
    """(grouped-through record id, regrouping epoch): what a regrouping computed from."""
    return _state_int(db, GROUPED_THROUGH), _state_int(db, REGROUP_EPOCH)


# ---------------------------------------------------------------- records → slots


def unslotted_records(db: Database, limit: int = 50_000) -> list[dict[str, Any]]:
    """Records whose slot is not computed yet (new, or stored before slots existed).

    `+id`: found through the index on `family`, then sorted; ordering by the bare rowid made
    SQLite walk every record in id order instead (0.7 s at 1.5M records, for a handful)."""
    return list(db.query(
        "SELECT id, name, label, forms FROM doc_entities WHERE family IS NULL ORDER BY +id LIMIT ?",
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


# ---------------------------------------------------------------- removed records


def removed_slots(db: Database) -> list[dict[str, Any]]:
    """Slots whose records a removed or replaced document took away, not yet regrouped."""
    return list(db.query("SELECT id, family, norm, entity_id FROM removed_slots ORDER BY id"))


def remaining_organization_forms(db: Database, norms: Sequence[str]) -> list[dict[str, Any]]:
    """`organization_forms` of the given organization slots only."""
    return _per_slot(db, [("ORG", n) for n in norms],
                     "SELECT DISTINCT de.norm, de.name, de.label, de.forms FROM wanted w "
                     "CROSS JOIN doc_entities de ON de.family = w.family AND de.norm = w.norm "
                     "WHERE json_array_length(de.forms) > 1")


def settle_removed_slots(db: Database, slots: Sequence[Slot],
                         acronyms: Iterable[tuple[str, str]]) -> list[Slot]:
    """What the removed records leave, in one short transaction: slots with no record left are
    deleted with their name lookups, the others get their first record again; the
    organizations' acronyms become `acronyms` (recomputed from their remaining records).
    Returns the slots that still have records."""
    with write_transaction(db):
        kept: list[Slot] = []
        for family, norm in slots:
            first = db.execute("SELECT MIN(id) FROM doc_entities WHERE family = ? AND norm = ?",
                               [family, norm]).fetchone()[0]
            if first is None:
                db.execute("DELETE FROM name_slots WHERE family = ? AND norm = ?", [family, norm])
                if family == "PERSON":
                    db.execute("DELETE FROM name_endings WHERE norm = ?", [norm])
            else:
                db.execute("UPDATE name_slots SET first_record = ? WHERE family = ? AND norm = ?",
                           [first, family, norm])
                kept.append((family, norm))
        for _, norm in (s for s in slots if s[0] == "ORG"):
            db.execute("DELETE FROM org_acronyms WHERE norm = ?", [norm])
        db.conn.executemany("INSERT OR IGNORE INTO org_acronyms (acronym, norm) VALUES (?, ?)",
                            list(acronyms))
    return kept


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
    return _per_slot(db, slots, f"SELECT {', '.join('s.' + c for c in _SLOT_COLUMNS.split(', '))} "
                                "FROM wanted w CROSS JOIN name_slots s "
                                "ON s.family = w.family AND s.norm = w.norm")


def _per_slot(db: Database, slots: Sequence[Slot], select: str) -> list[dict[str, Any]]:
    """Rows of `select` (which joins the `wanted` table) for the slots, a chunk at a time."""
    out: list[dict[str, Any]] = []
    for chunk in _chunks(sorted(set(slots))):
        wanted, params = _wanted(chunk)
        out += db.query(f"{wanted} {select}", params)
    return out


def _wanted(slots: Sequence[Slot]) -> tuple[str, list[str]]:
    """A `wanted(family, norm)` table of slots to drive a join by index (a row-value IN list
    would be a scan)."""
    values = ",".join("(?, ?)" for _ in slots)
    return f"WITH wanted(family, norm) AS (VALUES {values})", [v for s in slots for v in s]


def pending_slots(db: Database, through: int) -> list[dict[str, Any]]:
    """Slots not grouped yet, and slots of records added after record `through`."""
    columns = ", ".join("s." + c for c in _SLOT_COLUMNS.split(", "))
    return list(db.query(
        f"SELECT {columns} FROM name_slots s WHERE s.component IS NULL UNION "
        f"SELECT {columns} FROM (SELECT DISTINCT family, norm FROM doc_entities NOT INDEXED "
        "WHERE id > ?) n "
        "CROSS JOIN name_slots s ON s.family = n.family AND s.norm = n.norm", [through]))


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


def slot_names(db: Database, slots: Sequence[Slot]) -> list[dict[str, Any]]:
    """Per slot, each (written name, label) with its mentions and first record: what the
    canonical name of a group is chosen from."""
    return _per_slot(
        db, slots,
        "SELECT de.family, de.norm, de.name, de.label, SUM(de.mentions) AS mentions, "
        "MIN(de.id) AS first_id FROM wanted w CROSS JOIN doc_entities de "
        "ON de.family = w.family AND de.norm = w.norm "
        "GROUP BY de.family, de.norm, de.name, de.label")


def slot_forms(db: Database, slots: Sequence[Slot]) -> list[dict[str, Any]]:
    """Per slot, each written form with its records, mentions and first record: the aliases."""
    return _per_slot(
        db, slots,
        "SELECT de.family, de.norm, j.value AS form, COUNT(*) AS records, "
        "SUM(de.mentions) AS mentions, MIN(de.id) AS first_id "
        "FROM wanted w CROSS JOIN doc_entities de ON de.family = w.family "
        "AND de.norm = w.norm, json_each(de.forms) j "
        "GROUP BY de.family, de.norm, j.value")


def slot_totals(db: Database, slots: Sequence[Slot]) -> dict[str, Any]:
    """Mentions, documents and date range of the records of a group of slots."""
    wanted, params = _wanted(slots)
    row = db.execute(
        f"{wanted} SELECT COALESCE(SUM(de.mentions), 0), COUNT(DISTINCT de.document_id), "
        "MIN(NULLIF(d.date, '')), MAX(NULLIF(d.date, '')) FROM wanted w "
        "CROSS JOIN doc_entities de ON de.family = w.family AND de.norm = w.norm "
        "JOIN documents d ON d.id = de.document_id", params).fetchone()
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


def _rows(db: Database, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
    """Rows as dicts, straight from the cursor (sqlite-utils' `query` is slower per row)."""
    cursor = db.conn.execute(sql, params)
    names = [c[0] for c in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def all_slots(db: Database) -> list[dict[str, Any]]:
    """Every slot with its first record's written name, in order of first record."""
    return list(_rows(db,
        "SELECT de.family, de.norm, de.name, de.id AS first_record FROM doc_entities de "
        "JOIN (SELECT MIN(id) AS id FROM doc_entities WHERE family IS NOT NULL "
        "GROUP BY family, norm) f ON f.id = de.id ORDER BY de.id"
    ))


def organization_forms(db: Database) -> Iterator[dict[str, Any]]:
    """Distinct (slot, name, forms) of organization records with more than one form: the
    only records that can spell out an acronym."""
    yield from _rows(
        db, "SELECT DISTINCT norm, name, label, forms FROM doc_entities "
        "WHERE family = 'ORG' AND json_array_length(forms) > 1"
    )


def all_slot_names(db: Database) -> Iterator[dict[str, Any]]:
    yield from _rows(db,
        "SELECT family, norm, name, label, SUM(mentions) AS mentions, MIN(id) AS first_id "
        "FROM doc_entities WHERE family IS NOT NULL GROUP BY family, norm, name, label"
    )


def all_slot_forms(db: Database) -> Iterator[dict[str, Any]]:
    yield from _rows(db,
        "SELECT de.family, de.norm, j.value AS form, COUNT(*) AS records, "
        "SUM(de.mentions) AS mentions, MIN(de.id) AS first_id "
        "FROM doc_entities de, json_each(de.forms) j WHERE de.family IS NOT NULL "
        "GROUP BY de.family, de.norm, j.value"
    )


# ---------------------------------------------------------------- writes


_ENTITY_COLUMNS = ("id", "key", "name", "label", "mentions", "documents", "first_date",
                   "last_date")
_SLOT_ROW_COLUMNS = ("family", "norm", "entity_id", "component", "group_key", "parts", "ends",
                     "first_record")
_ALIAS_COLUMNS = ("entity_id", "alias", "norm", "count")


def _insert(db: Database, table: str, rows: Sequence[dict[str, Any]],
            columns: Sequence[str]) -> None:
    db.conn.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        f"({', '.join(':' + c for c in columns)})", rows)


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
                      "cooccurrence", "removed_slots"):
            db.execute(f"DELETE FROM {table}")
        _insert(db, "entities", entities, _ENTITY_COLUMNS)
        _insert(db, "name_slots", slots, _SLOT_ROW_COLUMNS)
        _insert(db, "aliases", aliases, _ALIAS_COLUMNS)
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
        epoch = _state_int(db, REGROUP_EPOCH) + 1
        _set_state(db, REGROUP_EPOCH, epoch)
        _set_state(db, FULL_EPOCH, epoch)
        db.execute("DELETE FROM entity_changes")
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
    settled: int = 0,
) -> bool:
    """Write an incremental regrouping in one short transaction; False (nothing written) if
    another regrouping was written since `marks` were read (the caller recomputes).

    `removed`: entity ids that no longer exist; `entities`: the region's entity rows (inserted
    or updated); `slots`: their slots' rows; `moved`: slots whose records change entity;
    `aliases`: the alias rows of every entity written; `rebuilt`: entities whose membership
    changed, whose co-occurrence rows are recomputed (others are incremented by the new
    records' passages); `settled`: the last `removed_slots` row this regrouping dealt with.
    """
    with write_transaction(db):
        if regroup_marks(db) != marks:
            return False
        db.execute("DELETE FROM removed_slots WHERE id <= ?", [settled])
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
        db.conn.executemany(
            f"INSERT INTO entities ({', '.join(_ENTITY_COLUMNS)}) VALUES "
            f"({', '.join(':' + c for c in _ENTITY_COLUMNS)}) ON CONFLICT(id) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in _ENTITY_COLUMNS if c != "id"), entities)
        db.conn.executemany(
            "UPDATE name_slots SET entity_id = :entity_id, component = :component, "
            "group_key = :group_key WHERE family = :family AND norm = :norm", slots)
        db.conn.executemany(
            "UPDATE doc_entities SET entity_id = (SELECT entity_id FROM name_slots s WHERE "
            "s.family = ? AND s.norm = ?) WHERE family = ? AND norm = ?",
            [(f, n, f, n) for f, n in moved])
        db.execute(
            "UPDATE doc_entities SET entity_id = (SELECT s.entity_id FROM name_slots s "
            "WHERE s.family = doc_entities.family AND s.norm = doc_entities.norm) "
            "WHERE id > ?", [through])
        _insert(db, "aliases", aliases, _ALIAS_COLUMNS)
        _count_new_pairs(db, through, set(rebuilt) | set(removed))
        for entity_id in rebuilt:
            _rebuild_cooccurrence(db, entity_id)
        _set_state(db, GROUPED_THROUGH, max(through, max_record_id(db)))
        epoch = marks[1] + 1
        _set_state(db, REGROUP_EPOCH, epoch)
        db.conn.executemany("INSERT INTO entity_changes (epoch, entity_id) VALUES (?, ?)",
                            [(epoch, i) for i in sorted(set(ids) | set(removed))])
        db.execute("DELETE FROM entity_changes WHERE epoch < ?", [epoch - KEPT_CHANGES])
        bump_generation(db)
    return True


def _count_new_pairs(db: Database, through: int, skip: set[int]) -> None:
    """Add the passages the new records (id > `through`) share to their entities'
    co-occurrence, counted once per passage and entity pair; entities in `skip` are recounted
    whole instead. Reads only the new records' mentions."""
    # A passage belongs to one document, so the new records' passages hold only new records.
    counts = db.execute(
        """WITH new AS MATERIALIZED (
               SELECT m.passage_id, a.entity_id FROM doc_entities a
               JOIN mentions m ON m.doc_entity_id = a.id
               WHERE a.id > ? AND a.entity_id IS NOT NULL AND m.passage_id IS NOT NULL)
           SELECT x.entity_id, y.entity_id, COUNT(DISTINCT x.passage_id)
           FROM new x JOIN new y ON y.passage_id = x.passage_id AND y.entity_id != x.entity_id
           GROUP BY x.entity_id, y.entity_id""", [through]).fetchall()
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
