"""The store: migrations, WAL, cascades, FTS with stemming."""

from __future__ import annotations

import sqlite3

from db.connection import open_db
from db.schema import SCHEMA_VERSION, migrations


def test_migrations_apply_once_and_record_version(db_path):
    db = open_db(db_path)
    applied = [m.name for m in migrations.applied(db)]
    assert len(applied) == SCHEMA_VERSION
    open_db(db_path)  # reopening applies nothing twice
    assert [m.name for m in migrations.applied(open_db(db_path))] == applied


def test_wal_and_foreign_keys_are_on(db_path):
    db = open_db(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def _document(db, path="a.txt"):
    db.execute(
        "INSERT INTO documents (path, content_hash, title, body) VALUES (?, 'h', 't', 'b')", [path]
    )
    return db.execute("SELECT id FROM documents WHERE path = ?", [path]).fetchone()[0]


def test_deleting_a_document_cascades_to_everything_derived(db_path):
    db = open_db(db_path)
    doc = _document(db)
    db["passages"].insert({"document_id": doc, "text": "Sanctions were imposed."})
    db["time_expressions"].insert({"document_id": doc, "passage_id": 1, "text": "2014"})
    db["keyphrases"].insert({"document_id": doc, "phrase": "sanction", "count": 1})
    db.conn.commit()
    db.execute("DELETE FROM documents WHERE id = ?", [doc])
    db.conn.commit()
    for table in ("passages", "time_expressions", "keyphrases"):
        assert db[table].count == 0, table
    assert db.execute("SELECT COUNT(*) FROM passages_fts").fetchone()[0] == 0


def test_fts_stems_and_folds_accents(db_path):
    db = open_db(db_path)
    doc = _document(db)
    db["passages"].insert_all([
        {"document_id": doc, "text": "The EU sanctioned Russian banks."},
        {"document_id": doc, "text": "Medvédev visited the islands."},
    ])
    db.conn.commit()

    def hits(query):
        return [r["text"] for r in db.query(
            "SELECT p.text FROM passages_fts f JOIN passages p ON p.id = f.rowid "
            "WHERE passages_fts MATCH ?", [query])]

    assert hits("sanctions") == ["The EU sanctioned Russian banks."]
    assert hits("medvedev") == ["Medvédev visited the islands."]


def test_a_second_connection_reads_while_one_writes(db_path):
    db = open_db(db_path)
    reader = sqlite3.connect(db_path)
    with db.atomic():
        _document(db)
        assert reader.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
    assert reader.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1
