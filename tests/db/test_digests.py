"""The digest aggregates in SQL: a period of 50,000 documents costs a fixed number of
statements, none with a placeholder per document."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest

from bot.queries.digest import Period, build_digest
from db.connection import open_db, write_transaction
from db.digests import iso_utc

NOW = dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC)
HEADS = ["sanction", "treaty", "election", "strike", "budget", "tariff", "pipeline", "summit"]
MODIFIERS = ["economic", "new", "disputed", "national", "regional", "trade", "fuel", "peace"]
PEOPLE = ["Ada Lund", "Bo Kask", "Cai Moreno", "Dina Ruiz", "Eli Sato", "Fen Oduya"]


def _fill(db, documents: int, seed: int = 5) -> None:
    """`documents` synthetic documents over the last 30 days, each with a passage, a few
    keyphrases and a person: rows as ingest writes them, without the language model."""
    rng = random.Random(seed)
    with write_transaction(db):
        db["entities"].insert_all(
            {"id": i + 1, "key": f"{name.lower()}|PERSON", "name": name, "label": "PERSON",
             "mentions": 0, "documents": 0}
            for i, name in enumerate(PEOPLE))
        docs, passages, phrases, records = [], [], [], []
        for d in range(1, documents + 1):
            at = NOW - dt.timedelta(seconds=rng.randrange(30 * 86400))
            docs.append((d, f"doc{d}", f"h{d}", f"Report {d}", "Wire",
                         f"2025-{rng.randrange(1, 6):02d}-{rng.randrange(1, 28):02d}",
                         "day", "given", iso_utc(at)))
            head = rng.choice(HEADS)
            if d % 10 == 0:  # the events need some dated passages, not one per document
                passages.append((d, d, f"The {MODIFIERS[d % 8]} {head} talks went on in city "
                                 f"{d}.", f"2025-{rng.randrange(1, 6):02d}"))
            for k in range(3):
                phrase = f"{rng.choice(MODIFIERS)} {rng.choice(HEADS)}" if k else head
                phrases.append((d, phrase, rng.randrange(1, 4), phrase))
            records.append((d, d, rng.randrange(1, 7), "x", "PERSON", json.dumps(["x"]), 2))
        db.conn.executemany(
            "INSERT INTO documents (id, path, content_hash, title, source, date, "
            "date_granularity, date_kind, ingested_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
            docs)
        db.conn.executemany(
            "INSERT INTO passages (id, document_id, paragraph, sentence, text, event_date, "
            "event_granularity) VALUES (?, ?, 0, 0, ?, ?, 'month')", passages)
        db.conn.executemany(
            "INSERT OR IGNORE INTO keyphrases (document_id, phrase, count, example) "
            "VALUES (?, ?, ?, ?)", phrases)
        db.conn.executemany(
            "INSERT INTO doc_entities (id, document_id, entity_id, name, label, forms, mentions) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", records)


def _digest_statements(db, period: Period) -> tuple[list[str], object]:
    statements: list[str] = []

    def keep(sql: str) -> None:
        if not sql.startswith(("SAVEPOINT", "RELEASE")):  # sqlite-utils' own bookkeeping
            statements.append(sql)

    db.conn.set_trace_callback(keep)
    try:
        digest = build_digest(db, period, now=NOW)
    finally:
        db.conn.set_trace_callback(None)
    return statements, digest


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    db = open_db(tmp_path_factory.mktemp("digest") / "big.sqlite")
    _fill(db, 50_000)
    return db


def test_a_digest_of_50k_documents_takes_a_fixed_number_of_statements(big, tmp_path):
    period = Period(NOW - dt.timedelta(days=31), NOW)
    statements, digest = _digest_statements(big, period)
    assert digest.document_count == 50_000
    assert digest.themes and digest.names and digest.events and digest.documents
    assert len(statements) <= 40, "\n".join(s[:120] for s in statements)
    assert max(s.count("?") for s in statements) <= 10  # no placeholder per document

    small = open_db(tmp_path / "small.sqlite")
    _fill(small, 500)
    few, _ = _digest_statements(small, period)
    assert len(statements) <= len(few) + 5  # the count does not follow the documents


def test_phrase_document_frequency_follows_writes_and_removals(big):
    def df(phrase: str) -> int:
        row = big.execute("SELECT documents FROM phrase_df WHERE phrase = ?", [phrase]).fetchone()
        return row[0] if row else 0

    counted = big.execute(
        "SELECT COUNT(*) FROM keyphrases WHERE phrase = 'peace treaty'").fetchone()[0]
    assert df("peace treaty") == counted > 0
    doc = big.execute(
        "SELECT document_id FROM keyphrases WHERE phrase = 'peace treaty' LIMIT 1").fetchone()[0]
    with write_transaction(big):
        big.execute("DELETE FROM documents WHERE id = ?", [doc])
    assert df("peace treaty") == counted - 1
