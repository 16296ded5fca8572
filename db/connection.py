"""Opening the store: one SQLite file, WAL, foreign keys on, schema migrated."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from db.schema import migrate


def open_db(path: Path | str, *, check_same_thread: bool = True) -> Database:
    """Open (creating if needed) the newsdesk database at `path`, migrated to the latest schema.

    WAL lets the Slack listeners read while an ingest writes; foreign keys make removing a
    document remove everything derived from it; busy_timeout rides out a concurrent writer.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), check_same_thread=check_same_thread, timeout=30)
    db = Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 30000")
    _enable_wal(db)
    migrate(db)
    return db


def _enable_wal(db: Database, *, wait: float = 30.0) -> None:
    """Switch a new file to WAL. The switch needs the file to itself and SQLite refuses it at
    once ("database is locked", no busy wait) while another opener is migrating: wait for it."""
    deadline = time.monotonic() + wait
    while True:
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One write transaction, its lock taken at the start (BEGIN IMMEDIATE).

    A plain BEGIN reads first and asks for the write lock later; if another connection wrote
    in between, SQLite refuses at once ("database is locked") instead of waiting. Taking the
    lock up front makes a concurrent writer wait (busy_timeout) and makes read-then-write
    decisions (claims, replacements, regrouping) atomic across threads and processes.
    Nested inside another transaction, it is a savepoint.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")
