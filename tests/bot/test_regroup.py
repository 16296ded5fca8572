"""Incremental regrouping (one document at a time) gives the grouping a full regrouping gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.ingest import ingest_paths
from bot.models import MERGE, SPLIT, Correction
from bot.regroup import refresh_entities, regroup_new
from db.connection import open_db
from db.corrections import add_correction
from tests.conftest import shared_nlp

# Written so that later documents change earlier groupings: a surname first alone, then its
# one full name, then a second person sharing it; an acronym, then its expansion, then a
# second organization spelling it the same way.
STORIES = [
    ("a.txt", "Harbour works begin\n\nMay 2, 2021\n\nHalvorsen said the harbour would reopen "
              "in June. The NPA approved the plan on Monday."),
    ("b.txt", "Port director named\n\nMay 9, 2021\n\nMinister Eva Halvorsen named a new port "
              "director. The Norwegian Port Authority (NPA) welcomed the choice; Halvorsen "
              "thanked the NPA staff in Bergen."),
    ("c.txt", "Ferries return\n\nJune 1, 2021\n\nHalvorsen met Tor Berge in Bergen on Tuesday. "
              "Berge said the ferries would return. Halvorsen agreed."),
    ("d.txt", "A second Halvorsen\n\nJune 20, 2021\n\nKnut Halvorsen, the mayor of Bergen, met "
              "Tor Berge. The National Press Association (NPA) covered the meeting. Berge and "
              "Halvorsen spoke to reporters in Bergen."),
]


def snapshot(db) -> dict:
    """The grouping as sets: per entity key, its name, label, totals, records, aliases and
    co-occurrence (by key): what both paths must agree on, whatever ids they chose."""
    key_of = {r[0]: r[1] for r in db.execute("SELECT id, key FROM entities")}
    out = {}
    for row in db.query("SELECT * FROM entities"):
        records = {r[0] for r in db.execute(
            "SELECT id FROM doc_entities WHERE entity_id = ?", [row["id"]])}
        alias_rows = {tuple(r) for r in db.execute(
            "SELECT alias, norm, count FROM aliases WHERE entity_id = ?", [row["id"]])}
        shared = {(key_of[r[0]], r[1]) for r in db.execute(
            "SELECT other_id, shared FROM cooccurrence WHERE entity_id = ?", [row["id"]])}
        out[row["key"]] = (row["name"], row["label"], row["mentions"], row["documents"],
                           row["first_date"], row["last_date"], records, alias_rows, shared)
    return out


def _ingest_one_by_one(db, folder: Path, names) -> None:
    for name, _ in STORIES:
        if name in names:
            ingest_paths(db, [folder / name], nlp=shared_nlp())


@pytest.fixture
def folder(tmp_path, seeds_dir) -> Path:
    out = tmp_path / "docs"
    out.mkdir()
    for name, text in STORIES:
        (out / name).write_text(text, encoding="utf-8")
    for seed in sorted(seeds_dir.glob("*.txt")):
        shutil.copy(seed, out / f"seed_{seed.name}")
    return out


def test_incremental_and_full_regrouping_agree_document_by_document(folder, tmp_path):
    db = open_db(tmp_path / "inc.sqlite")
    for file in sorted(folder.glob("seed_*.txt")) + [folder / n for n, _ in STORIES]:
        ingest_paths(db, [file], nlp=shared_nlp())
        incremental = snapshot(db)
        refresh_entities(db)
        assert snapshot(db) == incremental, f"after {file.name}"
    keys = set(snapshot(db))
    assert "halvorsen|PERSON" in keys  # two Halvorsens: the bare surname stands apart


def test_incremental_grouping_follows_corrections(folder, tmp_path):
    db = open_db(tmp_path / "cur.sqlite")
    _ingest_one_by_one(db, folder, {"a.txt", "b.txt"})
    eva = db.execute("SELECT key FROM entities WHERE name = 'Eva Halvorsen'").fetchone()[0]
    berge_free = db.execute("SELECT key FROM entities WHERE key LIKE 'bergen|%'").fetchone()
    add_correction(db, Correction(SPLIT, eva, "Halvorsen", "", "Eva Halvorsen"))
    if berge_free:
        add_correction(db, Correction(MERGE, eva, "Eva Halvorsen", berge_free[0], "Bergen"))
    refresh_entities(db)
    _ingest_one_by_one(db, folder, {"c.txt", "d.txt"})
    incremental = snapshot(db)
    refresh_entities(db)
    assert snapshot(db) == incremental


def test_nothing_new_regroups_nothing(folder, tmp_path):
    db = open_db(tmp_path / "idle.sqlite")
    ingest_paths(db, [folder], nlp=shared_nlp())
    before = snapshot(db)
    assert regroup_new(db) == 0
    assert snapshot(db) == before
