"""Regrouping: every document's own entities grouped into one entity per real thing.

A new document can resolve an old one's bare surname ("Abe" → "Shinzo Abe") or make it
ambiguous ("Hillary Clinton" arrives, "Clinton" no longer means Bill), so grouping is about
the corpus, not one document. The grouping itself is analysis (`bot.pipeline.aliases`,
`bot.pipeline.curation`); this module reads names from the store, runs it, and hands the
result back to the store to write. It works on *slots* (label family + normalized name: every
record of a slot always lands in one group), so its cost follows distinct names, not records.

Two paths, one answer (a test ingests a corpus both ways and compares):
- `regroup_new` (after an ingest): the new records' slots, and the slots whose grouping they
  can change, are found by indexed lookups; only their groups are recomputed and rewritten,
  in one short write transaction;
- `refresh_entities` (after a removal or a curation decision, and `newsdesk reindex`):
  every slot at once.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from bot.models import MERGE, SPLIT
from bot.pipeline import aliases
from bot.pipeline.curation import apply_corrections
from db import entities as store
from db.corrections import load_corrections
from db.documents import entities_stale

log = logging.getLogger(__name__)

Slot = tuple[str, str]
# An incremental regrouping touching more slots than this is not worth doing by lookups.
MAX_REGION = 20_000


def entity_key(name: str, label: str) -> str:
    """The stable key of an entity: its normalized canonical name and its kind."""
    return f"{aliases.normalize_name(name)}|{label}"


@dataclass
class SlotInfo:
    """One slot as the grouping sees it."""

    family: str
    norm: str
    name: str  # its first record's written name
    first_record: int
    acronyms: frozenset[str] = frozenset()

    @property
    def slot(self) -> Slot:
        return (self.family, self.norm)


@dataclass
class Plan:
    """A regrouping computed, ready to write."""

    entities: list[dict[str, Any]]
    slots: list[dict[str, Any]]  # name_slots rows
    aliases: list[dict[str, Any]]


# ---------------------------------------------------------------- shared: slots → entities


def _slot_row(family: str, norm: str, first_record: int) -> dict[str, Any]:
    parts = aliases.parts_of_norm(norm) if family == "PERSON" else ()
    return {"family": family, "norm": norm, "parts": " ".join(parts) or None,
            "ends": f"{parts[0]} {parts[-1]}" if len(parts) >= 2 else None,
            "first_record": first_record}


def _endings(norm: str) -> list[tuple[str, str]]:
    parts = aliases.parts_of_norm(norm)
    if len(parts) < 2:
        return []
    return [(" ".join(key), norm) for key in aliases.person_ending_keys(parts)]


def _record_acronyms(name: str, label: str, forms_json: str) -> set[str]:
    if label != "ORG" or not forms_json or "," not in forms_json:
        return set()
    return aliases.spelled_acronyms(name, label, json.loads(forms_json))


def _canonical(rows: Iterable[Mapping[str, Any]]) -> tuple[str, str]:
    """The canonical name of a group from its (name, label, mentions, first_id) rows: the
    same choice as over its records, which these rows sum up in record order."""
    records = [aliases.EntityRecord(r["first_id"], r["name"], r["label"],
                                    mention_count=r["mentions"])
               for r in sorted(rows, key=lambda r: r["first_id"])]
    return aliases.canonical_name(records)


def _alias_rows(entity_id: int, forms: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per normalized form: its mentions, spelled as most records spell it."""
    counts: Counter[str] = Counter()
    spelled: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for row in sorted(forms, key=lambda r: (r["first_id"], r["form"])):
        norm = aliases.normalize_name(row["form"])
        counts[norm] += row["mentions"]
        seen = spelled[norm].setdefault(row["form"], [0, row["first_id"]])
        seen[0] += row["records"]
        seen[1] = min(seen[1], row["first_id"])
    return [
        {"entity_id": entity_id, "norm": norm, "count": count,
         "alias": min(spelled[norm].items(), key=lambda kv: (-kv[1][0], kv[1][1], kv[0]))[0]}
        for norm, count in counts.items()
    ]


