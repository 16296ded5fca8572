"""db.documents: one analyzed document in, the same document out; removal leaves no orphans."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from db import documents
from db.connection import open_db
from tests.corpus import FERRY, HARBOUR, analyze_text, store

# Every table whose rows a document owns (directly by document_id).
OWNED = ("passages", "mentions", "doc_entities", "descriptions", "time_expressions", "keyphrases")


@pytest.fixture(scope="module")
def harbour(nlp, tmp_path_factory):
    return analyze_text(nlp, tmp_path_factory.mktemp("docs"), "harbour.txt", HARBOUR)


@pytest.fixture(scope="module")
def ferry(nlp, tmp_path_factory):
    return analyze_text(nlp, tmp_path_factory.mktemp("docs"), "ferry.txt", FERRY)


@pytest.fixture
def db(db_path):
    return open_db(db_path)


def _count(db, table: str, document_id: int) -> int:
    return db.execute(f"SELECT COUNT(*) FROM {table} WHERE document_id = ?",
                      [document_id]).fetchone()[0]


def _fts_hits(db, query: str) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT p.text FROM passages_fts f JOIN passages p ON p.id = f.rowid "
        "WHERE passages_fts MATCH ?", [query])]


def test_a_saved_document_reads_back_as_it_was_analyzed(db, harbour):
    document_id = store(db, harbour)
    row = documents.get_document(db, document_id)
    article = harbour.article
    assert (row["path"], row["title"], row["body"], row["format"]) == (
        article.path, article.title, article.body, "txt")
    assert (row["date"], row["date_granularity"], row["date_kind"]) == (
        harbour.date.value, harbour.date.granularity, harbour.date.kind)
    assert json.loads(row["authors"]) == list(article.authors)
    assert json.loads(row["meta_lines"]) == list(article.meta_lines)
    assert row["words"] == len(article.body.split())
    assert row["ingested_at"] == row["updated_at"]


def test_every_derived_part_is_stored_with_its_passage(db, harbour):
    document_id = store(db, harbour)
    passages = list(db.query(
        "SELECT paragraph, sentence, text, event_date FROM passages WHERE document_id = ? "
        "ORDER BY id", [document_id]))
    assert [(p["paragraph"], p["sentence"], p["text"]) for p in passages] == [
        (p.paragraph, p.sentence, p.text) for p in harbour.passages]
    assert [p["event_date"] for p in passages] == [
        p.event_date.value if p.event_date else None for p in harbour.passages]
    names = {r["name"]: r["mentions"] for r in db.query(
        "SELECT name, mentions FROM doc_entities WHERE document_id = ?", [document_id])}
    assert names == {e.name: len(e.mention_indexes) for e in harbour.entities}
    assert _count(db, "mentions", document_id) == sum(names.values())
    # A mention points at the passage whose text holds it.
    for m in db.query("SELECT m.text, p.text AS passage FROM mentions m "
                      "JOIN passages p ON p.id = m.passage_id WHERE m.document_id = ?",
                      [document_id]):
        assert m["text"] in m["passage"]
    described = {(r["name"], r["text"]) for r in db.query(
        "SELECT e.name, x.text FROM descriptions x JOIN doc_entities e ON e.id = x.doc_entity_id "
        "WHERE x.document_id = ?", [document_id])}
    assert described == {(d.name, d.text) for _, d in harbour.descriptions} != set()
    values = [r[0] for r in db.execute(
        "SELECT value FROM time_expressions WHERE document_id = ? ORDER BY id", [document_id])]
    assert values == [e.value for _, e in harbour.time_expressions]
    assert {r[0] for r in db.execute("SELECT phrase FROM keyphrases WHERE document_id = ?",
                                     [document_id])} == {k.phrase for k in harbour.keyphrases}
    assert _fts_hits(db, "cranes") == [harbour.passages[2].text]


def test_a_document_is_found_by_path_by_hash_and_by_id(db, harbour):
    document_id = store(db, harbour)
    row = documents.get_document(db, document_id)
    assert documents.find_document(db, harbour.article.path)["id"] == document_id
    assert documents.find_by_hash(db, row["content_hash"])["id"] == document_id
    assert documents.find_document(db, "/nowhere.txt") is None
    assert documents.find_by_hash(db, "0" * 64) is None
    assert documents.get_document(db, document_id + 1) is None


def test_saving_at_the_same_path_replaces_the_old_version_and_keeps_its_id(db, harbour, ferry):
    document_id = store(db, harbour, path="/articles/story.txt")
    first = documents.get_document(db, document_id)
    assert store(db, ferry, path="/articles/story.txt") == document_id
    row = documents.get_document(db, document_id)
    assert row["title"] == ferry.article.title
    assert row["ingested_at"] == first["ingested_at"]  # first seen then, changed since
    assert _count(db, "passages", document_id) == len(ferry.passages)
    assert _count(db, "doc_entities", document_id) == len(ferry.entities)
    assert _fts_hits(db, "cranes") == []  # the old version's sentences are gone from search
    assert db["documents"].count == 1


def test_removing_a_document_leaves_no_orphans_and_spares_the_others(db, harbour, ferry):
    gone, kept = store(db, harbour), store(db, ferry)
    kept_counts = {t: _count(db, t, kept) for t in OWNED}
    assert documents.remove_document(db, gone)
    assert documents.get_document(db, gone) is None
    assert {t: _count(db, t, gone) for t in OWNED} == dict.fromkeys(OWNED, 0)
    assert {t: _count(db, t, kept) for t in OWNED} == kept_counts
    # Nothing left pointing at a passage or record that no longer exists, nor in the FTS index.
    assert db.execute("SELECT COUNT(*) FROM mentions WHERE passage_id NOT IN "
                      "(SELECT id FROM passages) OR doc_entity_id NOT IN "
                      "(SELECT id FROM doc_entities)").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM time_expressions WHERE passage_id NOT IN "
                      "(SELECT id FROM passages)").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM passages_fts").fetchone()[0] == len(ferry.passages)
    assert _fts_hits(db, "cranes") == []
    assert _fts_hits(db, "fares") != []


def test_removing_an_unknown_document_changes_nothing(db, harbour):
    store(db, harbour)
    before = documents.generation(db)
    assert not documents.remove_document(db, 999)
    assert documents.generation(db) == before
    assert db["documents"].count == 1


def test_list_documents_counts_each_documents_parts_oldest_first(db, harbour, ferry):
    ferry_id, harbour_id = store(db, ferry), store(db, harbour)  # saved newest first
    undated = store(db, replace(harbour, date=None),
                    path="/articles/undated.txt")
    listed = list(documents.list_documents(db))
    assert [r["id"] for r in listed] == [harbour_id, ferry_id, undated]  # no date: last
    first = listed[0]
    assert (first["passages"], first["entities"], first["dates"]) == (
        len(harbour.passages), len(harbour.entities), len(harbour.time_expressions))
    assert listed[1]["passages"] == len(ferry.passages)
    assert first["date"] == harbour.date.value and first["words"] == len(harbour.article.body.split())


def test_every_change_to_the_corpus_bumps_the_generation_and_notes_what_removal_left(db, harbour):
    assert documents.generation(db) == 0
    document_id = store(db, harbour)
    assert documents.generation(db) == 1
    assert db["removed_slots"].count == 0  # nothing grouped yet, so nothing to undo
    db.execute("UPDATE doc_entities SET family = 'PERSON', norm = name, entity_id = 7")
    store(db, harbour)  # the same document again: a replacement takes its old records away
    assert documents.generation(db) == 2
    noted = db["removed_slots"].count
    assert noted == len({e.name for e in harbour.entities}) > 0
    assert {r["entity_id"] for r in db["removed_slots"].rows} == {7}
    db.execute("UPDATE doc_entities SET family = 'PERSON', norm = name, entity_id = 8")
    assert documents.remove_document(db, document_id)
    assert documents.generation(db) == 3 and db["removed_slots"].count == 2 * noted
    assert documents.entities_behind_for(db) is not None  # a regrouping is due


def test_the_generation_survives_reopening(db_path, harbour):
    store(open_db(db_path), harbour)
    assert documents.generation(open_db(db_path)) == 1


def test_a_stored_row_rebuilds_its_article(db, harbour):
    row = documents.get_document(db, store(db, harbour))
    rebuilt = documents.stored_article(row, harbour.date)
    assert rebuilt == replace(harbour.article, date=harbour.date)
