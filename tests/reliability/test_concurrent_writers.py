"""Concurrent writers: processes that open, migrate and ingest into one SQLite file at once.

Each assertion is about what is stored: no duplicate document, every migration recorded once,
the file's integrity intact.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import traceback
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from bot.ingest import ingest_paths
from db.connection import open_db
from db.schema import SCHEMA_VERSION, migrate, migrations
from tests.conftest import shared_nlp

OPENERS = 4
OPEN_TRIALS = 12


def _connect(path) -> Database:
    db = Database(sqlite3.connect(str(path), timeout=30))
    db.execute("PRAGMA busy_timeout = 30000")
    db.enable_wal()
    return db


def test_an_opener_whose_plan_went_stale_finds_the_work_done(db_path, monkeypatch):
    """The race of two openers, made deterministic: the second reads what is pending while the
    first is half-way (one migration applied), then the first finishes. Before the fix the
    second applied the next migration again and failed on the migrations table's unique key."""
    first, second = _connect(db_path), _connect(db_path)
    names = [m.name for m in migrations._migrations]
    migrations.apply(first, stop_before=names[1])  # the first opener is half-way
    real_pending = Migrations.pending
    raced = []

    def pending_while_the_first_finishes(self, db):
        plan = real_pending(self, db)
        if db is second and not raced:
            raced.append(True)
            migrations.apply(first)  # ... and finishes right after the second looked
        return plan

    monkeypatch.setattr(Migrations, "pending", pending_while_the_first_finishes)
    migrate(second)
    assert raced
    applied = [r[0] for r in second.execute("SELECT name FROM _sqlite_migrations")]
    assert sorted(applied) == sorted(names)


def _open_when_told(path: str, go, errors) -> None:
    go.wait(10)
    try:
        open_db(path).close()
    except BaseException:
        errors.put(traceback.format_exc(limit=3))


def test_processes_opening_a_new_file_at_once_never_fail(tmp_path):
    """Before the fix, 1 opening in 30 failed on the migrations table's unique constraint."""
    context = multiprocessing.get_context("fork")
    failures: list[str] = []
    for trial in range(OPEN_TRIALS):
        path = str(tmp_path / f"fresh{trial}.sqlite")
        go, errors = context.Event(), context.Queue()
        openers = [context.Process(target=_open_when_told, args=(path, go, errors))
                   for _ in range(OPENERS)]
        for process in openers:
            process.start()
        go.set()
        for process in openers:
            process.join(30)
        while not errors.empty():
            failures.append(errors.get())
        db = open_db(path)
        names = [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations")]
        assert len(names) == len(set(names)) == SCHEMA_VERSION, names
        db.close()
    assert not failures, f"{len(failures)} of {OPEN_TRIALS * OPENERS} openings failed:\n" + failures[0]


def _ingest_when_told(db_path: str, folder: str, go, done) -> None:
    go.wait(30)
    try:
        summary = ingest_paths(open_db(db_path), [Path(folder)], nlp=shared_nlp())
        done.put(dict(summary.counts))
    except BaseException:
        done.put(traceback.format_exc(limit=5))


def _article(n: int) -> str:
    return (f"Harbour council approves pier {n}\n\nMarch {n % 27 + 1}, 2019\n\n"
            f"The harbour council of Bergen approved pier {n} on Monday after councillor "
            f"Ingrid Dahl{n} argued it would bring {n * 10} jobs to the waterfront.\n\n"
            f"Construction of pier {n} starts next spring, the council said.")


def test_two_ingests_of_folders_sharing_files_store_each_text_once(tmp_path):
    """Before the fix, both runs planned the shared files as new and stored them twice."""
    shared = range(6)
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, own in ((first, 100), (second, 200)):
        folder.mkdir()
        for n in shared:
            (folder / f"shared{n}.txt").write_text(_article(n), encoding="utf-8")
        (folder / "own.txt").write_text(_article(own), encoding="utf-8")
    db_path = str(tmp_path / "both.sqlite")
    open_db(db_path).close()
    shared_nlp()  # loaded before the fork, as ingest's own workers do
    context = multiprocessing.get_context("fork")
    go, done = context.Event(), context.Queue()
    runs = [context.Process(target=_ingest_when_told, args=(db_path, str(f), go, done))
            for f in (first, second)]
    for run in runs:
        run.start()
    go.set()
    results = [done.get(timeout=180) for _ in runs]
    for run in runs:
        run.join(30)
    assert all(isinstance(r, dict) for r in results), results
    db = open_db(db_path)
    texts = [r[0] for r in db.execute("SELECT body FROM documents")]
    assert len(texts) == len(set(texts)) == len(shared) + 2
    assert sum(r.get("new", 0) for r in results) == len(shared) + 2
    assert sum(r.get("duplicate", 0) for r in results) == len(shared)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not db.execute("PRAGMA foreign_key_check").fetchall()


def test_two_ingest_processes_and_a_server_at_once(tmp_path, fake_slack, settings, app, http):
    """Two `newsdesk ingest` processes over folders sharing files, while the bot answers:
    each text stored once, the file intact, every command answered exactly once."""
    import os
    import subprocess
    import sys
    import time

    root = Path(__file__).resolve().parents[2]
    shared = range(5)
    folders = [tmp_path / "first", tmp_path / "second"]
    for folder, own in zip(folders, (300, 400), strict=True):
        folder.mkdir()
        for n in shared:
            (folder / f"shared{n}.txt").write_text(_article(n), encoding="utf-8")
        (folder / "own.txt").write_text(_article(own), encoding="utf-8")
    env = {**os.environ, "NEWSDESK_DB": str(settings.db_path)}
    runs = [subprocess.Popen([sys.executable, "-m", "bot", "ingest", str(folder)], cwd=root,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            for folder in folders]
    asked = []
    while any(run.poll() is None for run in runs) or len(asked) < 4:
        _, path = http.command("/search", "harbour council pier")
        asked.append(path)
        time.sleep(0.3)
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert all(run.returncode == 0 for run in runs), outputs
    for path in asked:  # exactly once each, and an answer, not an apology
        (answer,) = fake_slack.wait_for(path, timeout=20)
        assert "went wrong" not in str(answer.params)
    time.sleep(0.5)
    assert all(len(fake_slack.calls_to(path)) == 1 for path in asked)
    db = open_db(settings.db_path)
    texts = [r[0] for r in db.execute("SELECT body FROM documents")]
    assert len(texts) == len(set(texts)) == len(shared) + 2
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not db.execute("PRAGMA foreign_key_check").fetchall()
    # The passages index agrees with the passages.
    assert db.execute("SELECT COUNT(*) FROM passages_fts").fetchone()[0] == db["passages"].count
