"""The delivery ledger, the requests waiting for an answer, and leases (who is alive, who leads).

    take_lease(db, "scheduler", owner, ttl=10.0, now=time.time())  # True: this process leads
    receive_request(db, "event:Ev1", body, owner, now=...)          # "new" | "busy" | "done" | "retake"
    start_delivery(db, "event:Ev1", "C1/1700.1", owner, now=...)     # the ledger row before this try

Times are Unix seconds (floats): these rows live for minutes, and compare with `time.time()`.
Every read-then-write is one BEGIN IMMEDIATE transaction, so two threads or two processes
cannot both win a lease, a request or a delivery.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from db.connection import write_transaction

ALIVE = "alive:"  # leases named alive:<owner> say a process is still running
DONE_REQUESTS_TTL = 24 * 3600.0  # Slack retries for about an hour; a day is plenty


# ---------------------------------------------------------------- leases


def take_lease(db: Database, name: str, owner: str, *, ttl: float, now: float) -> bool:
    """Take or renew the lease `name` for `ttl` seconds; False while another owner holds it."""
    with write_transaction(db):
        cursor = db.conn.execute(
            "INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, "
            "expires_at = excluded.expires_at "
            "WHERE leases.owner = excluded.owner OR leases.expires_at < ?",
            [name, owner, now + ttl, now],
        )
        return cursor.rowcount == 1


def release_lease(db: Database, name: str, owner: str) -> None:
    with write_transaction(db):
        db.conn.execute("DELETE FROM leases WHERE name = ? AND owner = ?", [name, owner])


def lease_holder(db: Database, name: str, *, now: float) -> str | None:
    row = db.execute(
        "SELECT owner FROM leases WHERE name = ? AND expires_at >= ?", [name, now]
    ).fetchone()
    return row[0] if row else None


def keep_alive(db: Database, owner: str, *, ttl: float, now: float) -> None:
    """Say that the process `owner` runs for `ttl` more seconds (its claims are not stale)."""
    take_lease(db, ALIVE + owner, owner, ttl=ttl, now=now)


def is_alive(db: Database, owner: str | None, *, now: float) -> bool:
    return bool(owner) and lease_holder(db, ALIVE + str(owner), now=now) == owner


# ---------------------------------------------------------------- requests


def receive_request(db: Database, key: str, body: str, owner: str, *, now: float) -> str:
    """Record a request the bot will answer; what to do with it.

    "new": first seen, now owned by `owner`; "done": already answered (a retry, or a replay);
    "busy": another live process is answering it; "retake": its owner died (or is `owner`
    itself, which then knows whether one of its threads is on it), `owner` now has it.
    """
    with write_transaction(db):
        row = db.execute(
            "SELECT status, owner FROM requests WHERE key = ?", [key]
        ).fetchone()
        if row is None:
            db.conn.execute(
                "INSERT INTO requests (key, body, status, owner, replays, received_at, updated_at) "
                "VALUES (?, ?, 'open', ?, 0, ?, ?)",
                [key, body, owner, now, now],
            )
            return "new"
        status, holder = row
        if status == "done":
            return "done"
        if holder != owner and is_alive(db, holder, now=now):
            return "busy"
        db.conn.execute(
            "UPDATE requests SET owner = ?, replays = replays + 1, updated_at = ? WHERE key = ?",
            [owner, now, key],
        )
        return "retake"


def finish_request(db: Database, key: str, *, now: float) -> None:
    """The request is answered (or answered all it can be): never replayed again."""
    with write_transaction(db):
        db.conn.execute(
            "UPDATE requests SET status = 'done', updated_at = ? WHERE key = ?", [now, key]
        )
        db.conn.execute(
            "DELETE FROM requests WHERE status = 'done' AND updated_at < ?",
            [now - DONE_REQUESTS_TTL],
        )


def orphaned_requests(db: Database, *, now: float, max_replays: int,
                      limit: int = 20) -> list[dict[str, Any]]:
    """Open requests whose owner is no longer alive (a crash, a kill), oldest first."""
    return list(db.query(
        "SELECT r.key, r.body, r.owner, r.replays FROM requests r "
        "LEFT JOIN leases l ON l.name = ? || r.owner "
        "WHERE r.status = 'open' AND r.replays < ? AND (l.expires_at IS NULL OR l.expires_at < ?) "
        "ORDER BY r.received_at LIMIT ?",
        [ALIVE, max_replays, now, limit],
    ))


def claim_orphan(db: Database, key: str, owner: str, *, now: float) -> bool:
    """Take an orphaned request over for a replay (False if someone else just did)."""
    with write_transaction(db):
        row = db.execute("SELECT status, owner FROM requests WHERE key = ?", [key]).fetchone()
        if row is None or row[0] != "open" or (row[1] != owner and is_alive(db, row[1], now=now)):
            return False
        db.conn.execute(
            "UPDATE requests SET owner = ?, replays = replays + 1, updated_at = ? WHERE key = ?",
            [owner, now, key],
        )
        return True


def get_request(db: Database, key: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM requests WHERE key = ?", [key]))
    return rows[0] if rows else None


# ---------------------------------------------------------------- deliveries


def get_delivery(db: Database, key: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM deliveries WHERE key = ?", [key]))
    return rows[0] if rows else None


def start_delivery(db: Database, key: str, target: str, owner: str, *,
                   now: float) -> dict[str, Any] | None:
    """Own the delivery `key` for this try; the row as it was before (None: never tried)."""
    with write_transaction(db):
        before = get_delivery(db, key)
        if before is None:
            db.conn.execute(
                "INSERT INTO deliveries (key, target, status, attempts, ambiguous, owner, "
                "started_at, updated_at) VALUES (?, ?, 'sending', 0, 0, ?, ?, ?)",
                [key, target, owner, now, now],
            )
        elif before["status"] != "delivered":
            db.conn.execute(
                "UPDATE deliveries SET status = 'sending', owner = ?, updated_at = ? "
                "WHERE key = ?", [owner, now, key],
            )
        return before


def note_attempt(db: Database, key: str, *, ambiguous: bool, error: str | None,
                 now: float, attempts: int | None = None) -> None:
    """Before a try: `ambiguous` (it may reach Slack); after one that failed: why."""
    with write_transaction(db):
        db.conn.execute(
            "UPDATE deliveries SET ambiguous = ?, error = COALESCE(?, error), "
            "attempts = COALESCE(?, attempts), updated_at = ? WHERE key = ?",
            [int(ambiguous), error, attempts, now, key],
        )


def finish_delivery(db: Database, key: str, status: str, *, now: float, ts: str | None = None,
                    error: str | None = None, attempts: int | None = None) -> None:
    """`delivered` (Slack has it: never post again) or `failed`/`gone` (given up)."""
    with write_transaction(db):
        db.conn.execute(
            "UPDATE deliveries SET status = ?, ts = COALESCE(?, ts), error = ?, "
            "attempts = COALESCE(?, attempts), updated_at = ? WHERE key = ?",
            [status, ts, error, attempts, now, key],
        )
