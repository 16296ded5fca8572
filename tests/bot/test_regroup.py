"""Incremental regrouping (one document at a time) gives the grouping a full regrouping gives."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import bot.regroup as regroup_module
from bot.ingest import delete_document, ingest_paths
from bot.models import MERGE, NOT_ENTITY, SPLIT, Correction
from bot.regroup import refresh_entities, regroup_new
from db.connection import open_db
from db.corrections import add_correction
from tests.conftest import shared_nlp

ROOT = Path(__file__).resolve().parents[2]

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


def test_a_curation_decision_regroups_only_its_entities_as_a_full_regrouping_would(
        folder, tmp_path, monkeypatch):
    db = open_db(tmp_path / "click.sqlite")
    _ingest_one_by_one(db, folder, {n for n, _ in STORIES})

    def entity(name: str) -> tuple[int, str]:
        return tuple(db.execute("SELECT id, key FROM entities WHERE name = ?", [name]).fetchone())

    def decide(correction: Correction, *ids: int) -> None:
        add_correction(db, correction)
        with monkeypatch.context() as m:  # the decision must not need the whole corpus
            m.setattr(regroup_module, "refresh_entities", _no_full_regrouping)
            regroup_module.regroup_new(db, entities=ids)
        incremental = snapshot(db)
        refresh_entities(db)
        assert snapshot(db) == incremental, correction

    def documents(name: str) -> int:
        return db.execute("SELECT documents FROM entities WHERE name = ?", [name]).fetchone()[0]

    npa_id, npa = entity("Norwegian Port Authority")
    before = documents("Norwegian Port Authority")
    decide(Correction(SPLIT, npa, "NPA", "", "Norwegian Port Authority"), npa_id)
    assert documents("Norwegian Port Authority") < before  # a bare "NPA" record left it
    tor_id, tor = entity("Tor Berge")
    knut_id, knut = entity("Knut Halvorsen")
    decide(Correction(MERGE, tor, "Tor Berge", knut, "Knut Halvorsen"), tor_id, knut_id)
    assert db.execute("SELECT COUNT(*) FROM entities WHERE name IN ('Tor Berge', 'Knut Halvorsen')"
                      ).fetchone()[0] == 1
    bergen_id, bergen = entity("Bergen")
    decide(Correction(NOT_ENTITY, bergen, "Bergen"), bergen_id)
    assert db.execute("SELECT COUNT(*) FROM entities WHERE name = 'Bergen'").fetchone()[0] == 0


def test_removing_and_replacing_documents_regroup_what_they_touched_as_a_full_regrouping_would(
        folder, tmp_path, monkeypatch):
    db = open_db(tmp_path / "remove.sqlite")
    _ingest_one_by_one(db, folder, {n for n, _ in STORIES})
    for file in sorted(folder.glob("seed_*.txt"))[:2]:
        ingest_paths(db, [file], nlp=shared_nlp())

    def incrementally(change) -> None:
        with monkeypatch.context() as m:  # the change must not need the whole corpus
            m.setattr(regroup_module, "refresh_entities", _no_full_regrouping)
            change()
        assert db["removed_slots"].count == 0
        incremental = snapshot(db)
        refresh_entities(db)
        assert snapshot(db) == incremental

    def document(name: str) -> int:
        return db.execute("SELECT id FROM documents WHERE path LIKE ?", [f"%/{name}"]).fetchone()[0]

    # The document that spells out "NPA" and names Eva Halvorsen goes: the acronym and the
    # full name it alone provided go with it.
    incrementally(lambda: delete_document(db, document("b.txt")))
    assert "norwegian port authority|ORG" not in snapshot(db)
    # A document rewritten: its old records go, its new ones come, in one ingest.
    (folder / "c.txt").write_text(STORIES[2][1].replace("Tor Berge", "Tor Bergersen"),
                                  encoding="utf-8")
    incrementally(lambda: ingest_paths(db, [folder / "c.txt"], nlp=shared_nlp()))
    # A seed article goes, with the many names it shared with the other seed.
    incrementally(lambda: delete_document(db, document(sorted(folder.glob("seed_*"))[0].name)))
    # Every document goes: nothing is left.
    for (doc_id,) in db.execute("SELECT id FROM documents").fetchall():
        incrementally(lambda d=doc_id: delete_document(db, d))
    assert db["entities"].count == 0 and db["name_slots"].count == 0


def _no_full_regrouping(db) -> int:
    raise AssertionError("a curation decision fell back to a full regrouping")


def test_nothing_new_regroups_nothing(folder, tmp_path):
    db = open_db(tmp_path / "idle.sqlite")
    ingest_paths(db, [folder], nlp=shared_nlp())
    before = snapshot(db)
    assert regroup_new(db) == 0
    assert snapshot(db) == before


PROBE = """
import json, sqlite3, sys, time
from pathlib import Path
from db.connection import open_db
from db.conversations import claim_event
db = open_db(sys.argv[1])
db.execute("PRAGMA busy_timeout = 1000")  # a Slack event must be claimed within a second
stop, n, failures, longest = Path(sys.argv[2]), 0, [], 0.0
Path(sys.argv[3]).touch()
while not stop.exists():
    started = time.perf_counter()
    try:
        claim_event(db, f"Ev{n}")
    except sqlite3.OperationalError as exc:
        failures.append(str(exc))
    longest = max(longest, time.perf_counter() - started)
    n += 1
    time.sleep(0.002)
print(json.dumps({"claims": n, "failures": failures, "longest": longest}))
"""


def _many_records(db, documents: int, per_document: int, names: int) -> None:
    """A store with many entity records (what regrouping them all at once is slow on)."""
    with db.conn:
        db.conn.executemany(
            "INSERT INTO documents (id, path, content_hash, title, body, ingested_at) "
            "VALUES (?, ?, ?, 'x', '', '2024-01-01T00:00:00+00:00')",
            [(d, f"synthetic/{d}", f"s{d}") for d in range(1, documents + 1)])
        db.conn.executemany(
            "INSERT INTO doc_entities (document_id, name, label, forms, mentions) "
            "VALUES (?, ?, 'PERSON', ?, 1)",
            [(d, name, json.dumps([name, name.split()[-1]]))
             for d in range(1, documents + 1) for k in range(per_document)
             for name in [f"Person{(d * 7919 + k * 104729) % names} Family{k}"]])
    refresh_entities(db)


def test_a_slack_event_claimed_during_an_ingest_waits_under_a_second(tmp_path, seeds_dir):
    db = open_db(tmp_path / "busy.sqlite")
    _many_records(db, 4000, 20, 3000)
    stop, ready = tmp_path / "stop", tmp_path / "ready"
    probe = subprocess.Popen([sys.executable, "-c", PROBE, str(tmp_path / "busy.sqlite"),
                              str(stop), str(ready)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 30
        while not ready.exists() and time.time() < deadline:
            time.sleep(0.05)
        summary = ingest_paths(db, sorted(seeds_dir.glob("*.txt"))[:2], nlp=shared_nlp())
    finally:
        stop.touch()
        out, _ = probe.communicate(timeout=60)
    result = json.loads(out.strip().splitlines()[-1])
    assert summary.counts["new"] == 2
    assert result["claims"] > 10 and result["failures"] == [], result
    assert result["longest"] < 1.0, result