def _plan_groups(
    infos: Sequence[SlotInfo],
    names_of: Callable[[Sequence[Slot]], list[Mapping[str, Any]]],
    corrections: Sequence[Any],
    memo: Memo,
) -> tuple[list[list[int]], list[int], dict[int, int], dict[int, str], Callable]:
    """Group slots (indexes into `infos`, sorted by first record), then apply the team's
    corrections: (groups, dropped slots, slot → automatic component, slot → key of its group
    before merges, key_of)."""
    groups = aliases.group_slots([aliases.NameSlot(i.family, i.norm, i.acronyms) for i in infos])
    component = {k: infos[g[0]].first_record for g in groups for k in g}

    def key_of(group: Sequence[int]) -> str:
        return entity_key(*_canonical_of(infos, group, names_of, memo))

    records = [aliases.EntityRecord(i.first_record, i.name, i.family) for i in infos]
    splits = [c for c in corrections if c.kind == SPLIT]
    pieces, _ = apply_corrections(records, groups, splits, key_of)
    piece_key = {k: key_of(p) for p in pieces for k in p}
    final, dropped = apply_corrections(records, groups, corrections, key_of)
    return final, dropped, component, piece_key, key_of


Memo = dict[tuple[int, ...], tuple[str, str]]


def _canonical_of(infos: Sequence[SlotInfo], group: Sequence[int],
                  names_of: Callable[[Sequence[Slot]], list[Mapping[str, Any]]],
                  memo: Memo) -> tuple[str, str]:
    """The canonical name of a group of slots, computed once per regrouping (`memo`)."""
    key = tuple(sorted(group))
    found = memo.get(key)
    if found is None:
        found = memo[key] = _canonical(names_of([infos[k].slot for k in key]))
    return found


def _plan(
    infos: Sequence[SlotInfo],
    groups: Sequence[Sequence[int]],
    dropped: Sequence[int],
    component: Mapping[int, int],
    piece_key: Mapping[int, str],
    names_of: Callable[[Sequence[Slot]], list[Mapping[str, Any]]],
    forms_of: Callable[[Sequence[Slot]], list[Mapping[str, Any]]],
    ids_by_key: Callable[[str], int | None],
    next_id: int,
    memo: Memo,
) -> Plan:
    """Entity rows (totals filled by the caller), slot rows and alias rows for the groups."""
    plan = Plan([], [], [])
    seen_keys: set[str] = set()
    for group in groups:
        slots = [infos[k].slot for k in group]
        name, label = _canonical_of(infos, group, names_of, memo)
        key = entity_key(name, label)
        if key in seen_keys:  # two groups with one canonical form: keep them apart
            key = f"{key}#{infos[group[0]].first_record}"
        seen_keys.add(key)
        entity_id = ids_by_key(key)
        if entity_id is None:
            entity_id, next_id = next_id, next_id + 1
        plan.entities.append({"id": entity_id, "key": key, "name": name, "label": label,
                              "mentions": 0, "documents": 0, "first_date": None,
                              "last_date": None})
        plan.aliases += _alias_rows(entity_id, forms_of(slots))
        plan.slots += [_slot_state(infos[k], entity_id, component, piece_key, k) for k in group]
    plan.slots += [_slot_state(infos[k], None, component, piece_key, k) for k in dropped]
    return plan


def _slot_state(info: SlotInfo, entity_id: int | None, component: Mapping[int, int],
                piece_key: Mapping[int, str], k: int) -> dict[str, Any]:
    return {**_slot_row(info.family, info.norm, info.first_record), "entity_id": entity_id,
            "component": component[k], "group_key": piece_key[k]}


# ---------------------------------------------------------------- full


def refresh_entities(db: Database) -> int:
    """Regroup every slot of the corpus; returns the number of entities.

    For a removal (a surname it alone resolved becomes ambiguous again), a curation decision,
    and `newsdesk reindex`. Reads names per slot, not per record."""
    _fill_slots(db)
    infos, endings, acronym_rows = _all_slot_infos(db)
    names: dict[Slot, list[dict[str, Any]]] = defaultdict(list)
    for row in store.all_slot_names(db):
        names[(row["family"], row["norm"])].append(row)
    forms: dict[Slot, list[dict[str, Any]]] = defaultdict(list)
    for row in store.all_slot_forms(db):
        forms[(row["family"], row["norm"])].append(row)

    def names_of(slots: Sequence[Slot]) -> list[Mapping[str, Any]]:
        return [r for s in slots for r in names[s]]

    def forms_of(slots: Sequence[Slot]) -> list[Mapping[str, Any]]:
        return [r for s in slots for r in forms[s]]

    memo: Memo = {}
    groups, dropped, component, piece_key, _ = _plan_groups(infos, names_of,
                                                            load_corrections(db), memo)
    existing = store.entity_ids_by_key(db)
    plan = _plan(infos, groups, dropped, component, piece_key, names_of, forms_of,
                 existing.get, max(existing.values(), default=0) + 1, memo)
    store.replace_entities(db, plan.entities, plan.slots, plan.aliases, endings, acronym_rows)
    log.info("entities regrouped slots=%d entities=%d", len(infos), len(plan.entities))
    return len(plan.entities)


