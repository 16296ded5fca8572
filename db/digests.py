"""Queries behind the digest: what was ingested in a period, and the schedules and runs tables.

Periods are compared on `documents.ingested_at`, an ISO-8601 UTC string (`2024-03-09T13:00:00+00:00`),
so bounds are passed as strings in that same form (see `iso_utc`).

A run is *claimed* before anything is posted: `claim_run` inserts the (channel, period_key) row
(unique) in one immediate transaction, so of two processes or two retries only one wins.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from db.connection import write_transaction

# A claim older than this whose owner never finished (a crash mid-post) may be taken over.
CLAIM_LEASE = dt.timedelta(minutes=15)
# Runs in these states are done for good: never posted again.
FINAL_STATUSES = ("posted", "empty", "skipped", "gone")


def iso_utc(moment: dt.datetime) -> str:
    """The stored form of an instant: UTC, whole seconds, with offset (as `ingested_at` is)."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


# ---------------------------------------------------------------- documents and their parts


def _period_where(start: str | None, end: str | None) -> tuple[str, list[str]]:
    clauses, params = ["1 = 1"], []
    if start:
        clauses.append("d.ingested_at >= ?")
        params.append(start)
    if end:
        clauses.append("d.ingested_at < ?")
        params.append(end)
    return " AND ".join(clauses), params


def document_count(db: Database, start: str | None, end: str | None) -> int:
    """How many documents were ingested in [start, end) (index on `ingested_at`)."""
    where, params = _period_where(start, end)
    return int(db.execute(f"SELECT COUNT(*) FROM documents d WHERE {where}", params).fetchone()[0])


def newest_documents(
    db: Database, start: str | None, end: str | None, limit: int
) -> list[dict[str, Any]]:
    """The `limit` documents ingested last in [start, end) (None: unbounded), newest first."""
    where, params = _period_where(start, end)
    return list(db.query(
        f"""SELECT d.id, d.title, d.source, d.url, d.date AS doc_date,
                   d.date_granularity AS doc_granularity, d.date_kind AS doc_date_kind,
                   d.ingested_at
            FROM documents d WHERE {where} ORDER BY d.ingested_at DESC, d.id DESC LIMIT ?""",
        [*params, limit],
    ))


def document_total(db: Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])


def phrase_counts(
    db: Database, start: str | None, end: str | None, limit: int
) -> list[dict[str, Any]]:
    """Per keyphrase of the period: the documents using it there and in the whole corpus
    (`phrase_df`), most used first, at most `limit`: aggregated in SQL."""
    where, params = _period_where(start, end)
    source = ("SELECT k.phrase, COUNT(*) AS documents FROM documents d "
              f"JOIN keyphrases k ON k.document_id = d.id WHERE {where} GROUP BY k.phrase"
              if start or end else "SELECT phrase, documents FROM phrase_df WHERE documents > 0")
    return list(db.query(
        f"""SELECT c.phrase, c.documents, COALESCE(f.documents, 0) AS df
            FROM ({source}) c LEFT JOIN phrase_df f ON f.phrase = c.phrase
            ORDER BY c.documents DESC, c.phrase LIMIT ?""",
        [*params, limit],
    ))


def phrase_uses(
    db: Database, start: str | None, end: str | None, phrases: Sequence[str], every: int = 1
) -> list[tuple[int, str, int, str]]:
    """(document, phrase, count, example) of each use in the period of the given phrases (one
    JSON parameter, not one per phrase), in every `every`-th document only (by id: spread
    evenly over the period)."""
    where, params = _period_where(start, end)
    return db.execute(
        # CROSS JOIN: walk the period's (sampled) documents, then their phrases by key.
        f"""SELECT k.document_id, k.phrase, k.count, k.example FROM documents d
            CROSS JOIN keyphrases k ON k.document_id = d.id
            WHERE {where} AND d.id % ? = 0 AND k.phrase IN (SELECT value FROM json_each(?))""",
        [*params, every, json.dumps(list(phrases))],
    ).fetchall()


