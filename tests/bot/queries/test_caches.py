"""The caches behind /who and the typo fallback follow the corpus without rebuilding on the
request path: the name index is updated from the entities a regrouping changed, the FTS
vocabulary is refreshed in a background thread."""

from __future__ import annotations

import json
import time

import pytest

import bot.queries.names as names
from bot.queries.matching import nearest_terms
from bot.regroup import regroup_new
from db.connection import open_db, write_transaction
from db.documents import bump_generation


def _add_document(db, doc_id: int, text: str, people: list[str]) -> None:
    """A document as ingest stores it (one passage, its people), without the language model."""
    with write_transaction(db):
        db.execute("INSERT INTO documents (id, path, content_hash, title, body, ingested_at) "
                   "VALUES (?, ?, ?, 't', ?, '2024-01-01T00:00:00+00:00')",
                   [doc_id, f"doc{doc_id}", f"h{doc_id}", text])
        db.execute("INSERT INTO passages (document_id, paragraph, sentence, start, [end], text) "
                   "VALUES (?, 0, 0, 0, ?, ?)", [doc_id, len(text), text])
        for name in people:
            db.execute("INSERT INTO doc_entities (document_id, name, label, forms, mentions) "
                       "VALUES (?, ?, 'PERSON', ?, 1)", [doc_id, name, json.dumps([name])])
        bump_generation(db)
    regroup_new(db)


@pytest.fixture
def db(tmp_path):
    db = open_db(tmp_path / "caches.sqlite")
    _add_document(db, 1, "Harbour dredging resumed near the breakwater.", ["Ingrid Holm"])
    return db


def test_the_name_index_is_updated_not_rebuilt(db, monkeypatch):
    assert names.find_entity(db, "Ingrid Holm").best.name == "Ingrid Holm"
    built = names.name_index(db)
    monkeypatch.setattr(names, "all_aliases", lambda db: pytest.fail("rebuilt the index"))
    _add_document(db, 2, "Ferries returned to the island.", ["Tor Berge", "Ingrid Holm"])
    assert names.find_entity(db, "Tor Berge").best.name == "Tor Berge"
    assert names.find_entity(db, "Ingrid Holm").best.mentions == 2
    assert names.name_index(db) is not built


def test_the_vocabulary_catches_up_off_the_request_path(db):
    assert nearest_terms(db, "breakwatr") == ["breakwat"]  # built on first use (stemmed)
    _add_document(db, 2, "Lighthouse keepers were honoured.", [])
    nearest_terms(db, "lighthous")  # answered from the older vocabulary; refresh started
    deadline = time.time() + 10
    while "lighthous" not in nearest_terms(db, "lighthos") and time.time() < deadline:
        time.sleep(0.05)
    assert "lighthous" in nearest_terms(db, "lighthos")