def _fill_slots(db: Database) -> int:
    """Compute the slot of every record that has none yet, in short transactions; register
    new slots and their name lookups. Returns the number of records filled."""
    done = 0
    while True:
        rows = store.unslotted_records(db)
        if not rows:
            return done
        record_slots, slots, endings, acronyms = [], {}, [], []
        for row in rows:
            family = aliases.label_family(row["label"])
            norm = aliases.normalize_name(row["name"])
            record_slots.append((family, norm, row["id"]))
            if (family, norm) not in slots:
                slots[(family, norm)] = _slot_row(family, norm, row["id"])
                if family == "PERSON":
                    endings += _endings(norm)
            acronyms += [(a, norm) for a in _record_acronyms(row["name"], row["label"],
                                                             row["forms"])]
        store.write_record_slots(db, record_slots, list(slots.values()), endings, acronyms)
        done += len(rows)


def _all_slot_infos(db: Database) -> tuple[list[SlotInfo], list[tuple[str, str]],
                                           list[tuple[str, str]]]:
    acronyms: dict[str, set[str]] = defaultdict(set)
    for row in store.organization_forms(db):
        for acronym in _record_acronyms(row["name"], row["label"], row["forms"]):
            acronyms[row["norm"]].add(acronym)
    infos = [
        SlotInfo(r["family"], r["norm"], r["name"], r["first_record"],
                 frozenset(acronyms.get(r["norm"], ())) if r["family"] == "ORG" else frozenset())
        for r in store.all_slots(db)
    ]
    endings = [e for i in infos if i.family == "PERSON" for e in _endings(i.norm)]
    acronym_rows = [(a, norm) for norm, found in acronyms.items() for a in found]
    return infos, endings, acronym_rows


# ---------------------------------------------------------------- incremental


def regroup_new(db: Database, *, entities: Sequence[int] = ()) -> int:
    """Group the records added since the last regrouping, regroup what removed records left
    (a document removed or replaced), and regroup `entities` (a curation decision about them
    was stored); returns the entities rewritten.

    Falls back to `refresh_entities` when a full regrouping is due (a store marked stale,
    slots never computed) or when the lookups cannot decide locally (a key collision, a
    region too large)."""
    for _ in range(3):
        if entities_stale(db) or store.unslotted_count(db) > 50_000:
            return refresh_entities(db)
        _fill_slots(db)
        outcome = _regroup_region(db, entities, _settle_removals(db))
        if outcome is None:
            return refresh_entities(db)
        if outcome >= 0:
            return outcome
    return refresh_entities(db)


@dataclass(frozen=True)
class Removals:
    """What removed records left: the slots to regroup (theirs that still have records, and
    those related), the entities they belonged to, and the last `removed_slots` row read."""

    kept: tuple[Slot, ...] = ()
    entities: frozenset[int] = frozenset()
    through: int = 0


def _settle_removals(db: Database) -> Removals:
    """Delete the slots removed records emptied, re-date the first record of the others and
    recompute their organizations' acronyms (a short write). The slots to regroup are those
    left and every slot related to one removed (what a removed full name resolved, say)."""
    rows = store.removed_slots(db)
    if not rows:
        return Removals()
    slots = sorted({(r["family"], r["norm"]) for r in rows})
    before = store.slots_named(db, slots)
    related = _Region(db)._neighbours(before)
    # The short names a removed full name answered to ("Halvorsen" for "Eva Halvorsen").
    related += store.slots_where(db, "parts", [
        " ".join(k) for r in before if r["family"] == "PERSON" and r["parts"]
        for k in aliases.person_ending_keys(tuple(r["parts"].split()))])
    acronyms = [(a, r["norm"])
                for r in store.remaining_organization_forms(db, [n for f, n in slots if f == "ORG"])
                for a in _record_acronyms(r["name"], r["label"], r["forms"])]
    kept = store.settle_removed_slots(db, slots, acronyms)
    emptied = set(slots) - set(kept)
    seeds = set(kept) | {(r["family"], r["norm"]) for r in related} - emptied
    return Removals(tuple(sorted(seeds)),
                    frozenset(r["entity_id"] for r in rows if r["entity_id"]), rows[-1]["id"])


