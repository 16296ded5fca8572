"""kill -9 of `newsdesk ingest` at random moments: nothing half-stored, every stored name found
by `/who` once the bot starts, and a rerun ends exactly where a clean run does."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.config import Settings
from bot.ingest import ingest_paths
from bot.queries.who import WhoResult, who
from bot.slack.deps import Deps
from db.connection import open_db
from db.documents import entities_behind_for
from tests.conftest import shared_nlp

ROOT = Path(__file__).resolve().parents[2]
FILES = 24
KILL_TRIALS = 3


def _article(n: int) -> str:
    body = (f"The regional council of Tromsø approved harbour project {n} on June {n % 28 + 1}, "
            f"2018, after councillor Mads Berg{chr(65 + n % 26)}vik argued it would bring "
            f"{n * 7} jobs. ") * 6
    return f"Harbour project {n} approved\n\n{body}\n\nCouncillor Mads Berg{chr(65 + n % 26)}vik welcomed the vote."


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("kill") / "articles"
    path.mkdir()
    for n in range(FILES):
        (path / f"doc{n:02d}.txt").write_text(_article(n), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory, folder) -> dict:
    db = open_db(tmp_path_factory.mktemp("clean") / "clean.sqlite")
    ingest_paths(db, [folder], nlp=shared_nlp())
    return _contents(db)


def _contents(db) -> dict:
    """What a user can see of the store, ids aside."""
    return {
        "documents": sorted(db.execute("SELECT path, content_hash, body FROM documents")),
        "passages": sorted(db.execute("SELECT d.path, p.text, p.event_date FROM passages p "
                                      "JOIN documents d ON d.id = p.document_id")),
        "entities": sorted(db.execute("SELECT name, label, mentions, documents FROM entities")),
    }


def _documents(db_file: Path) -> int:
    try:  # read-only peek: the child owns the schema
        with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True) as peek:
            return peek.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def _kill_ingest_after(folder: Path, db_file: Path, stored: int, extra_delay: float) -> bool:
    """Run `newsdesk ingest`, kill -9 it once `stored` documents are in (plus a random
    fraction of a document); True if it was killed before it finished."""
    env = {**os.environ, "NEWSDESK_DB": str(db_file)}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "ingest", str(folder)], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None and _documents(db_file) < stored:
        time.sleep(0.01)
    time.sleep(extra_delay)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    return killed


@pytest.mark.parametrize("trial", range(KILL_TRIALS))
def test_kill_9_mid_ingest_then_start_and_rerun(trial, tmp_path, folder, clean_run):
    rng = random.Random(1000 + trial)
    db_file = tmp_path / "killed.sqlite"
    assert _kill_ingest_after(folder, db_file, rng.randint(1, FILES - 4), rng.uniform(0, 0.15))
    db = open_db(db_file)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not db.execute("PRAGMA foreign_key_check").fetchall()
    # Nothing half-stored: every document has its passages, and its entity records.
    half = db.execute("SELECT id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM passages p "
                      "WHERE p.document_id = d.id) OR NOT EXISTS (SELECT 1 FROM doc_entities e "
                      "WHERE e.document_id = d.id)").fetchall()
    assert half == []
    stored = [r[0] for r in db.execute("SELECT body FROM documents")]
    assert 0 < len(stored) <= FILES  # killed while writing, or while regrouping at the end
    # The bot starting on this store regroups what the killed run left stale ...
    Deps.build(Settings(db_path=db_file), nlp=None)
    assert entities_behind_for(db) is None
    for n in range(FILES):
        if any(f"harbour project {n} on" in body for body in stored):
            answer = who(db, f"Mads Berg{chr(65 + n % 26)}vik")
            assert isinstance(answer, WhoResult), f"/who does not know document {n}'s councillor"
    # ... and a rerun ends where a clean run ends.
    summary = ingest_paths(db, [folder], nlp=shared_nlp())
    assert summary.counts["new"] + summary.counts["unchanged"] == FILES
    assert summary.counts["unchanged"] == len(stored)
    assert _contents(db) == clean_run


def test_a_running_bot_repairs_what_an_ingest_killed_meanwhile_left(tmp_path, nlp, monkeypatch):
    """The bot was already up when the ingest died: it regroups once the entities have been
    stale for a while (no ingest still writing), off the answer path."""
    import bot.ingest as ingest_module
    import bot.slack.deps as deps_module
    from db.documents import RECORDS_ADDED_AT

    db_file = tmp_path / "running.sqlite"
    deps = Deps.build(Settings(db_path=db_file), nlp=None)
    (tmp_path / "a.txt").write_text(_article(3), encoding="utf-8")
    # An ingest that stores its document and dies before regrouping.
    monkeypatch.setattr(ingest_module, "regroup_new", lambda db: 0)
    ingest_paths(open_db(db_file), [tmp_path / "a.txt"], nlp=nlp)
    monkeypatch.undo()
    db = open_db(db_file)
    assert entities_behind_for(db) is not None
    assert not isinstance(who(db, "Mads BergDvik"), WhoResult)
    with deps.context():
        pass  # stale for under a minute: an ingest may still be writing; leave it
    deps.file_pool.shutdown(wait=True)  # the check it queued has run
    assert entities_behind_for(db) is not None
    deps.file_pool = ThreadPoolExecutor(1)
    db["state"].upsert({"key": RECORDS_ADDED_AT, "value": "0"}, pk="key")  # long ago
    monkeypatch.setattr(deps, "_next_repair_check", 0.0)
    with deps.context() as ctx:
        assert ctx.db is not None
    deadline = time.monotonic() + 30
    while entities_behind_for(db) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert entities_behind_for(db) is None
    assert isinstance(who(db, "Mads BergDvik"), WhoResult)
    assert deps_module.REPAIR_IDLE_SECONDS > 0
