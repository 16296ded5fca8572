"""Curation buttons on /who and the admin commands, over real HTTP."""

from __future__ import annotations

import json

import pytest

from bot.answers.curation import CURATE_ACTION
from db.connection import open_db
from tests.handlers.test_threads import BRIDGE, HARBOUR

KEEPER = """Lighthouse keeper retires

June 3, 2022

Henrik Solbakken, the last keeper of the lighthouse, retired on Friday after 41 years.
Solbakken said the lamp never went dark.
"""


def blocks_of(call) -> list[dict]:
    blocks = call.params.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else blocks


def header_of(call) -> str:
    return next((b["text"]["text"] for b in blocks_of(call) if b["type"] == "header"), "")


def curation_buttons(call) -> dict[str, str]:
    return {e["text"]["text"]: e["value"] for b in blocks_of(call) if b["type"] == "actions"
            for e in b["elements"] if e["action_id"].startswith(CURATE_ACTION)}


def ask_who(http, fake_slack, name: str):
    _, path = http.command("/who", name)
    (call,) = fake_slack.wait_for(path)
    return call


def test_same_as_merges_two_entities_in_later_answers(http, fake_slack, ingest):
    ingest({"harbour.txt": HARBOUR, "bridge.txt": BRIDGE})
    before = ask_who(http, fake_slack, "Berglund")
    buttons = curation_buttons(before)
    assert "Same as Tomas Berglund" in buttons, buttons  # the tagger took "Berglund" for a place
    assert header_of(before) != "Tomas Berglund (person)"

    _, path = http.click(f"{CURATE_ACTION}_2", buttons["Same as Tomas Berglund"])
    (after_click,) = fake_slack.wait_for(path, timeout=20)
    assert "are the same" in json.dumps(blocks_of(after_click))
    assert header_of(after_click) == "Tomas Berglund (person)"

    later = ask_who(http, fake_slack, "Berglund")
    assert header_of(later) == "Tomas Berglund (person)"
    assert "4 mentions in 2 documents" in json.dumps(blocks_of(later))

    _, path = http.command("/newsdesk", "corrections")
    (listing,) = fake_slack.wait_for(path)
    assert "same as" in json.dumps(blocks_of(listing)) and "<@U0ASKER>" in json.dumps(
        blocks_of(listing))


STRIKE = """Ferry strike ends

June 3, 2022

Henrik Solbakken, the union leader, said the strike was over. Solbakken thanked Skarvoy workers and the Vessel Traffic crews.
"""


def test_not_a_person_removes_a_junk_entity_from_later_answers(http, fake_slack, ingest):
    ingest({"strike.txt": STRIKE})
    junk = ask_who(http, fake_slack, "Vessel Traffic")
    assert header_of(junk) == "Vessel Traffic (organization)"  # the tagger's mistake

    _, path = http.click(f"{CURATE_ACTION}_0", curation_buttons(junk)["Not a real name"])
    (after,) = fake_slack.wait_for(path, timeout=20)
    assert "no longer appears" in json.dumps(blocks_of(after))

    assert header_of(ask_who(http, fake_slack, "Vessel Traffic")) == ""  # not found
    keeper_again = ask_who(http, fake_slack, "Henrik Solbakken")
    assert header_of(keeper_again) == "Henrik Solbakken (person)"

    # A later ingest (a new document naming it again) keeps the decision.
    ingest({"strike2.txt": STRIKE.replace("June 3, 2022", "June 9, 2022").replace(
        "strike was over", "strike had ended")})
    assert header_of(ask_who(http, fake_slack, "Vessel Traffic")) == ""


def test_a_forged_curation_value_gets_a_polite_reply(http, fake_slack):
    _, path = http.click(f"{CURATE_ACTION}_0", '{"k": "merge", "e": 999, "o": 1000}')
    (call,) = fake_slack.wait_for(path)
    assert "no longer works" in call.params["text"]


@pytest.fixture
def admin_settings(settings):
    return settings.with_overrides(admins=("U0ADMIN",))


def test_remove_is_for_admins_only(fake_slack, admin_settings, db_path, ingest, nlp):
    from bot.slack.app import create_app
    from tests.handlers.conftest import serve

    ingest({"keeper.txt": KEEPER})
    with serve(create_app(admin_settings, nlp=nlp), admin_settings, fake_slack) as http:
        _, path = http.command("/newsdesk", "remove 1", user_id="U0SOMEONE")
        (refused,) = fake_slack.wait_for(path)
        assert "only the newsdesk admins" in refused.params["text"]
        db = open_db(db_path)
        assert db["documents"].count == 1
        db.close()

        _, path = http.command("/newsdesk", "remove 1", user_id="U0ADMIN")
        (done,) = fake_slack.wait_for(path, timeout=20)
        assert "Removed document 1" in done.params["text"]
        db = open_db(db_path)
        assert db["documents"].count == 0 and db["entities"].count == 0
        db.close()


def test_set_corrects_a_documents_metadata_for_admins(fake_slack, admin_settings, db_path,
                                                     ingest, nlp):
    from bot.slack.app import create_app
    from tests.handlers.conftest import serve

    ingest({"keeper.txt": KEEPER})
    with serve(create_app(admin_settings, nlp=nlp), admin_settings, fake_slack) as http:
        _, path = http.command("/newsdesk", "set 1 date=2021-12-01", user_id="U0SOMEONE")
        (refused,) = fake_slack.wait_for(path)
        assert "only the newsdesk admins" in refused.params["text"]

        _, path = http.command("/newsdesk", "set 1 date=2021-12-01 source=Coast Weekly",
                               user_id="U0ADMIN")
        (done,) = fake_slack.wait_for(path, timeout=30)
        assert "Corrected document 1" in done.params["text"]
    db = open_db(db_path)
    row = db["documents"].get(1)
    assert (row["date"], row["date_kind"], row["source"]) == ("2021-12-01", "given", "Coast Weekly")
    db.close()