def _regroup_region(db: Database, entities: Sequence[int] = (),
                    removals: Removals = Removals()) -> int | None:
    """One attempt: the number of entities written, -1 if another writer got in first, None
    if only a full regrouping can decide."""
    db.execute("BEGIN")  # one consistent snapshot for every read (WAL: writers carry on)
    try:
        marks = store.regroup_marks(db)
        plan = _region_plan(db, marks[0], [*entities, *removals.entities], removals.kept)
    finally:
        db.execute("COMMIT")
    if plan is None:
        return None
    if not plan.entities and not plan.slots and not removals.through:
        return 0
    removed, rebuilt, moved = plan.changes
    if removals.entities:  # entities the removed records belonged to: gone, or recounted
        kept_ids = {e["id"] for e in plan.entities}
        removed = sorted(set(removed) | (removals.entities - kept_ids))
        rebuilt = sorted(set(rebuilt) | (removals.entities & kept_ids))
    ok = store.write_region(db, marks=marks, removed=removed, entities=plan.entities,
                            slots=plan.slots, moved=moved, aliases=plan.aliases, rebuilt=rebuilt,
                            settled=removals.through)
    if not ok:
        return -1
    log.info("entities regrouped incrementally slots=%d entities=%d rebuilt=%d removed=%d",
             len(plan.slots), len(plan.entities), len(rebuilt), len(removed))
    return len(plan.entities)


@dataclass
class RegionPlan(Plan):
    changes: tuple[list[int], list[int], list[Slot]] = ([], [], [])


