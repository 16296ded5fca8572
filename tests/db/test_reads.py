"""db.reads: what /who, /timeline and /search read, on a two-document corpus built once.

HARBOUR names "Lars Christensen" (then "Christensen"), Mette Holm and Aarhus; FERRY, a later
document, names "Christensen" and Copenhagen. Regrouped, Christensen is one person in both.
"""

from __future__ import annotations

import sqlite3

import pytest

from bot.regroup import refresh_entities
from db import reads
from db.connection import open_db, write_transaction
from tests.corpus import FERRY, HARBOUR, analyze_text, store


@pytest.fixture(scope="module")
def corpus(nlp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("reads")
    db = open_db(folder / "reads.sqlite")
    harbour = analyze_text(nlp, folder, "harbour.txt", HARBOUR)
    ferry = analyze_text(nlp, folder, "ferry.txt", FERRY)
    ids = {"harbour": store(db, harbour), "ferry": store(db, ferry)}
    refresh_entities(db)
    entity_ids = {r["name"]: r["id"] for r in db.query("SELECT id, name FROM entities")}
    return db, ids, entity_ids, {"harbour": harbour, "ferry": ferry}


@pytest.fixture(scope="module")
def db(corpus):
    return corpus[0]


@pytest.fixture(scope="module")
def doc(corpus):
    return corpus[1]


@pytest.fixture(scope="module")
def eid(corpus):
    return corpus[2]


def test_an_entity_reads_with_its_totals_across_documents(db, eid):
    lars = reads.entity(db, eid["Lars Christensen"])
    assert (lars["label"], lars["mentions"], lars["documents"]) == ("PERSON", 3, 2)
    assert (lars["first_date"], lars["last_date"]) == ("2021-05-14", "2021-06-02")
    assert reads.entity(db, max(eid.values()) + 1) is None


def test_aliases_come_most_mentioned_first(db, eid):
    # "Christensen" is written in both documents (3 mentions), the full name only in one (2).
    assert reads.entity_aliases(db, eid["Lars Christensen"]) == ["Christensen", "Lars Christensen"]
    every = {(r["alias"], r["name"]) for r in reads.all_aliases(db)}
    assert ("Christensen", "Lars Christensen") in every and ("Holm", "Mette Holm") in every


def test_descriptions_come_with_their_document(db, eid):
    (described,) = reads.entity_descriptions(db, eid["Mette Holm"])
    assert (described["text"], described["kind"]) == ("a union spokeswoman", "appositive")
    assert described["title"] == "Harbour cranes return to Aarhus"
    assert described["doc_date"] == "2021-05-14"


def test_member_names_come_most_mentioned_first_from_the_records_naming_it_most(db, eid):
    lars = eid["Lars Christensen"]
    assert reads.member_names(db, lars) == ["Lars Christensen", "Christensen"]
    assert reads.member_names(db, lars, records=1) == ["Lars Christensen"]  # HARBOUR's record
    assert reads.member_names(db, max(eid.values()) + 1) == []


def test_descriptions_are_read_from_the_records_naming_the_entity_most(db, eid):
    holm = eid["Mette Holm"]
    assert len(reads.entity_descriptions(db, holm, records=1)) == 1
    assert reads.entity_descriptions(db, holm, records=0) == []


def test_co_occurring_entities_share_a_sentence(db, eid):
    shared = {r["name"]: r["shared"] for r in reads.co_occurring(db, eid["Lars Christensen"])}
    assert shared == {"Aarhus": 1, "Copenhagen": 1}  # never itself, nor Holm (other sentences)
    assert reads.co_occurring(db, eid["Mette Holm"]) == []
    assert len(reads.co_occurring(db, eid["Lars Christensen"], limit=1)) == 1


def test_passages_of_an_entity_are_its_mentions_sentences_once_each(db, eid, corpus):
    harbour, ferry = corpus[3]["harbour"], corpus[3]["ferry"]
    texts = {r["text"] for r in reads.passages_of_entity(db, eid["Lars Christensen"])}
    assert texts == {harbour.passages[0].text, harbour.passages[2].text, ferry.passages[0].text}


def test_the_vocabulary_holds_stemmed_terms_and_how_many_passages_hold_them(db):
    vocabulary = dict(reads.vocabulary(db))
    assert vocabulary["ferri"] == 2  # "ferry" stemmed; two sentences of one document
    assert vocabulary["christensen"] == 3  # three sentences across two documents
    assert "cranes" not in vocabulary and vocabulary["crane"] == 1


def test_document_counts_name_people_places_and_dates(db, doc, corpus):
    harbour = corpus[3]["harbour"]
    assert reads.document_counts(db, doc["harbour"]) == {
        "people": 2, "places": 1, "dates": len(harbour.time_expressions)}
    counts = reads.document_counts(db, doc["ferry"])
    assert counts["people"] == 1 and counts["dates"] == 1
    assert reads.document_counts(db, 999) == {"people": 0, "places": 0, "dates": 0}


def test_marking_a_page_finds_stemmed_matches_and_leaves_no_transaction(db):
    ids = reads.ranked_passages(db, '"ferries" OR "welcome"', 10)
    marked = reads.highlighted(db, '"ferries" OR "welcome"', ids)
    assert set(marked) == set(ids) and len(ids) == 3
    assert any("\x01welcomed\x02 the decision" in text for text in marked.values())
    assert all("\x01ferry\x02" in text for text in marked.values() if "ferry" in text)
    assert not db.conn.in_transaction  # a later read sees later writes
    assert reads.highlighted(db, '"ferries"', []) == {}


def test_marking_inside_a_write_transaction_leaves_it_to_its_owner(db):
    with write_transaction(db):
        ids = reads.ranked_passages(db, '"cranes"', 10)
        assert reads.highlighted(db, '"cranes"', ids)
        assert db.conn.in_transaction
    assert not db.conn.in_transaction


def test_a_query_that_cannot_mark_leaves_the_scratch_empty_and_no_transaction(db):
    ids = reads.ranked_passages(db, '"container"', 10)
    assert len(ids) == 2
    with pytest.raises(sqlite3.OperationalError):
        reads.highlighted(db, '"container" AND', ids)
    assert not db.conn.in_transaction
    # none of the failed call's passages is left in the scratch table
    assert list(reads.highlighted(db, '"container"', ids[:1])) == ids[:1]
