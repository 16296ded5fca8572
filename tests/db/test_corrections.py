"""db.corrections: the team's decisions stored once, read back in the order they apply."""

from __future__ import annotations

import pytest

from bot.models import MERGE, NOT_ENTITY, SPLIT, Correction
from db.connection import open_db
from db.corrections import add_correction, list_corrections, load_corrections

SAME = Correction(MERGE, "holm|PERSON", "Holm", "mette holm|PERSON", "Mette Holm")
APART = Correction(SPLIT, "lars christensen|PERSON", "Christensen", "", "Lars Christensen")
JUNK = Correction(NOT_ENTITY, "copenhagen|ORG", "Copenhagen")


@pytest.fixture
def db(db_path):
    return open_db(db_path)


def test_the_same_decision_twice_is_stored_once_and_the_first_is_kept(db):
    add_correction(db, SAME, user_id="U0FIRST")
    add_correction(db, SAME, user_id="U0SECOND")
    (row,) = list_corrections(db)
    assert row["user_id"] == "U0FIRST"
    assert load_corrections(db) == [SAME]


def test_decisions_load_oldest_first_as_they_were_taken(db):
    for correction in (JUNK, SAME, APART):
        add_correction(db, correction)
    assert load_corrections(db) == [JUNK, SAME, APART]


def test_a_decision_differing_in_one_field_is_another_decision(db):
    add_correction(db, SAME)
    add_correction(db, Correction(MERGE, "holm|PERSON", "Holm", "holm|ORG", "Holm"))
    assert len(load_corrections(db)) == 2


def test_missing_optional_fields_read_back_as_empty_strings(db):
    add_correction(db, Correction(NOT_ENTITY, "aarhus|GPE"))
    assert load_corrections(db) == [Correction(NOT_ENTITY, "aarhus|GPE", "", "", "")]


def test_the_list_shows_newest_first_with_who_and_when(db):
    add_correction(db, JUNK, user_id="U0ONE")
    add_correction(db, APART, user_id="U0TWO")
    rows = list_corrections(db)
    assert [(r["kind"], r["user_id"]) for r in rows] == [(SPLIT, "U0TWO"), (NOT_ENTITY, "U0ONE")]
    assert all(r["created_at"][:2] == "20" and "T" in r["created_at"] for r in rows)
