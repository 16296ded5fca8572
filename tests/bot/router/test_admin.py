"""bot.router.admin: who may remove and correct documents, the parsing of their commands, and
what removing and correcting do to the store (called as the router calls them)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.answers.reply import render_text
from bot.config import Settings
from bot.models import NOT_ENTITY, SPLIT, Correction
from bot.regroup import refresh_entities
from bot.router.admin import (
    AdminError,
    corrections,
    is_admin,
    parse_document_id,
    parse_set,
    remove,
    require_admin,
    set_metadata,
)
from bot.router.context import CommandContext
from db.connection import open_db
from db.corrections import add_correction
from tests.corpus import FERRY, HARBOUR, analyze_text, store

ADMIN, SOMEONE = "U0ADMIN", "U0SOMEONE"


@pytest.fixture
def settings(db_path) -> Settings:
    return Settings(db_path=db_path, admins=(ADMIN,))


def test_only_the_named_users_are_admins(settings):
    assert is_admin(settings, ADMIN)
    assert not is_admin(settings, SOMEONE)
    assert not is_admin(settings, "")  # the terminal's empty user is nobody
    assert not is_admin(replace(settings, admins=("",)), "")


def test_require_admin_refuses_politely_naming_the_action(settings):
    require_admin(settings, ADMIN, "remove documents")
    with pytest.raises(AdminError, match="only the newsdesk admins can remove documents"):
        require_admin(settings, SOMEONE, "remove documents")


@pytest.mark.parametrize(("text", "expected"), [("3", 3), ("#12", 12), ("7 please", 7)])
def test_a_document_id_is_the_first_word(text, expected):
    assert parse_document_id(text, "/newsdesk remove 3") == expected


@pytest.mark.parametrize("text", ["", "   ", "three", "0", "-2", "3.5", "#", "²", "#①"])
def test_a_missing_or_bad_document_id_says_how_to_give_one(text):
    with pytest.raises(AdminError, match="/newsdesk remove 3"):
        parse_document_id(text, "/newsdesk remove 3")


@pytest.mark.parametrize(("text", "expected"), [
    ("3 date=2016-11-02 source=Tokyo Foundation",
     (3, {"date": "2016-11-02", "source": "Tokyo Foundation"})),
    ("#4 title: Cranes return", (4, {"title": "Cranes return"})),
    ("5 url=<https://example.org/a|example.org/a>", (5, {"url": "https://example.org/a"})),
    ("6 authors=Ann Lee date=2020", (6, {"date": "2020"})),  # authors are not settable here
])
def test_set_reads_the_id_and_the_settable_fields(text, expected):
    assert parse_set(text) == expected


@pytest.mark.parametrize("text", ["3", "3 please fix it", "3 authors=Ann Lee", "date=2016-11-02"])
def test_set_without_an_id_or_a_settable_field_says_what_to_write(text):
    with pytest.raises(AdminError, match="/newsdesk set 3"):
        parse_set(text)


# ---------------------------------------------------------------- through a CommandContext


@pytest.fixture
def corpus(db_path, nlp, tmp_path):
    """HARBOUR (titled with mrkdwn, as an untrusted document may be) and FERRY, regrouped."""
    db = open_db(db_path)
    harbour = analyze_text(nlp, tmp_path, "harbour.txt", HARBOUR)
    harbour = replace(harbour, article=replace(harbour.article, title="<!channel> *Cranes* back"))
    ids = {"harbour": store(db, harbour),
           "ferry": store(db, analyze_text(nlp, tmp_path, "ferry.txt", FERRY))}
    refresh_entities(db)
    return db, ids


def ctx(db, settings, nlp, user_id: str) -> CommandContext:
    return CommandContext(db=db, settings=settings, nlp=nlp, user_id=user_id, channel_id="C0CHAN")


def test_a_non_admin_cannot_remove_and_nothing_changes(corpus, settings, nlp):
    db, ids = corpus
    with pytest.raises(AdminError, match="only the newsdesk admins"):
        remove(ctx(db, settings, nlp, SOMEONE), str(ids["harbour"]))
    assert db["documents"].count == 2


def test_an_admin_removes_a_document_and_the_entities_are_regrouped(corpus, settings, nlp):
    db, ids = corpus
    reply = remove(ctx(db, settings, nlp, ADMIN), f"#{ids['harbour']}")
    text = render_text(reply)
    assert f"Removed document {ids['harbour']}" in text
    assert "<!channel>" not in str(reply.blocks) and "*Cranes*" not in str(reply.blocks)
    assert [r["id"] for r in db["documents"].rows] == [ids["ferry"]]
    # Regrouped at once: the bare surname no longer has a full name to join.
    assert [r["name"] for r in db.query("SELECT name FROM entities WHERE label = 'PERSON'")] == [
        "Christensen"]


def test_removing_an_unknown_document_says_so(corpus, settings, nlp):
    db, _ = corpus
    with pytest.raises(AdminError, match="There is no document 99"):
        remove(ctx(db, settings, nlp, ADMIN), "99")


def test_a_non_admin_cannot_correct_metadata(corpus, settings, nlp):
    db, ids = corpus
    with pytest.raises(AdminError, match="only the newsdesk admins can correct documents"):
        set_metadata(ctx(db, settings, nlp, SOMEONE), f"{ids['ferry']} source=Nordic Wire")
    assert db["documents"].get(ids["ferry"])["source"] is None


def test_an_admin_corrects_metadata_and_the_dates_are_re_resolved(corpus, settings, nlp):
    db, ids = corpus
    friday = "SELECT value FROM time_expressions WHERE text = 'Friday' AND document_id = ?"
    assert db.execute(friday, [ids["ferry"]]).fetchone()[0] == "2021-05-28"
    reply = set_metadata(ctx(db, settings, nlp, ADMIN),
                         f"{ids['ferry']} date=2021-09-15 source=Nordic *Wire*")
    text = render_text(reply)
    assert f"Corrected document {ids['ferry']}" in text and "2021-09-15 (given)" in text
    assert "*Wire*" not in str(reply.blocks)  # the user's text is escaped too
    row = db["documents"].get(ids["ferry"])
    assert (row["date"], row["date_kind"], row["source"]) == ("2021-09-15", "given", "Nordic *Wire*")
    assert db.execute(friday, [ids["ferry"]]).fetchone()[0] == "2021-09-10"  # the Friday before


def test_an_invalid_date_or_an_unknown_document_is_refused(corpus, settings, nlp):
    db, ids = corpus
    with pytest.raises(AdminError):
        set_metadata(ctx(db, settings, nlp, ADMIN), f"{ids['ferry']} date=2021-13-45")
    assert db["documents"].get(ids["ferry"])["date"] == "2021-06-02"
    with pytest.raises(AdminError, match="There is no document 99"):
        set_metadata(ctx(db, settings, nlp, ADMIN), "99 source=Nordic Wire")


def test_the_corrections_list_newest_first_with_who_took_them(db_path):
    db = open_db(db_path)
    assert "No corrections yet" in render_text(corrections(db))
    add_correction(db, Correction(NOT_ENTITY, "aarhus|GPE", "<!here> Aarhus"), user_id=ADMIN)
    add_correction(db, Correction(SPLIT, "lars christensen|PERSON", "Christensen", "",
                                  "Lars Christensen"), user_id="not a user id")
    reply = corrections(db)
    lines = [b["text"]["text"] for b in reply.blocks if b["type"] == "section"][0].splitlines()
    assert lines[0].startswith("• split off: “Christensen” split off from Lars Christensen ·")
    assert "by <@" not in lines[0]  # a malformed user id is not turned into a mention
    assert lines[1].startswith("• not an entity: ") and f"by <@{ADMIN}>" in lines[1]
    assert "<!here>" not in lines[1]
    assert reply.text == "2 corrections"
