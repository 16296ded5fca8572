"""Ingesting the shipped seeds: what the gold examples illustrate, checked by behaviour."""

from __future__ import annotations

import re

from bot.queries.names import find_entity
from db import reads


def _doc_id(db, prefix):
    return db.execute("SELECT id FROM documents WHERE path LIKE ?", [f"%/{prefix}_%"]).fetchone()[0]


def _entity(db, name):
    """The entity a user typing `name` gets (the real lookup the /who command uses)."""
    match = find_entity(db, name)
    assert match.best is not None, f"no entity for {name!r}"
    return reads.entity(db, match.best.entity_id)


def test_every_seed_is_ingested(seeded):
    db, summary = seeded
    assert summary.counts["new"] == 5 and summary.failed == 0
    assert db["documents"].count == 5
    assert "5 new" in summary.line() and "words/s" in summary.line()


CHROME_SHAPES = [
    r"\{\{|\}\}",  # template placeholders
    r"^\s*[•·▪●]",  # bullets from tag lists
    r"(?i)\bprint this post\b|\bsubscribe\b|\bsponsored\b|\bfree articles?\b",
    r"(?i)\bcomments are closed\b|\bcredit:|©",
    r"Icon [A-Z]",
]


def test_no_chrome_in_any_passage(seeded):
    db, _ = seeded
    passages = [r[0] for r in db.execute("SELECT text FROM passages")]
    assert len(passages) > 150
    for text in passages:
        for shape in CHROME_SHAPES:
            assert not re.search(shape, text), (shape, text)


def test_one_sentence_paragraphs_are_kept(seeded):
    db, _ = seeded
    short = [r[0] for r in db.execute("SELECT text FROM passages WHERE length(text) < 40")]
    assert any(t.endswith(".") and len(t.split()) >= 4 for t in short)


def test_putin_is_one_entity_with_all_his_name_forms(seeded):
    db, _ = seeded
    putin = _entity(db, "putin")
    assert putin["label"] == "PERSON"
    assert putin["name"] == _entity(db, "vladimir putin")["name"]
    assert putin["documents"] == 5
    forms = {r[0] for r in db.execute("SELECT norm FROM aliases WHERE entity_id = ?", [putin["id"]])}
    assert {"putin", "vladimir putin"} <= forms
    others = db.execute(
        "SELECT COUNT(*) FROM entities WHERE label = 'PERSON' AND id != ? AND name LIKE '%Putin%'",
        [putin["id"]]).fetchone()[0]
    assert others == 0


def test_abe_is_one_person_and_attributive_uses_are_not_him(seeded):
    db, _ = seeded
    abe = _entity(db, "abe")
    assert abe["name"] == _entity(db, "shinzo abe")["name"]
    texts = [r[0] for r in db.execute(
        "SELECT m.text FROM mentions m JOIN doc_entities d ON d.id = m.doc_entity_id "
        "WHERE d.entity_id = ?", [abe["id"]])]
    assert texts and not any("Abenomics" in t or "administration" in t for t in texts)


def _descriptions(db, alias):
    entity = _entity(db, alias)
    return [r[0] for r in db.execute(
        "SELECT x.text FROM descriptions x JOIN doc_entities d ON d.id = x.doc_entity_id "
        "WHERE d.entity_id = ?", [entity["id"]])]


def test_descriptions_from_the_text(seeded):
    db, _ = seeded
    for alias, words in [
        ("naryshkin", "speaker of the State Duma"),
        ("borshchevskaya", "senior fellow"),
        ("koizumi", "assistant professor"),
        ("patrushev", "Security Council"),
        ("merkel", "Chancellor"),
        ("chen yo-jung", "diplomat"),
        ("putin", "resident"),
    ]:
        found = _descriptions(db, alias)
        assert any(words in d for d in found), (alias, found)


def test_publication_dates_stated_and_estimated(seeded):
    db, _ = seeded
    rows = {r["path"].rsplit("/", 1)[1][:3]: r for r in db["documents"].rows}
    assert (rows["000"]["date"], rows["000"]["date_kind"]) == ("2020-09-18", "dateline")
    assert (rows["002"]["date"], rows["002"]["date_kind"]) == ("2016-12-09", "dateline")
    # Unstated dates are estimated to the right year or left undated, never shown wrong.
    for unstated, year in (("001", "2016"), ("003", "2016"), ("004", "2015")):
        row = rows[unstated]
        assert row["date"] is None or (row["date"], row["date_kind"]) == (year, "estimated"), row
        assert row["date"] is None or row["date_evidence"]


def _event(db, prefix, fragment):
    row = db.execute(
        "SELECT event_date, event_kind, event_estimated FROM passages "
        "WHERE document_id = ? AND text LIKE ?", [_doc_id(db, prefix), f"%{fragment}%"]
    ).fetchone()
    assert row is not None, fragment
    return row


def _expression(db, prefix, text):
    row = db.execute(
        "SELECT type, value FROM time_expressions WHERE document_id = ? AND text LIKE ?",
        [_doc_id(db, prefix), f"%{text}%"]).fetchone()
    assert row is not None, text
    return row


def test_gold_dates_resolve_against_the_article(seeded):
    db, _ = seeded
    assert _event(db, "000", "Navalny suddenly lost consciousness")[0] == "2020-08"
    assert _expression(db, "000", "February")[1] == "2021-02"
    assert _expression(db, "002", "December 15")[1] == "2016-12-15"
    assert _expression(db, "002", "1941")[1] == "1941"
    assert _expression(db, "003", "December 2012")[1] == "2012-12"


def test_inherited_event_date_within_a_paragraph(seeded):
    db, _ = seeded
    value, kind, _ = _event(db, "003", "imposed economic sanctions on Russia and the EU followed")
    assert (value, kind) == ("2014-03", "inherited")


def test_durations_are_not_dates(seeded):
    db, _ = seeded
    for text in ("seven decades", "eight years", "30 years"):
        for kind, value in db.execute(
            "SELECT type, value FROM time_expressions WHERE text LIKE ?", [f"%{text}%"]):
            assert kind == "DURATION", (text, kind, value)
    assert not db.execute(
        "SELECT COUNT(*) FROM passages WHERE event_text LIKE '%decades%' "
        "OR event_text LIKE '%years%'").fetchone()[0]


def test_relative_dates_in_undated_articles_are_estimated_or_unresolved(seeded):
    db, _ = seeded
    doc_id = _doc_id(db, "004")
    dated = db.execute("SELECT date FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
    estimated = db.execute(
        "SELECT COUNT(*) FROM passages WHERE document_id = ? AND event_estimated = 1",
        [doc_id]).fetchone()[0]
    # An estimate shown: what rests on it is estimated too; none shown: nothing rests on one.
    assert (estimated > 0) == (dated is not None)


def test_keyphrases_stored_per_document(seeded):
    db, _ = seeded
    phrases = {r[0] for r in db.execute("SELECT phrase FROM keyphrases")}
    assert any("sanction" in p for p in phrases)
    assert any("economic cooperation" in p for p in phrases)
