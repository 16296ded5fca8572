"""db.entities: the documents' own entity records read out, a whole regrouping written back.

The regrouping written here is the test's own (which records are one thing is analysis, done in
`bot.regroup`); these tests check what the store does with it.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from db import documents
from db.connection import open_db
from db.entities import entity_ids_by_key, entity_records, replace_entities
from tests.corpus import FERRY, HARBOUR, analyze_text, store


@pytest.fixture(scope="module")
def analyzed(nlp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("entities")
    return (analyze_text(nlp, folder, "harbour.txt", HARBOUR),
            analyze_text(nlp, folder, "ferry.txt", FERRY))


@pytest.fixture
def db(db_path, analyzed):
    """The two documents stored, not yet grouped."""
    db = open_db(db_path)
    for document in analyzed:
        store(db, document)
    return db


def _record(db, name: str) -> dict:
    (row,) = [r for r in entity_records(db) if r["name"] == name]
    return row


def _entity(entity_id: int, key: str, name: str, label: str = "PERSON") -> dict:
    return {"id": entity_id, "key": key, "name": name, "label": label, "mentions": 1,
            "documents": 1}


def _grouping(db) -> dict[str, int | None]:
    return {r["name"]: r["entity_id"] for r in db.query("SELECT name, entity_id FROM doc_entities")}


def test_records_carry_their_forms_mentions_and_documents_date(db, analyzed):
    harbour, ferry = analyzed
    records = entity_records(db)
    assert [r["id"] for r in records] == sorted(r["id"] for r in records)
    assert [(r["name"], r["label"]) for r in records] == [
        (e.name, e.label) for document in analyzed for e in document.entities]
    lars = _record(db, "Lars Christensen")
    assert json.loads(lars["forms"]) == ["Lars Christensen", "Christensen"]
    assert lars["mentions"] == 2 and lars["date"] == harbour.date.value
    assert _record(db, "Christensen")["date"] == ferry.date.value


def test_no_entities_before_the_first_regrouping(db):
    assert entity_ids_by_key(db) == {}
    assert set(_grouping(db).values()) == {None}
    assert documents.entities_stale(db)


def test_a_regrouping_is_written_whole(db):
    lars, bare, holm = (_record(db, n)["id"] for n in ("Lars Christensen", "Christensen", "Mette Holm"))
    replace_entities(
        db,
        [_entity(1, "lars christensen|PERSON", "Lars Christensen"),
         _entity(2, "mette holm|PERSON", "Mette Holm")],
        [(1, lars), (1, bare), (2, holm)],
        [{"entity_id": 1, "alias": "Christensen", "norm": "christensen", "count": 3},
         {"entity_id": 2, "alias": "Holm", "norm": "holm", "count": 2}],
        [],
    )
    assert entity_ids_by_key(db) == {"lars christensen|PERSON": 1, "mette holm|PERSON": 2}
    grouping = _grouping(db)
    assert (grouping["Lars Christensen"], grouping["Christensen"], grouping["Mette Holm"]) == (1, 1, 2)
    assert grouping["Aarhus"] is None  # assigned to nothing
    assert {(r["entity_id"], r["norm"]) for r in db["aliases"].rows} == {(1, "christensen"), (2, "holm")}


def test_a_new_regrouping_replaces_the_old_one_and_keeps_the_ids_it_is_given(db):
    lars, bare = _record(db, "Lars Christensen")["id"], _record(db, "Christensen")["id"]
    replace_entities(db, [_entity(5, "lars christensen|PERSON", "Lars Christensen"),
                          _entity(6, "christensen|PERSON", "Christensen")],
                     [(5, lars), (6, bare)],
                     [{"entity_id": 6, "alias": "Christensen", "norm": "christensen", "count": 1}],
                     [])
    replace_entities(db, [_entity(5, "lars christensen|PERSON", "Lars Christensen")],
                     [(5, lars), (5, bare)],
                     [{"entity_id": 5, "alias": "Christensen", "norm": "christensen", "count": 3}],
                     [])
    assert entity_ids_by_key(db) == {"lars christensen|PERSON": 5}
    assert [(r["entity_id"], r["count"]) for r in db["aliases"].rows] == [(5, 3)]
    assert _grouping(db)["Christensen"] == 5


def test_dropped_records_belong_to_no_entity(db):
    aarhus = _record(db, "Aarhus")["id"]
    replace_entities(db, [_entity(1, "aarhus|GPE", "Aarhus", "GPE")], [(1, aarhus)], [], [])
    assert _grouping(db)["Aarhus"] == 1
    replace_entities(db, [], [], [], [aarhus])
    assert _grouping(db)["Aarhus"] is None
    assert db["entities"].count == 0


def test_writing_a_regrouping_clears_the_stale_flag_and_bumps_the_generation(db):
    before = documents.generation(db)
    replace_entities(db, [], [], [], [])
    assert not documents.entities_stale(db)
    assert documents.generation(db) == before + 1


def test_a_regrouping_that_fails_halfway_leaves_the_previous_one(db):
    lars = _record(db, "Lars Christensen")["id"]
    replace_entities(db, [_entity(1, "lars christensen|PERSON", "Lars Christensen")], [(1, lars)],
                     [{"entity_id": 1, "alias": "Christensen", "norm": "christensen", "count": 2}],
                     [])
    generation = documents.generation(db)
    documents.mark_entities_stale(db)
    duplicate_alias = {"entity_id": 2, "alias": "Holm", "norm": "holm", "count": 1}
    with pytest.raises(sqlite3.IntegrityError):
        replace_entities(db, [_entity(2, "mette holm|PERSON", "Mette Holm")], [(2, lars)],
                         [duplicate_alias, duplicate_alias], [])
    assert entity_ids_by_key(db) == {"lars christensen|PERSON": 1}
    assert _grouping(db)["Lars Christensen"] == 1
    assert [r["norm"] for r in db["aliases"].rows] == ["christensen"]
    assert documents.entities_stale(db)  # still to be done
    assert documents.generation(db) == generation + 1  # only the mark_entities_stale above
    assert not db.conn.in_transaction