class _Region:
    """The slots whose grouping a set of new names can change, closed under the lookups the
    grouping makes, so that grouping them alone decides as grouping the corpus would."""

    def __init__(self, db: Database):
        self.db = db
        self.rows: dict[Slot, dict[str, Any]] = {}
        self.acronyms: dict[str, set[str]] = defaultdict(set)  # org norm → acronyms

    def add(self, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        fresh = [r for r in rows if (r["family"], r["norm"]) not in self.rows]
        for r in fresh:
            self.rows[(r["family"], r["norm"])] = r
        return fresh

    def close(self, seeds: list[dict[str, Any]], extra_keys: set[str]) -> bool:
        """Grow the region from `seeds` until closed; False if it grew past MAX_REGION."""
        todo = self.add(seeds)
        todo += self.add(store.slots_where(self.db, "group_key", sorted(extra_keys)))
        while todo:
            if len(self.rows) > MAX_REGION:
                return False
            todo = self.add(self._neighbours(todo))
        return True

    def _neighbours(self, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        db, out = self.db, []
        out += store.slots_where(db, "component", [r["component"] for r in rows
                                                    if r["component"] is not None])
        out += store.slots_where(db, "entity_id", [r["entity_id"] for r in rows
                                                    if r["entity_id"] is not None])
        people = [r for r in rows if r["family"] == "PERSON" and r["parts"]]
        out += store.slots_where(db, "ends", [r["ends"] for r in people if r["ends"]])
        owners = store.full_names_ending(db, [r["parts"] for r in people])
        out += store.slots_named(db, [("PERSON", n) for n in owners])
        # A new full name can take over (or make ambiguous) the short names it answers to.
        new_full = [r for r in people if r["component"] is None and r["ends"]]
        keys = [" ".join(k) for r in new_full
                for k in aliases.person_ending_keys(tuple(r["parts"].split()))]
        out += store.slots_where(db, "parts", keys)
        orgs = [r["norm"] for r in rows if r["family"] == "ORG"]
        links = store.acronym_links(db, "norm", orgs) + store.acronym_links(db, "acronym", orgs)
        named = {a for a, _ in links}
        links += store.acronym_links(db, "acronym", sorted(named))
        for acronym, norm in links:
            self.acronyms[norm].add(acronym)
        out += store.slots_named(db, [("ORG", n) for pair in links for n in pair])
        return out

    def infos(self) -> list[SlotInfo]:
        rows = sorted(self.rows.values(), key=lambda r: r["first_record"])
        return [SlotInfo(r["family"], r["norm"], "", r["first_record"],
                         frozenset(self.acronyms.get(r["norm"], ())) if r["family"] == "ORG"
                         else frozenset()) for r in rows]


def _region_plan(db: Database, through: int, entities: Sequence[int] = (),
                 slots: Sequence[Slot] = ()) -> RegionPlan | None:
    """The regrouping of the new records' slots, of `slots` and of the `entities`' slots, with
    every slot their grouping can change; None when only the whole corpus can decide."""
    seeds = store.pending_slots(db, through)
    if entities:
        seeds += store.slots_where(db, "entity_id", list(entities))
    if slots:
        seeds += store.slots_named(db, list(slots))
    if not seeds:
        return RegionPlan([], [], [])
    corrections = load_corrections(db)
    merge_keys: set[str] = set()
    region = _Region(db)
    while True:
        if not region.close(seeds, merge_keys):
            return None
        infos = region.infos()
        _name_first_records(db, infos)
        names_of, forms_of = _cached_reads(db)
        memo: Memo = {}
        groups, dropped, component, piece_key, _ = _plan_groups(infos, names_of, corrections,
                                                                memo)
        keys = set(piece_key.values())
        partners = {c.other_key if c.entity_key in keys else c.entity_key
                    for c in corrections if c.kind == MERGE
                    and (c.entity_key in keys or c.other_key in keys)} - keys
        if not partners - merge_keys:
            break
        merge_keys |= partners
        seeds = []
    old_entities = {r["entity_id"] for r in region.rows.values() if r["entity_id"] is not None}
    planned_keys = [entity_key(*_canonical_of(infos, g, names_of, memo)) for g in groups]
    known = store.entity_ids_by_keys(db, planned_keys)
    if any(entity_id not in old_entities for entity_id in known.values()):
        return None  # a group outside the region holds the key: decide over the corpus
    plan = _plan(infos, groups, dropped, component, piece_key, names_of, forms_of, known.get,
                 store.max_entity_id(db) + 1, memo)
    for entity in plan.entities:
        slots = [(s["family"], s["norm"]) for s in plan.slots if s["entity_id"] == entity["id"]]
        entity.update(store.slot_totals(db, slots))
    return RegionPlan(plan.entities, plan.slots, plan.aliases,
                      _changes(region.rows, plan, old_entities))


def _name_first_records(db: Database, infos: Sequence[SlotInfo]) -> None:
    """Fill each slot's first written name (what a split decision compares)."""
    rows = db.query(
        "SELECT id, name FROM doc_entities WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps([i.first_record for i in infos])])
    names = {r["id"]: r["name"] for r in rows}
    for info in infos:
        info.name = names.get(info.first_record, info.norm)


def _cached_reads(db: Database):
    names: dict[Slot, list[dict[str, Any]]] = {}
    forms: dict[Slot, list[dict[str, Any]]] = {}

    def fetch(cache: dict, read: Callable, slots: Sequence[Slot]) -> list[Mapping[str, Any]]:
        missing = [s for s in slots if s not in cache]
        if missing:
            for s in missing:
                cache[s] = []
            for row in read(db, missing):
                cache[(row["family"], row["norm"])].append(row)
        return [r for s in slots for r in cache[s]]

    return (lambda slots: fetch(names, store.slot_names, slots),
            lambda slots: fetch(forms, store.slot_forms, slots))


def _changes(
    before: Mapping[Slot, Mapping[str, Any]], plan: Plan, old_entities: set[int]
) -> tuple[list[int], list[int], list[Slot]]:
    """(entities gone, entities whose membership changed, slots whose entity changed)."""
    new_ids = {e["id"] for e in plan.entities}
    removed = sorted(old_entities - new_ids)
    old_members: dict[int, set[Slot]] = defaultdict(set)
    for slot, row in before.items():
        if row["entity_id"] is not None:
            old_members[row["entity_id"]].add(slot)
    new_members: dict[int, set[Slot]] = defaultdict(set)
    moved: list[Slot] = []
    for row in plan.slots:
        slot = (row["family"], row["norm"])
        old = before[slot]
        if row["entity_id"] is not None:
            new_members[row["entity_id"]].add(slot)
        if old["component"] is not None and old["entity_id"] != row["entity_id"]:
            moved.append(slot)
    rebuilt = sorted(
        entity_id for entity_id, members in new_members.items()
        if not old_members.get(entity_id)
        or {s for s in members if before[s]["component"] is not None} != old_members[entity_id]
    )
    return removed, rebuilt, moved
