"""Ingest on documents the tests write: idempotence, updates, failures, crashes, workers."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import db.documents as documents
import db.fingerprints as fingerprints
from bot.ingest import correct_document, ingest_paths
from bot.regroup import refresh_entities
from db.connection import open_db
from tests.conftest import shared_nlp

ROOT = Path(__file__).resolve().parents[2]

ARTICLE_A = """Wind farms expand along the Baltic coast

March 3, 2019

By Ingrid Holm, energy correspondent

Danish Energy Minister Lars Christensen opened the new Kriegers Flak wind farm on Monday. The project cost 1.2 billion euros and took four years to build.

Christensen said the farm would power 600,000 homes. Last month, the government approved two more projects near Bornholm.
"""

ARTICLE_B = """Baltic grid operators sign a power-sharing pact

April 9, 2019

Christensen, who has led the ministry since 2016, signed the pact in Copenhagen. Grid operators from Sweden and Poland joined the agreement.
"""


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def ingest(db, *paths, **kw):
    return ingest_paths(db, list(paths), nlp=shared_nlp(), **kw)


def snapshot(db):
    return {t: db[t].count for t in ("documents", "passages", "mentions", "time_expressions",
                                     "entities", "descriptions", "keyphrases")} | {
        "updated": [r[0] for r in db.execute("SELECT updated_at FROM documents ORDER BY id")]}


@pytest.fixture
def corpus(tmp_path, nlp):
    folder = tmp_path / "articles"
    write(folder, "a.txt", ARTICLE_A)
    write(folder, "sub/b.md", ARTICLE_B)
    return folder


def test_reingesting_unchanged_files_changes_nothing(corpus, db_path):
    db = open_db(db_path)
    first = ingest(db, corpus)
    assert first.counts["new"] == 2
    before = snapshot(db)
    again = ingest(db, corpus)
    assert again.counts["unchanged"] == 2 and again.counts["new"] == 0
    assert snapshot(db) == before


def test_a_changed_file_replaces_its_old_version(corpus, db_path):
    db = open_db(db_path)
    ingest(db, corpus)
    doc_id = db.execute("SELECT id FROM documents WHERE path LIKE '%a.txt'").fetchone()[0]
    write(corpus, "a.txt", ARTICLE_A.replace("600,000 homes", "900,000 homes"))
    summary = ingest(db, corpus)
    assert summary.counts["updated"] == 1 and summary.counts["unchanged"] == 1
    texts = [r[0] for r in db.execute("SELECT text FROM passages WHERE document_id = ?", [doc_id])]
    assert any("900,000" in t for t in texts) and not any("600,000" in t for t in texts)
    assert db["documents"].count == 2


def test_the_same_content_under_another_name_is_a_duplicate(corpus, db_path, tmp_path):
    db = open_db(db_path)
    ingest(db, corpus)
    copy = write(tmp_path / "elsewhere", "copy.txt", ARTICLE_A)
    summary = ingest(db, copy)
    assert summary.counts["duplicate"] == 1 and db["documents"].count == 2


STORY_PARAGRAPHS = [
    "Ferry crews in Bergen walked out on Monday over a new rota that they say leaves too little "
    "rest between crossings, stranding hundreds of commuters on both sides of the fjord.",
    "The operator said most services would still run, though with longer waits at both "
    "terminals, and that talks with the union would resume on Wednesday.",
    "Union leader Kari Nilsen said the crews had warned for months that the rota was unsafe.",
]


def test_the_same_story_as_html_and_as_text_is_one_document_with_two_sources(tmp_path, db_path):
    folder = tmp_path / "saves"
    body = "".join(f"<p>{p}</p>" for p in STORY_PARAGRAPHS)
    write(folder, "ferries.html",
          "<html><head><title>Ferry crews strike | Fjord Post</title>"
          '<meta property="og:site_name" content="Fjord Post">'
          '<meta property="article:published_time" content="2023-04-03T07:00:00Z"></head><body>'
          "<nav><ul><li>News</li><li>Sport</li><li>Weather</li></ul></nav>"
          f"<article><h1>Ferry crews strike</h1>{body}</article>"
          "<footer><p>Subscribe to our newsletter</p></footer></body></html>")
    write(folder, "ferries-wire.txt",
          "Bergen ferry crews walk out over rota\n\n" + "\n\n".join(STORY_PARAGRAPHS)
          + "\n\nCopyright Nordic Wire. All rights reserved.")
    write(folder, "other.txt", ARTICLE_A)
    db = open_db(db_path)
    summary = ingest(db, folder)
    assert db["documents"].count == 2
    assert summary.counts["duplicate"] == 1 and "1 duplicate" in summary.line()
    [duplicate] = [o for o in summary.outcomes if o.status == "duplicate"]
    assert "same story" in duplicate.reason
    sources = [r["path"] for r in fingerprints.sources_of(db, duplicate.document_id)]
    stored = documents.get_document(db, duplicate.document_id)["path"]
    assert {Path(stored).name, *(Path(p).name for p in sources)} == {
        "ferries.html", "ferries-wire.txt"}
    # the text save came first (sorted names) but the page states a date: the page is kept
    kept = documents.get_document(db, duplicate.document_id)
    assert Path(kept["path"]).name == "ferries.html"
    assert (kept["date"], kept["date_kind"]) == ("2023-04-03", "stated")
    # removing the document removes its fingerprint and its other sources with it
    documents.remove_document(db, duplicate.document_id)
    assert not fingerprints.sources_of(db, duplicate.document_id)
    assert not db.execute("SELECT COUNT(*) FROM document_bands WHERE document_id = ?",
                          [duplicate.document_id]).fetchone()[0]


EMBASSY_STORIES = [
    ("Bombs hit embassies", "August 8, 1998",
     "Bombs exploded outside the American embassies in Nairobi and Dar es Salaam on Friday. "
     "Ambassador Prudence Bushnell was injured, and Secretary of State Madeleine Albright "
     "promised to find those responsible."),
    ("Albright visits Nairobi", "August 18, 1998",
     "Madeleine Albright paid tribute in Nairobi to the victims of the bombing. She met "
     "Prudence Bushnell and Kenyan officials at the ruined embassy."),
    ("Investigators in Dar es Salaam", "August 20, 1998",
     "FBI investigators in Dar es Salaam and Nairobi questioned suspects in the bombing. "
     "Prudence Bushnell said the embassy would reopen, and Madeleine Albright agreed."),
]


def test_an_undated_story_takes_the_year_of_dated_stories_on_the_same_events(tmp_path, db_path):
    folder = tmp_path / "wire"
    for i, (title, date, text) in enumerate(EMBASSY_STORIES):
        write(folder, f"dated{i}.txt", f"{title}\n\n{date}\n\n{text}")
    write(folder, "undated.txt",
          "Bushnell back at work\n\nPrudence Bushnell returned to her desk in Nairobi last "
          "week. Madeleine Albright called her from Dar es Salaam, officials said.")
    write(folder, "unrelated.txt",
          "Orchard expands\n\nThe cooperative in Hardanger bought two orchards, its "
          "chairwoman Ingrid Vik said. Members voted for the purchase.")
    db = open_db(db_path)
    ingest(db, folder)
    rows = {Path(r["path"]).stem: r for r in db["documents"].rows}
    assert {rows[f"dated{i}"]["date_kind"] for i in range(3)} == {"dateline"}
    undated = rows["undated"]
    assert (undated["date"], undated["date_kind"]) == ("1998", "estimated")
    assert "report the same events" in undated["date_evidence"]
    # what rests on the estimate is estimated too: "last week" resolves against 1998
    assert db.execute("SELECT COUNT(*) FROM passages WHERE document_id = ? AND "
                      "event_estimated = 1", [undated["id"]]).fetchone()[0] > 0
    assert rows["unrelated"]["date"] is None


def test_a_year_the_undated_story_tells_as_ahead_does_not_rule_out_its_neighbors(
        tmp_path, db_path):
    """"will reopen in 1999" bounds the writing from above, not below: the 1998 stories vote."""
    folder = tmp_path / "wire"
    for i, (title, date, text) in enumerate(EMBASSY_STORIES):
        write(folder, f"dated{i}.txt", f"{title}\n\n{date}\n\n{text}")
    write(folder, "undated.txt",
          "Bushnell back at work\n\nPrudence Bushnell returned to her desk in Nairobi last "
          "week. Madeleine Albright called her from Dar es Salaam, officials said. The "
          "embassy will reopen in 1999.")
    db = open_db(db_path)
    ingest(db, folder)
    undated = next(r for r in db["documents"].rows if Path(r["path"]).stem == "undated")
    assert (undated["date"], undated["date_kind"]) == ("1998", "estimated")


def test_broken_files_get_a_line_each_and_the_rest_go_on(corpus, db_path):
    db = open_db(db_path)
    write(corpus, "empty.txt", "")
    write(corpus, "noise.txt", bytes(range(256)) * 20)
    write(corpus, "picture.html", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    write(corpus, "broken.pdf", b"%PDF-1.4\n1 0 obj <<")
    summary = ingest(db, corpus, corpus / "missing.txt", corpus / "report.docx")
    failed = {Path(o.path).name: o.reason for o in summary.outcomes if o.status == "failed"}
    assert set(failed) >= {"empty.txt", "noise.txt", "picture.html", "broken.pdf", "missing.txt"}
    assert all(reason for reason in failed.values())
    assert summary.counts["new"] == 2


def test_a_crash_inside_a_document_leaves_no_half_document(corpus, db_path, monkeypatch):
    db = open_db(db_path)
    real = documents._insert_times

    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(documents, "_insert_times", crash)
    with pytest.raises(RuntimeError):
        ingest(db, corpus)
    assert db["documents"].count == 0 and db["passages"].count == 0 and db["mentions"].count == 0
    monkeypatch.setattr(documents, "_insert_times", real)
    assert ingest(db, corpus).counts["new"] == 2


def test_kill_9_mid_ingest_then_rerun_completes(tmp_path, nlp):
    folder = tmp_path / "many"
    for i in range(120):
        # Distinct stories (near-duplicates would be stored once): numbers of their own every
        # few words, so no two share many word 4-grams.
        paragraph = ("The regional council in Tromsø approved a harbour expansion on June 4, 2018, "
                     "after Mayor Kristin Røymo argued it would bring 300 jobs. ") + " ".join(
            f"In session {i}.{k} councillor {i} backed plan {k}{i} for berth {i}{k} at cost "
            f"{i * 7 + k} million." for k in range(12))
        write(folder, f"doc{i:02d}.txt", f"Harbour story {i}\n\n{paragraph}\n\nStory number {i}.")
    db_file = tmp_path / "kill.sqlite"
    env = {**os.environ, "NEWSDESK_DB": str(db_file)}
    log = tmp_path / "ingest.log"
    proc = subprocess.Popen([sys.executable, "-m", "bot", "ingest", str(folder)], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"))
    deadline = time.time() + 120
    count = 0
    while time.time() < deadline and proc.poll() is None:
        try:  # read-only peek: the child owns the schema
            with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True) as peek:
                count = peek.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        except sqlite3.Error:
            count = 0
        if count >= 3:
            break
        time.sleep(0.05)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    db = open_db(db_file)
    for (doc_id,) in db.execute("SELECT id FROM documents").fetchall():
        n = db.execute("SELECT COUNT(*) FROM passages WHERE document_id = ?", [doc_id]).fetchone()[0]
        assert n > 0, f"document {doc_id} stored without its passages"
    assert killed, "ingest ended before it could be killed:\n" + log.read_text()[-2000:]
    summary = ingest(db, folder)
    assert db["documents"].count == 120
    assert summary.counts["new"] + summary.counts["unchanged"] == 120
    assert not documents.entities_stale(db)


def test_a_surname_joins_its_full_name_across_documents_and_parts_on_removal(corpus, db_path):
    db = open_db(db_path)
    ingest(db, corpus / "sub")  # only "Christensen"
    ingest(db, corpus)  # now "Lars Christensen" too
    rows = db.execute(
        "SELECT e.name, e.documents FROM entities e JOIN aliases a ON a.entity_id = e.id "
        "WHERE a.norm = 'christensen'").fetchall()
    assert rows == [("Lars Christensen", 2)]
    doc_a = db.execute("SELECT id FROM documents WHERE path LIKE '%a.txt'").fetchone()[0]
    documents.remove_document(db, doc_a)
    refresh_entities(db)
    names = [r[0] for r in db.execute("SELECT e.name FROM entities e JOIN aliases a "
                                      "ON a.entity_id = e.id WHERE a.norm = 'christensen'")]
    assert names == ["Christensen"]


def test_removing_a_document_removes_everything_derived(corpus, db_path):
    db = open_db(db_path)
    ingest(db, corpus)
    doc_id = db.execute("SELECT id FROM documents WHERE path LIKE '%b.md'").fetchone()[0]
    assert documents.remove_document(db, doc_id)
    for table in ("passages", "mentions", "time_expressions", "doc_entities", "keyphrases",
                  "descriptions"):
        left = db.execute(f"SELECT COUNT(*) FROM {table} WHERE document_id = ?", [doc_id])
        assert left.fetchone()[0] == 0, table
    assert not documents.remove_document(db, doc_id)


def test_overrides_win_and_a_corrected_date_reresolves_relative_dates(corpus, db_path):
    db = open_db(db_path)
    flags = {"title": "Kriegers Flak opens", "source": "Nordic Wire"}
    ingest(db, corpus / "a.txt", overrides=flags)
    row = db.execute("SELECT id, title, source, date FROM documents").fetchone()
    assert row[1:] == ("Kriegers Flak opens", "Nordic Wire", "2019-03-03")
    value = lambda: db.execute(  # noqa: E731
        "SELECT value FROM time_expressions WHERE text LIKE '%ast month%'").fetchone()[0]
    assert value() == "2019-02"
    correct_document(db, row[0], {"date": "2019-07-20"}, nlp=shared_nlp())
    assert value() == "2019-06"
    doc = db.execute("SELECT date, date_kind, title FROM documents").fetchone()
    assert doc == ("2019-07-20", "given", "Kriegers Flak opens")
    assert ingest(db, corpus / "a.txt", overrides=flags).counts["unchanged"] == 1


def test_two_workers_store_what_one_worker_stores(tmp_path, corpus):
    for i in range(6):
        write(corpus, f"extra{i}.txt", ARTICLE_A.replace("Bornholm", f"island {i}"))
    one, two = open_db(tmp_path / "one.sqlite"), open_db(tmp_path / "two.sqlite")
    ingest(one, corpus, workers=1)
    ingest(two, corpus, workers=2)
    query = "SELECT d.path, p.text, p.event_date FROM passages p JOIN documents d ON d.id = p.document_id ORDER BY 1, p.id"
    assert list(one.execute(query)) == list(two.execute(query))
    assert snapshot(one)["entities"] == snapshot(two)["entities"]


def test_warming_up_starts_the_readers_fork_server_and_loads_the_fingerprints():
    """In a fresh process, as the serving bot does at start-up: the first file shared in Slack
    then finds both ready."""
    script = (
        "import sys, multiprocessing.forkserver as fs\n"
        "from bot.ingest import warm_up\n"
        "assert fs._forkserver._forkserver_pid is None and 'datasketch' not in sys.modules\n"
        "warm_up()\n"
        "assert fs._forkserver._forkserver_pid is not None, 'no fork server'\n"
        "assert 'datasketch' in sys.modules, 'fingerprints not loaded'\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_weekday_an_undated_story_names_must_fit_its_neighbors_year(tmp_path, db_path):
    """Aug. 9 was a Sunday in 1998: the story naming "Sunday, Aug. 9" takes the 1998 vote, the
    one naming "Monday, Aug. 9" (1999) does not."""
    folder = tmp_path / "wire"
    for i, (title, date, text) in enumerate(EMBASSY_STORIES):
        write(folder, f"dated{i}.txt", f"{title}\n\n{date}\n\n{text}")
    story = ("Bushnell back at work\n\nPrudence Bushnell returned to her desk in Nairobi on "
             "{day}, Aug. 9. Madeleine Albright called her from Dar es Salaam, officials said.")
    write(folder, "fits.txt", story.format(day="Sunday"))
    write(folder, "clashes.txt", story.format(day="Monday"))
    db = open_db(db_path)
    ingest(db, folder)
    rows = {Path(r["path"]).stem: r for r in db["documents"].rows}
    assert (rows["fits"]["date"], rows["fits"]["date_kind"]) == ("1998", "estimated")
    assert "Sunday, August 9" in rows["fits"]["date_evidence"]
    assert rows["clashes"]["date"] is None
