"""Exports opened and read back, row by row, against the /timeline and /who answers."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re

import pytest

from bot.answers.export import timelinejs_date
from bot.queries.export import profile_export
from bot.queries.timeline import timeline
from bot.queries.who import who
from bot.router.context import UserError
from bot.router.exports import build_export
from db.connection import open_db
from db.documents import list_documents
from tests.export_corpus import build

# The columns of TimelineJS's Google Sheets template, as the template and TimelineJS's own
# CSV reader name them (written out here, not imported, so a change in the code is caught).
TEMPLATE_COLUMNS = [
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
    "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
    "Media Thumbnail", "Type", "Group", "Background",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("export")
    build(folder / "articles", folder / "store.sqlite", nlp)
    store = open_db(folder / "store.sqlite")
    yield store
    store.close()


def answer_entries(db, topic):
    """Every entry of the /timeline answer, page by page, as the user would see them."""
    first = timeline(db, topic, 0)
    entries = list(first.entries)
    for page in range(1, first.pages):
        entries.extend(timeline(db, topic, page).entries)
    return entries


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def _parts(value: str) -> dict[str, int]:
    """What a TIMEX3 value says, read independently of the exporter: year, month, day."""
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    return {k: int(v) for k, v in zip(("year", "month", "day"), m.groups(), strict=True) if v}


# ---------------------------------------------------------------- TimelineJS JSON


def validate_timelinejs(data: dict) -> None:
    """TimelineJS's documented JSON format (timeline.knightlab.com/docs/json-format.html):
    `events` is a list of slides; each has a `start_date` with a numeric `year` and optional
    `month` (1-12) and `day` (only with a month, a real day); `text` has `headline` and `text`
    strings; `media`, if present, has a `url`; `title` is a slide without a date."""
    assert set(data) <= {"events", "title", "eras", "scale"}
    assert isinstance(data["events"], list) and data["events"]
    assert data.get("scale", "human") in ("human", "cosmological")
    assert "start_date" not in data["title"] and isinstance(data["title"]["text"]["headline"], str)
    slide_keys = {"start_date", "end_date", "text", "media", "group", "display_date",
                  "background", "autolink", "unique_id"}
    ids = set()
    for event in data["events"]:
        assert set(event) <= slide_keys, set(event) - slide_keys
        date = event["start_date"]
        assert set(date) <= {"year", "month", "day", "hour", "minute", "second",
                             "millisecond", "display_date"}
        assert isinstance(date["year"], int)
        if "day" in date:
            assert "month" in date
            dt.date(date["year"], date["month"], date["day"])  # a real day
        if "month" in date:
            assert 1 <= date["month"] <= 12
        assert isinstance(event["text"]["headline"], str) and event["text"]["headline"]
        assert isinstance(event["text"]["text"], str) and event["text"]["text"]
        if "media" in event:
            assert isinstance(event["media"]["url"], str)
        assert event["unique_id"] not in ids
        ids.add(event["unique_id"])


def test_timelinejs_json_validates_and_matches_the_answer_event_by_event(db):
    file = build_export(db, "timeline", "ferry", "timelinejs")
    assert file.filename == "timeline-elden-ferry-company.timelinejs.json"
    data = json.loads(file.content)
    validate_timelinejs(data)
    entries = answer_entries(db, "ferry")
    assert len(data["events"]) == len(entries) >= 8
    precisions = set()
    for event, entry in zip(data["events"], entries, strict=True):
        # The date at its precision: no month for a year, no day for a month.
        precisions.add(len(event["start_date"]))
        if re.fullmatch(r"\d{4}(-\d{2}){0,2}", entry.date):
            assert event["start_date"] == _parts(entry.date)
        else:  # a season: the year only, the display date says which part
            assert event["start_date"] == {"year": int(entry.date[:4])}
        assert event["display_date"].endswith(entry.date_label)
        assert html.escape(entry.text, quote=False) in event["text"]["text"]
        assert html.unescape(event["text"]["headline"]).rstrip(" …") in entry.text
        source = entry.sources[0]
        assert html.escape(source.date_label, quote=False) in event["media"]["credit"]
        assert html.escape(source.title, quote=False) in event["text"]["text"]
        # Estimated dates are marked in the text and the display date.
        note = re.search(r'<p class="tl-note">Date: ([^<]*)</p>', event["text"]["text"])
        assert bool(note and "estimated" in note[1]) == entry.estimated
        assert event["display_date"].startswith("~") == entry.estimated
    assert precisions == {1, 2, 3}  # year, month and day precision all occur
    assert any(e.estimated for e in entries)


def test_untrusted_text_is_escaped_in_timelinejs():
    assert timelinejs_date("2016-02-29") == {"year": 2016, "month": 2, "day": 29}
    from bot.answers.export import timelinejs_event
    from bot.queries.sources import SourceRef
    from bot.queries.timeline import TimelineEntry

    ref = SourceRef(1, "<script>x</script>", "A & B", "javascript:alert(1)", "2016")
    entry = TimelineEntry("2016", "2016", "own", False, "<img src=x onerror=alert(1)>", (ref,), (7,))
    event = timelinejs_event(entry)
    assert "<img" not in json.dumps(event) and "<script>" not in json.dumps(event)
    assert "javascript:" not in event["text"]["text"]  # no link to an unsafe URL


# ---------------------------------------------------------------- TimelineJS sheet CSV


def test_sheet_csv_has_the_template_columns_and_one_row_per_answer_event(db):
    file = build_export(db, "timeline", "ferry", "csv")
    assert file.filename == "timeline-elden-ferry-company.csv"
    text = file.content.decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(text))) == TEMPLATE_COLUMNS
    rows = _csv_rows(file.content)
    title, events = rows[0], rows[1:]
    assert title["Type"] == "title" and "ferry" in title["Headline"].lower()
    entries = answer_entries(db, "ferry")
    assert len(events) == len(entries)
    for row, entry in zip(events, entries, strict=True):
        cells = {k: int(row[k.capitalize()]) for k in ("year", "month", "day")
                 if row[k.capitalize()]}
        if re.fullmatch(r"\d{4}(-\d{2}){0,2}", entry.date):
            assert cells == _parts(entry.date)
        else:
            assert cells == {"year": int(entry.date[:4])}
        assert row["Type"] == "" and row["End Year"] == ""
        assert row["Display Date"].endswith(entry.date_label)
        assert html.escape(entry.text, quote=False) in row["Text"]
        assert html.escape(entry.sources[0].title, quote=False) in row["Media Caption"]
        assert entry.sources[0].date_label in row["Media Credit"]


def test_timeline_json_lists_the_answer_events_with_precision_and_sources(db):
    data = json.loads(build_export(db, "timeline", "ferry", "json").content)
    entries = answer_entries(db, "ferry")
    assert data["total"] == len(entries) == len(data["events"])
    for event, entry in zip(data["events"], entries, strict=True):
        assert (event["date"], event["text"], event["estimated"], event["kind"]) == \
            (entry.date, entry.text, entry.estimated, entry.kind)
        assert [s["document_id"] for s in event["sources"]] == \
            [s.document_id for s in entry.sources]
    by_date = {e["date"]: e["precision"] for e in data["events"]}
    assert by_date["2019-06"] == "month" and by_date["2020-10-03"] == "day"
    assert by_date["1998"] == "year" and by_date["2021-SU"] == "season"


# ---------------------------------------------------------------- who


def test_who_json_holds_the_answer_profile_and_more(db):
    answer = who(db, "Maria Lopez")
    data = json.loads(build_export(db, "who", "Maria Lopez", "json").content)
    assert (data["name"], data["kind"], data["mentions"]) == \
        (answer.name, answer.kind, answer.mentions)
    assert [d["text"] for d in data["descriptions"]] == [d.text for d in answer.descriptions]
    for exported, said in zip(data["descriptions"], answer.descriptions, strict=True):
        assert [s["title"] for s in exported["sources"]] == [s.title for s in said.sources]
    # Every companion the answer lists is a co-mention, in the same order.
    names = [c["name"] for c in data["co_mentions"]]
    for group in answer.companions.values():
        listed = [name for name, _ in group]
        assert [n for n in names if n in listed] == listed
    per_document = data["mentions_per_document"]
    assert sum(d["mentions"] for d in per_document) == answer.mentions
    assert len(per_document) == answer.documents


def test_who_csv_rows_follow_the_answer(db):
    answer = who(db, "Tomas Berg")
    file = build_export(db, "who", "Tomas Berg", "csv")
    assert file.filename == "who-tomas-berg.csv"
    rows = _csv_rows(file.content)
    assert rows[0]["section"] == "entity" and rows[0]["text"] == answer.name
    descriptions = [(r["text"], r["title"]) for r in rows if r["section"] == "description"]
    assert descriptions == [(d.text, s.title) for d in answer.descriptions for s in d.sources]
    documents = [r for r in rows if r["section"] == "document"]
    assert sum(int(r["count"]) for r in documents) == answer.mentions
    co = [r["text"] for r in rows if r["section"] == "co-mention"]
    for group in answer.companions.values():
        assert all(name in co for name, _ in group)
    assert profile_export(db, "Tomas Berg").profile == answer


def test_nothing_to_export_says_so(db):
    with pytest.raises(UserError, match="No one called"):
        build_export(db, "who", "Zebulon Quaxley", "json")
    with pytest.raises(UserError, match="Nothing dated"):
        build_export(db, "timeline", "lighthouse", "csv")
    with pytest.raises(UserError, match="csv or json"):
        build_export(db, "documents", "", "timelinejs")


# ---------------------------------------------------------------- documents


def test_documents_export_lists_every_document(db):
    listed = list(list_documents(db))
    rows = _csv_rows(build_export(db, "documents", "", "csv").content)
    assert [(int(r["id"]), r["title"]) for r in rows] == [(d["id"], d["title"]) for d in listed]
    undated = [r for r in rows if not r["date"]]
    assert [r["date_label"] for r in undated] == ["undated"]
    data = json.loads(build_export(db, "documents", "", "json").content)
    assert [d["id"] for d in data] == [d["id"] for d in listed]
    assert {d["date_kind"] for d in data} >= {"dateline", "estimated", None}
