"""bot.regroup: the documents' own entities regrouped into corpus entities, read from and
written to a real store, with the team's corrections applied on every regrouping."""

from __future__ import annotations

import pytest

from bot.models import MERGE, NOT_ENTITY, SPLIT, Correction
from bot.regroup import entity_key, refresh_entities
from db import documents
from db.connection import open_db
from db.corrections import add_correction
from tests.corpus import FERRY, HARBOUR, analyze_text, store

LARS = "lars christensen|PERSON"


@pytest.fixture(scope="module")
def analyzed(nlp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("regroup")
    return (analyze_text(nlp, folder, "harbour.txt", HARBOUR),
            analyze_text(nlp, folder, "ferry.txt", FERRY))


@pytest.fixture
def harbour(analyzed):
    return analyzed[0]


@pytest.fixture
def ferry(analyzed):
    return analyzed[1]


@pytest.fixture
def db(db_path):
    return open_db(db_path)


def _entities(db) -> dict[str, tuple]:
    """{key: (id, name, mentions, documents)} of the stored entities."""
    return {r["key"]: (r["id"], r["name"], r["mentions"], r["documents"])
            for r in db.query("SELECT * FROM entities")}


def _owner(db, record_name: str, document_id: int) -> str | None:
    """The key of the entity a document's record belongs to (None: no entity)."""
    row = db.execute(
        "SELECT e.key FROM doc_entities de LEFT JOIN entities e ON e.id = de.entity_id "
        "WHERE de.name = ? AND de.document_id = ?", [record_name, document_id]).fetchone()
    assert row is not None, f"no record {record_name!r} in document {document_id}"
    return row[0]


def test_an_entity_key_is_its_normalized_name_and_its_kind():
    assert entity_key("Lars Christensen", "PERSON") == LARS
    assert entity_key("  LARS  Christensen’s ", "PERSON") == LARS
    assert entity_key("The Élysée", "ORG") == "elysee|ORG"
    assert entity_key("Aarhus", "GPE") != entity_key("Aarhus", "ORG")


def test_a_later_bare_surname_joins_the_full_name_of_an_earlier_document(db, harbour, ferry):
    first = store(db, harbour)
    refresh_entities(db)
    lars_id = _entities(db)[LARS][0]
    later = store(db, ferry)
    count = refresh_entities(db)
    assert _owner(db, "Christensen", later) == LARS
    assert _owner(db, "Lars Christensen", first) == LARS
    assert _entities(db)[LARS] == (lars_id, "Lars Christensen", 3, 2)  # the id is kept
    assert count == db["entities"].count
    assert not documents.entities_stale(db)


def test_a_full_name_stored_later_takes_in_the_earlier_bare_surname(db, harbour, ferry):
    bare = store(db, ferry)
    refresh_entities(db)
    assert _owner(db, "Christensen", bare) == "christensen|PERSON"
    store(db, harbour)
    refresh_entities(db)
    assert _owner(db, "Christensen", bare) == LARS
    assert "christensen|PERSON" not in _entities(db)


def test_regrouping_an_unchanged_corpus_changes_no_entity(db, harbour, ferry):
    store(db, harbour)
    store(db, ferry)
    refresh_entities(db)
    before = _entities(db), list(db.query("SELECT * FROM aliases ORDER BY entity_id, norm"))
    generation = documents.generation(db)
    refresh_entities(db)
    assert (_entities(db), list(db.query("SELECT * FROM aliases ORDER BY entity_id, norm"))) == before
    assert documents.generation(db) == generation + 1  # caches keyed on it are refreshed


def test_an_entity_s_dates_span_its_documents(db, harbour, ferry):
    store(db, harbour)
    store(db, ferry)
    refresh_entities(db)
    row = db["entities"].get(_entities(db)[LARS][0])
    assert (row["first_date"], row["last_date"]) == (harbour.date.value, ferry.date.value)


def test_a_split_keeps_the_surname_apart_in_documents_added_after_it(db, harbour, ferry):
    first = store(db, harbour)
    refresh_entities(db)
    add_correction(db, Correction(SPLIT, LARS, "Christensen", "", "Lars Christensen"))
    later = store(db, ferry)
    refresh_entities(db)
    assert _owner(db, "Christensen", later) == "christensen|PERSON"
    assert _owner(db, "Lars Christensen", first) == LARS
    assert _entities(db)[LARS][2:] == (2, 1)


def test_not_an_entity_leaves_the_records_with_no_entity(db, harbour):
    document_id = store(db, harbour)
    refresh_entities(db)
    add_correction(db, Correction(NOT_ENTITY, "aarhus|GPE", "Aarhus"))
    refresh_entities(db)
    assert _owner(db, "Aarhus", document_id) is None
    assert "aarhus|GPE" not in _entities(db)
    assert db.execute("SELECT COUNT(*) FROM aliases WHERE norm = 'aarhus'").fetchone()[0] == 0


def test_a_merge_makes_two_entities_one(db, harbour):
    document_id = store(db, harbour)
    refresh_entities(db)
    add_correction(db, Correction(MERGE, "mette holm|PERSON", "Mette Holm", LARS,
                                  "Lars Christensen"))
    refresh_entities(db)
    assert _owner(db, "Mette Holm", document_id) == _owner(db, "Lars Christensen", document_id)
    (merged,) = [v for v in _entities(db).values() if v[1] in ("Lars Christensen", "Mette Holm")]
    assert merged[2] == 4  # both people's mentions
