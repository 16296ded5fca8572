"""Datasette on the store, over real HTTP: the canned queries answer what the bot answers, the
internal tables are hidden, and nothing can be written."""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
import urllib.error
import urllib.parse
import urllib.request

import pytest

from bot import browse
from bot.queries.export import whole_timeline
from bot.queries.who import who
from db.connection import open_db
from tests.export_corpus import build

INTERNAL = {"_sqlite_migrations", "state", "threads", "seen_events", "digest_runs",
            "digest_schedules", "passages_fts", "passages_fts_data", "passages_fts_idx",
            "passages_fts_vocab"}


@pytest.fixture(scope="module")
def store(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("browse")
    build(folder / "articles", folder / "store.sqlite", nlp)
    return folder / "store.sqlite"


@pytest.fixture(scope="module")
def site(store):
    ds = browse.build_datasette(store)
    running = browse.start(ds, browse.bind("127.0.0.1", 0))
    yield running, ds
    running.stop()


def get(site, path: str, **params: str) -> tuple[int, object]:
    running, _ = site
    url = running.url + path + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def canned(site, query: str, **params: str) -> list[dict]:
    status, rows = get(site, f"/newsdesk/{query}.json", _shape="array", **params)
    assert status == 200, rows
    return rows


def test_canned_who_queries_return_the_people_of_the_who_answer(site, store):
    db = open_db(store)
    answer = who(db, "Maria Lopez")
    (profile,) = canned(site, "who", name="Maria Lopez")
    assert (profile["name"], profile["mentions"], profile["documents"]) == \
        (answer.name, answer.mentions, answer.documents)
    co = [r["name"] for r in canned(site, "who_co_mentions", name=answer.name)]
    for group in answer.companions.values():
        listed = [name for name, _ in group]
        assert [n for n in co if n in listed] == listed  # the same people, in the same order
    assert {n for group in answer.companions.values() for n, _ in group} <= set(co)
    said = {r["description"] for r in canned(site, "who_descriptions", name="maria lopez")}
    assert {d.text for d in answer.descriptions} <= said
    per_year = canned(site, "who_mentions_per_year", name="Lopez")  # an alias works too
    assert sum(r["mentions"] for r in per_year) == answer.mentions
    assert [r["year"] for r in per_year] == ["2020", "2021"]


def test_canned_timeline_returns_the_events_of_the_timeline_answer(site, store):
    db = open_db(store)
    answer = whole_timeline(db, "ferry")
    rows = canned(site, "timeline", term="ferry")
    assert {r["passage_id"] for r in rows} == {i for e in answer.entries for i in e.passage_ids}
    assert {(r["date"], r["text"]) for r in rows} >= {(e.date, e.text) for e in answer.entries}
    estimated = {r["text"] for r in rows if r["estimated"] == "estimated"}
    assert estimated == {e.text for e in answer.entries if e.estimated}
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)  # calendar order
    precision = {r["date"]: r["precision"] for r in rows}
    assert precision["2019-06"] == "month" and precision["2020-10-03"] == "day"


def test_other_canned_queries(site, store):
    undated = canned(site, "documents_without_a_date")
    assert [r["title"] for r in undated] == ["Notes on lighthouse keepers"]
    people = canned(site, "entities_by_mentions", kind="person")
    assert {r["name"] for r in people} >= {"Maria Lopez", "Tomas Berg"}
    assert {r["kind"] for r in people} == {"PERSON"}
    everyone = canned(site, "entities_by_mentions", kind="")
    assert [r["mentions"] for r in everyone] == sorted((r["mentions"] for r in everyone), reverse=True)


def test_internal_tables_are_hidden_and_the_rest_described(site, store):
    status, data = get(site, "/newsdesk.json")
    assert status == 200
    hidden = {t["name"] for t in data["tables"] if t["hidden"]}
    shown = {t["name"] for t in data["tables"] if not t["hidden"]}
    assert hidden >= INTERNAL
    assert not INTERNAL & shown
    described = browse.shipped_metadata()["databases"]["newsdesk"]["tables"]
    assert shown == set(described) & {t["name"] for t in data["tables"]}
    assert {"documents", "passages", "entities", "descriptions"} <= shown


def test_labels_facets_and_search(site):
    status, data = get(site, "/newsdesk/passages.json", _search="ferries", _labels="on",
                       _extra="facet_results")
    assert status == 200 and data["rows"]
    assert all("ferr" in str(row).lower() for row in data["rows"])
    row = data["rows"][0]
    document = row["document_id"]
    assert isinstance(document, dict) and document["label"]  # a title, not an id
    status, docs = get(site, "/newsdesk/documents.json", _extra="facet_results")
    facets = docs["facet_results"]
    assert {"source", "date_kind", "date"} <= set(facets)
    years = {r["value"]: r["count"] for r in facets["date"]["results"]}
    # the company story takes the council story's year (estimated by the documents on the
    # same events since issue 10; it was 2015, the year it names, before)
    assert years == {"2020": 2, "2021": 1}
    status, one_year = get(site, "/newsdesk/documents.json", date__startswith="2020",
                           _shape="array")
    assert sorted(d["title"] for d in one_year) == ["Council votes on ferry fares",
                                                    "The ferry company grows"]


def test_nothing_can_be_written_through_datasette(site, store):
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    write = "insert into state (key, value) values ('x', 'y')"
    status, body = get(site, "/newsdesk.json", sql=write)
    assert status == 400 and "SELECT" in body
    request = urllib.request.Request(
        site[0].url + "/newsdesk/documents/1/-/delete", data=b"{}", method="POST",
        headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=10)
    _, ds = site
    # Even Datasette's own write path opens the file read-only.
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        asyncio.run(ds.get_database("newsdesk").execute_write(write))
    assert not any(q.get("write") for q in browse.shipped_metadata()["databases"]["newsdesk"]["queries"].values())
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before
