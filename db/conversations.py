"""Slack conversation state: what each thread was about, and which events were answered.

Both live in SQLite, so a restarted bot still knows what "and Merkel?" follows, and never
answers an event Slack delivers again (a retry, or a second delivery) a second time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlite_utils import Database

from db.connection import write_transaction
from db.documents import now_iso

# Slack retries an event for about an hour at most; a day is plenty to remember an id.
SEEN_EVENTS_TTL_SECONDS = 24 * 3600


@dataclass(frozen=True)
class ThreadState:
    """The last answered question in a thread: command, query, page, and the last person."""

    command: str
    query: str
    page: int = 0
    person: str = ""
    has_more: bool = False


def claim_event(db: Database, event_id: str, *, now: float | None = None) -> bool:
    """True the first time `event_id` is claimed, False ever after (across restarts too).

    One INSERT OR IGNORE decides atomically, so two deliveries racing on two threads (or two
    processes) cannot both win. Ids older than a day are pruned on the way.
    """
    now = time.time() if now is None else now
    with write_transaction(db):
        db.execute("DELETE FROM seen_events WHERE seen_at < ?", [now - SEEN_EVENTS_TTL_SECONDS])
        cursor = db.execute(
            "INSERT OR IGNORE INTO seen_events (event_id, seen_at) VALUES (?, ?)", [event_id, now]
        )
        return cursor.rowcount == 1


def get_thread(db: Database, channel: str, thread_ts: str) -> ThreadState | None:
    row = db.execute(
        "SELECT command, query, page, person, has_more FROM threads "
        "WHERE channel = ? AND thread_ts = ?",
        [channel, thread_ts],
    ).fetchone()
    if row is None:
        return None
    return ThreadState(row[0], row[1] or "", int(row[2] or 0), row[3] or "", bool(row[4]))


def save_thread(db: Database, channel: str, thread_ts: str, state: ThreadState) -> None:
    """Insert or replace the thread's state in one statement.

    One statement, not a read then a write: in WAL mode a transaction that read first cannot
    take the write lock after another connection wrote ("database is locked" at once).
    """
    with db.conn:
        db.execute(
            "INSERT INTO threads (channel, thread_ts, command, query, page, person, has_more, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (channel, thread_ts) DO UPDATE SET command = excluded.command, "
            "query = excluded.query, page = excluded.page, person = excluded.person, "
            "has_more = excluded.has_more, updated_at = excluded.updated_at",
            [channel, thread_ts, state.command, state.query, state.page, state.person,
             int(state.has_more), now_iso()],
        )