def documents_using(
    db: Database, start: str | None, end: str | None, phrase_sets: Sequence[Sequence[str]]
) -> list[int]:
    """For each set of phrases, how many documents of the period use any of them."""
    where, params = _period_where(start, end)
    counts = dict(db.execute(
        f"""SELECT s.key, COUNT(DISTINCT k.document_id)
            FROM json_each(?) s, json_each(s.value) p
            JOIN keyphrases k ON k.phrase = p.value JOIN documents d ON d.id = k.document_id
            WHERE {where} GROUP BY s.key""",
        [json.dumps([list(p) for p in phrase_sets]), *params]).fetchall())
    return [counts.get(i, 0) for i in range(len(phrase_sets))]


def phrase_document_frequency(db: Database, phrases: Sequence[str]) -> dict[str, int]:
    """How many documents of the whole corpus hold each phrase (the maintained `phrase_df`)."""
    return {r[0]: r[1] for r in db.execute(
        "SELECT phrase, documents FROM phrase_df WHERE phrase IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(set(phrases)))])}


def passages_containing(
    db: Database, document_ids: Sequence[int], needle: str, limit: int = 20
) -> list[dict[str, Any]]:
    """Passages of the given documents whose text contains `needle` (case-insensitive)."""
    if not document_ids or not needle:
        return []
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return list(db.query(
        """SELECT p.id, p.document_id, p.text, d.title, d.source, d.url, d.date AS doc_date,
                   d.date_granularity AS doc_granularity, d.date_kind AS doc_date_kind
            FROM passages p JOIN documents d ON d.id = p.document_id
            WHERE p.document_id IN (SELECT value FROM json_each(?))
              AND p.text LIKE ? ESCAPE '\\'
            ORDER BY p.document_id, p.paragraph, p.sentence LIMIT ?""",
        [json.dumps(list(document_ids)), f"%{escaped}%", limit],
    ))


def first_passages(db: Database, document_ids: Sequence[int]) -> dict[int, str]:
    """Each document's first passage (its lead sentence)."""
    if not document_ids:
        return {}
    rows = db.query(
        """SELECT p.document_id, p.text FROM passages p
            JOIN (SELECT document_id, MIN(paragraph * 100000 + sentence) AS k FROM passages
                  WHERE document_id IN (SELECT value FROM json_each(?)) GROUP BY document_id) f
              ON f.document_id = p.document_id AND p.paragraph * 100000 + p.sentence = f.k""",
        [json.dumps(list(document_ids))],
    )
    return {r["document_id"]: r["text"] for r in rows}


def top_entities(
    db: Database, start: str | None, end: str | None, labels: Sequence[str], limit: int
) -> list[dict[str, Any]]:
    """The entities of the given labels most mentioned among documents ingested in
    [start, end): mentions and documents each, aggregated in SQL (the whole corpus, both
    bounds None: the entities' own totals)."""
    if not start and not end:
        return list(db.query(
            """SELECT id, name, label, mentions, documents FROM entities
               WHERE label IN (SELECT value FROM json_each(?))
               ORDER BY mentions DESC, documents DESC, name LIMIT ?""",
            [json.dumps(list(labels)), limit]))
    where, params = _period_where(start, end)
    return list(db.query(
        f"""SELECT e.id, e.name, e.label, SUM(de.mentions) AS mentions,
                   COUNT(DISTINCT de.document_id) AS documents
            FROM documents d JOIN doc_entities de ON de.document_id = d.id
            JOIN entities e ON e.id = de.entity_id
            WHERE {where} AND e.label IN (SELECT value FROM json_each(?))
            GROUP BY e.id ORDER BY mentions DESC, documents DESC, e.name LIMIT ?""",
        [*params, json.dumps(list(labels)), limit],
    ))


def ingested_since(db: Database, moment: str) -> bool:
    """True if a document was ingested at or after `moment`."""
    return db.execute("SELECT 1 FROM documents WHERE ingested_at >= ? LIMIT 1",
                      [moment]).fetchone() is not None


def entity_mention_totals(
    db: Database, entity_ids: Sequence[int], start: str | None, end: str | None
) -> dict[int, int]:
    """Mentions of the given entities among documents ingested in [start, end)."""
    where, params = _period_where(start, end)
    return {r[0]: r[1] for r in db.execute(
        f"""SELECT de.entity_id, SUM(de.mentions) FROM doc_entities de
            JOIN documents d ON d.id = de.document_id
            WHERE de.entity_id IN (SELECT value FROM json_each(?)) AND {where}
            GROUP BY de.entity_id""",
        [json.dumps(list(entity_ids)), *params])}


def newest_dated_passages(
    db: Database, start: str | None, end: str | None, limit: int
) -> list[dict[str, Any]]:
    """Passages of the period's documents with the latest event dates (by their ISO text, a
    year or finer first), at most `limit`: the candidates for the digest's events."""
    where, params = _period_where(start, end)
    # The whole corpus: walk the event-date index from the newest; a period: its documents.
    tables = ("passages p CROSS JOIN documents d ON d.id = p.document_id" if not params else
              "documents d JOIN passages p ON p.document_id = d.id")
    return list(db.query(
        f"""SELECT p.id, p.document_id, p.text, p.event_date, p.event_granularity, p.event_kind,
                   p.event_estimated, d.title, d.source, d.url, d.date AS doc_date,
                   d.date_granularity AS doc_granularity, d.date_kind AS doc_date_kind
            FROM {tables}
            WHERE {where} AND p.event_date GLOB '[0-9][0-9]*'
            ORDER BY p.event_date DESC, p.id DESC LIMIT ?""",
        [*params, limit],
    ))


def entity_mentions_by_date(db: Database, entity_ids: Sequence[int]) -> list[dict[str, Any]]:
    """(entity_id, document date, mentions) per document, for charting names over time."""
    if not entity_ids:
        return []
    return list(db.query(
        """SELECT de.entity_id, d.date AS doc_date, SUM(de.mentions) AS mentions
            FROM doc_entities de JOIN documents d ON d.id = de.document_id
            WHERE de.entity_id IN (SELECT value FROM json_each(?)) AND d.date IS NOT NULL
            GROUP BY de.entity_id, d.id""",
        [json.dumps(list(entity_ids))],
    ))


# ---------------------------------------------------------------- schedules


def add_schedule(
    db: Database, *, channel: str, minute: int, hour: int, day_of_week: str, tz: str,
    created_by: str, now: dt.datetime,
) -> int:
    with db.conn:
        cursor = db.execute(
            "INSERT INTO digest_schedules (channel, minute, hour, day_of_week, tz, created_by, "
            "created_at, enabled) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
            [channel, minute, hour, day_of_week, tz, created_by, iso_utc(now)],
        )
    return int(cursor.lastrowid)


def schedules(db: Database, channel: str | None = None) -> list[dict[str, Any]]:
    """Enabled schedules (of one channel, or all), oldest first."""
    if channel is None:
        return list(db.query("SELECT * FROM digest_schedules WHERE enabled = 1 ORDER BY id"))
    return list(db.query(
        "SELECT * FROM digest_schedules WHERE enabled = 1 AND channel = ? ORDER BY id", [channel]
    ))


def get_schedule(db: Database, schedule_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM digest_schedules WHERE id = ?", [schedule_id]))
    return rows[0] if rows else None


def disable_schedules(db: Database, channel: str, reason: str) -> list[int]:
    """Turn off every schedule of a channel; the ids turned off."""
    with db.conn:
        ids = [r[0] for r in db.execute(
            "SELECT id FROM digest_schedules WHERE channel = ? AND enabled = 1", [channel]
        ).fetchall()]
        db.execute(
            "UPDATE digest_schedules SET enabled = 0, disabled_reason = ? "
            "WHERE channel = ? AND enabled = 1",
            [reason, channel],
        )
    return ids


# ---------------------------------------------------------------- runs


def get_run(db: Database, channel: str, period_key: str) -> dict[str, Any] | None:
    rows = list(db.query(
        "SELECT * FROM digest_runs WHERE channel = ? AND period_key = ?", [channel, period_key]
    ))
    return rows[0] if rows else None


def claim_run(
    db: Database, channel: str, period_key: str, *, now: dt.datetime,
    schedule_id: int | None = None, period_start: str | None = None, period_end: str | None = None,
    owner: str = "",
) -> bool:
    """True if this caller (the process `owner`) now owns the run (channel, period_key).

    A new run is inserted as `claimed`. An existing one is taken over only if it `failed`, or
    was claimed by an owner that is no longer alive (see `db.deliveries.keep_alive`) or longer
    than CLAIM_LEASE ago (a crash mid-post: the delivery ledger then says if Slack has it).
    """
    stamp = iso_utc(now)
    stale = iso_utc(now - CLAIM_LEASE)
    with write_transaction(db):
        cursor = db.conn.execute(
            "INSERT OR IGNORE INTO digest_runs (channel, period_key, schedule_id, period_start, "
            "period_end, status, attempts, claimed_at, updated_at, owner) "
            "VALUES (?, ?, ?, ?, ?, 'claimed', 0, ?, ?, ?)",
            [channel, period_key, schedule_id, period_start, period_end, stamp, stamp, owner],
        )
        if cursor.rowcount == 1:
            return True
        cursor = db.conn.execute(
            "UPDATE digest_runs SET status = 'claimed', claimed_at = ?, updated_at = ?, owner = ? "
            "WHERE channel = ? AND period_key = ? AND (status = 'failed' OR (status = 'claimed' "
            "AND (claimed_at < ? OR NOT EXISTS (SELECT 1 FROM leases WHERE "
            "leases.name = 'alive:' || digest_runs.owner AND leases.expires_at >= ?))))",
            [stamp, stamp, owner, channel, period_key, stale, time.time()],
        )
        return cursor.rowcount == 1


def record_run(
    db: Database, channel: str, period_key: str, status: str, *, now: dt.datetime,
    schedule_id: int | None = None, attempts: int | None = None, posted_ts: str | None = None,
    error: str | None = None,
) -> None:
    """Set a run's outcome, inserting the row if it was never claimed (e.g. `skipped`)."""
    stamp = iso_utc(now)
    with write_transaction(db):
        db.conn.execute(
            "INSERT OR IGNORE INTO digest_runs (channel, period_key, schedule_id, status, attempts, "
            "claimed_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)",
            [channel, period_key, schedule_id, status, stamp, stamp],
        )
        db.conn.execute(
            "UPDATE digest_runs SET status = ?, attempts = COALESCE(?, attempts), "
            "posted_ts = COALESCE(?, posted_ts), error = ?, updated_at = ? "
            "WHERE channel = ? AND period_key = ?",
            [status, attempts, posted_ts, error, stamp, channel, period_key],
        )


def last_posted_run(db: Database, channel: str) -> dict[str, Any] | None:
    """The channel's latest posted digest (its period_end starts the next one)."""
    rows = list(db.query(
        "SELECT * FROM digest_runs WHERE channel = ? AND status = 'posted' "
        "ORDER BY period_end DESC, id DESC LIMIT 1",
        [channel],
    ))
    return rows[0] if rows else None


def runs(db: Database, channel: str | None = None) -> list[dict[str, Any]]:
    if channel is None:
        return list(db.query("SELECT * FROM digest_runs ORDER BY id"))
    return list(db.query("SELECT * FROM digest_runs WHERE channel = ? ORDER BY id", [channel]))
