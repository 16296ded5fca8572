"""The SQLite schema, as numbered migrations (sqlite-utils `Migrations`).

Every table a document owns references `documents` with ON DELETE CASCADE, so removing a
document (or replacing it with a new version) removes everything derived from it.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.db import ForeignKey
from sqlite_utils.migrations import Migrations

migrations = Migrations("newsdesk")

# The FTS tokenizer: Porter stemming over unicode61, accents folded, so "sanction",
# "sanctions" and "sanctioned" match, and "Medvédev" finds "Medvedev".
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"


def _owned_by(column: str, parent: str) -> ForeignKey:
    """A foreign key whose rows go when their parent row goes."""
    return ForeignKey(
        table="", column=column, other_table=parent, other_column="id", on_delete="CASCADE"
    )


@migrations(name="m001_initial")
def m001_initial(db: Database) -> None:
    db["documents"].create(
        {
            "id": int,
            "path": str,  # resolved file path, or "slack:<file id>"
            "content_hash": str,
            "format": str,
            "title": str,
            "source": str,
            "authors": str,  # JSON list
            "url": str,
            "date": str,  # ISO prefix at its granularity
            "date_granularity": str,
            "date_kind": str,  # given | dateline | stated | estimated
            "date_evidence": str,
            "overrides": str,  # JSON of the user's overrides, re-applied on re-analysis
            "body": str,  # cleaned body: the source of truth for re-analysis
            "meta_lines": str,  # JSON list
            "words": int,
            "ingested_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"path", "content_hash", "title", "body"},
    )
    db["documents"].create_index(["path"], unique=True)
    db["documents"].create_index(["content_hash"])

    db["passages"].create(
        {
            "id": int,
            "document_id": int,
            "paragraph": int,
            "sentence": int,
            "start": int,
            "end": int,
            "text": str,
            "event_date": str,
            "event_granularity": str,
            "event_kind": str,  # own | inherited | reported
            "event_estimated": int,
            "event_text": str,
        },
        pk="id",
        foreign_keys=[_owned_by("document_id", "documents")],
    )
    db["passages"].create_index(["document_id", "paragraph", "sentence"])
    db["passages"].create_index(["event_date"])
    db["passages"].enable_fts(["text"], tokenize=FTS_TOKENIZE, create_triggers=True)

    db["entities"].create(
        {
            "id": int,
            "key": str,  # stable identity across re-clustering: normalized name + kind
            "name": str,
            "label": str,
            "mentions": int,
            "documents": int,
            "first_date": str,
            "last_date": str,
        },
        pk="id",
    )
    db["entities"].create_index(["key"], unique=True)

    db["doc_entities"].create(
        {
            "id": int,
            "document_id": int,
            "entity_id": int,
            "name": str,
            "label": str,
            "forms": str,  # JSON list
            "mentions": int,
        },
        pk="id",
        foreign_keys=[_owned_by("document_id", "documents")],
    )
    db["doc_entities"].create_index(["document_id"])
    db["doc_entities"].create_index(["entity_id"])

    db["aliases"].create(
        {"entity_id": int, "alias": str, "norm": str, "count": int},
        pk=("entity_id", "norm"),
        foreign_keys=[_owned_by("entity_id", "entities")],
    )
    db["aliases"].create_index(["norm"])

    db["mentions"].create(
        {
            "id": int,
            "document_id": int,
            "passage_id": int,
            "doc_entity_id": int,
            "start": int,
            "end": int,
            "text": str,
            "name": str,
            "title": str,
        },
        pk="id",
        foreign_keys=[
            _owned_by("document_id", "documents"),
            _owned_by("passage_id", "passages"),
            _owned_by("doc_entity_id", "doc_entities"),
        ],
    )
    db["mentions"].create_index(["doc_entity_id"])
    db["mentions"].create_index(["passage_id"])

    db["descriptions"].create(
        {
            "id": int,
            "document_id": int,
            "passage_id": int,  # null for bylines (header lines are not passages)
            "doc_entity_id": int,
            "text": str,
            "kind": str,  # appositive | title | copula | byline
            "evidence": str,  # the sentence or line that says it
        },
        pk="id",
        foreign_keys=[
            _owned_by("document_id", "documents"),
            _owned_by("passage_id", "passages"),
            _owned_by("doc_entity_id", "doc_entities"),
        ],
    )
    db["descriptions"].create_index(["doc_entity_id"])

    db["time_expressions"].create(
        {
            "id": int,
            "document_id": int,
            "passage_id": int,
            "start": int,
            "end": int,
            "text": str,
            "type": str,
            "value": str,
            "granularity": str,
            "anchored": int,
        },
        pk="id",
        foreign_keys=[
            _owned_by("document_id", "documents"),
            _owned_by("passage_id", "passages"),
        ],
    )
    db["time_expressions"].create_index(["passage_id"])

    db["keyphrases"].create(
        {"document_id": int, "phrase": str, "count": int, "example": str},
        pk=("document_id", "phrase"),
        foreign_keys=[_owned_by("document_id", "documents")],
    )
    db["keyphrases"].create_index(["phrase"])

    db["state"].create({"key": str, "value": str}, pk="key")




@migrations(name="m002_fts_vocabulary")
def m002_fts_vocabulary(db: Database) -> None:
    """The FTS index's own term list, so a misspelt topic can fall back to the nearest term."""
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts_vocab USING fts5vocab(passages_fts, 'row')"
    )


@migrations(name="m003_conversations")
def m003_conversations(db: Database) -> None:
    """Slack conversations: thread context, events already answered, and curation decisions.

    `threads` lets a follow-up in a thread ("and Merkel?", "more", "he") reuse what was asked;
    `seen_events` makes each Slack event answered once even when Slack retries it;
    `corrections` holds the team's merge / split / not-an-entity decisions, re-applied on
    every entity regrouping.
    """
    db["threads"].create(
        {
            "channel": str,
            "thread_ts": str,
            "command": str,
            "query": str,
            "page": int,
            "person": str,  # the last person answered about: what "he" / "she" refer to
            "has_more": int,  # 1 when the last answer had a next page
            "updated_at": str,
        },
        pk=("channel", "thread_ts"),
    )
    db["seen_events"].create({"event_id": str, "seen_at": float}, pk="event_id")
    db["seen_events"].create_index(["seen_at"])
    db["corrections"].create(
        {
            "id": int,
            "kind": str,  # merge | split | not_entity
            "entity_key": str,  # the entity the decision was taken on
            "name": str,  # its name then (not_entity, merge) or the alias split off (split)
            "other_key": str,  # merge: the entity it is the same as
            "other_name": str,
            "user_id": str,
            "created_at": str,
        },
        pk="id",
        not_null={"kind", "entity_key", "name", "other_key"},
        defaults={"name": "", "other_key": "", "other_name": ""},
    )
    db["corrections"].create_index(["kind", "entity_key", "name", "other_key"], unique=True)


@migrations(name="m005_digest")
def m005_digest(db: Database) -> None:
    """Digest schedules per channel, and one row per (channel, period) posted or tried.

    The unique (channel, period_key) index is what makes a digest go out once: a run is
    claimed by inserting its row before anything is posted.
    """
    db["digest_schedules"].create(
        {
            "id": int,
            "channel": str,
            "minute": int,
            "hour": int,
            "day_of_week": str,  # "*" (daily) or "mon".."sun"
            "tz": str,
            "created_by": str,
            "created_at": str,
            "enabled": int,
            "disabled_reason": str,
        },
        pk="id",
        not_null={"channel", "tz"},
    )
    db["digest_schedules"].create_index(["channel"])
    db["digest_runs"].create(
        {
            "id": int,
            "channel": str,
            "period_key": str,  # the fire instant (UTC ISO) or "manual:<instant>"
            "schedule_id": int,
            "period_start": str,  # null: the whole corpus
            "period_end": str,
            "status": str,  # claimed | posted | failed | empty | skipped
            "attempts": int,
            "posted_ts": str,
            "error": str,
            "claimed_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"channel", "period_key", "status"},
    )
    db["digest_runs"].create_index(["channel", "period_key"], unique=True)


@migrations(name="m006_fingerprints")
def m006_fingerprints(db: Database) -> None:
    """Near-duplicate detection: each document's MinHash signature and LSH band keys (a band
    shared is a candidate twin), and the other files found to hold the same story."""
    db["document_fingerprints"].create(
        {"document_id": int, "signature": str},  # JSON list of the MinHash values
        pk="document_id",
        foreign_keys=[_owned_by("document_id", "documents")],
    )
    db["document_bands"].create(
        {"document_id": int, "band": str},
        foreign_keys=[_owned_by("document_id", "documents")],
    )
    db["document_bands"].create_index(["band"])
    db["document_bands"].create_index(["document_id"])
    # No cascade here: a document replaced by a new version of its file keeps its other
    # sources; remove_document deletes them with the document.
    db["document_sources"].create(
        {"document_id": int, "path": str, "added_at": str},
        pk=("document_id", "path"),
    )


@migrations(name="m014_deliver_ledger")
def m014_deliver_ledger(db: Database) -> None:
    """What makes every answer go out exactly once, and one process run the schedules.

    `requests` keeps each Slack request the bot acknowledged until its answer is out, so a
    request whose process died is replayed; `deliveries` is the ledger of posts, keyed by the
    request, so a retry never posts twice; `leases` holds who runs the schedules and which
    processes are alive; `digest_runs.owner` says which process claimed a run.
    """
    db["requests"].create(
        {
            "key": str,  # event:<event id> | url:<hash of the response_url>
            "body": str,  # the raw request, replayed if its process dies before answering
            "status": str,  # open | done
            "owner": str,  # the process working on it
            "replays": int,
            "received_at": float,
            "updated_at": float,
        },
        pk="key",
        not_null={"status"},
    )
    db["requests"].create_index(["status", "updated_at"])
    db["deliveries"].create(
        {
            "key": str,  # the request's key (+ ":<part>" when one request posts several)
            "target": str,  # channel[/thread] or response_url, for the log
            "status": str,  # sending | delivered | failed
            "attempts": int,
            "ambiguous": int,  # 1: a try may have reached Slack (timeout, drop, crash)
            "ts": str,
            "error": str,
            "owner": str,
            "started_at": float,
            "updated_at": float,
        },
        pk="key",
        not_null={"status"},
    )
    db["leases"].create({"name": str, "owner": str, "expires_at": float}, pk="name")
    db["digest_runs"].add_column("owner", str)
@migrations(name="m012_scale_name_slots")
def m012_scale_name_slots(db: Database) -> None:
    """What incremental regrouping looks names up in (issue 12).

    - `doc_entities.norm` / `.family`: each record's normalized name and label family (its
      *slot*; filled by the regrouping, NULL until then);
    - `name_slots`: one row per slot with the entity it belongs to, its automatic group
      (`component`: the group's first record id) and `group_key`, the key of its group before
      merge corrections (how a merge decision finds its partner); NULL `component`: not yet
      grouped;
      a person slot also keeps its name parts and (first, last) ends;
    - `name_endings`: the short forms (surname, …) every full person name answers to;
    - `org_acronyms`: the acronyms organization slots spell out;
    - `entity_changes`: the entities each incremental regrouping rewrote.
    Filled by the first full regrouping (`newsdesk reindex`, or the next ingest).
    """
    db.execute("ALTER TABLE doc_entities ADD COLUMN norm TEXT")
    db.execute("ALTER TABLE doc_entities ADD COLUMN family TEXT")
    db["doc_entities"].create_index(["family", "norm"])
    db["name_slots"].create(
        {"family": str, "norm": str, "entity_id": int, "component": int, "group_key": str,
         "parts": str, "ends": str, "first_record": int},
        pk=("family", "norm"),
    )
    db["name_slots"].create_index(["entity_id"])
    db["name_slots"].create_index(["component"])
    db["name_slots"].create_index(["group_key"])
    db["name_slots"].create_index(["ends"])
    db["name_slots"].create_index(["parts"])
    db["name_endings"].create({"ending": str, "norm": str}, pk=("ending", "norm"))
    db["org_acronyms"].create({"acronym": str, "norm": str}, pk=("acronym", "norm"))
    # Which entities each incremental regrouping rewrote or removed: what a cached name index
    # updates itself from (a full regrouping rebuilds it instead).
    db["entity_changes"].create({"epoch": int, "entity_id": int})
    db["entity_changes"].create_index(["epoch"])
    db["state"].upsert({"key": "entities_stale", "value": "1"}, pk="key")


@migrations(name="m012_scale_cooccurrence")
def m012_scale_cooccurrence(db: Database) -> None:
    """Entities named in the same passages, counted once per passage, kept at ingest so /who
    reads its companions instead of joining every mention (issue 12)."""
    db["cooccurrence"].create(
        {"entity_id": int, "other_id": int, "shared": int}, pk=("entity_id", "other_id")
    )
    db.execute("CREATE INDEX cooccurrence_rank ON cooccurrence (entity_id, shared DESC)")
    db["cooccurrence"].create_index(["other_id"])
    db.execute(COOCCURRENCE_REBUILD)


# Every (entity, other entity, passages shared) pair, from the mentions: the full rebuild.
COOCCURRENCE_REBUILD = """
    INSERT INTO cooccurrence (entity_id, other_id, shared)
    SELECT a.entity_id, b.entity_id, COUNT(*)
    FROM (SELECT DISTINCT m.passage_id, de.entity_id FROM mentions m
          JOIN doc_entities de ON de.id = m.doc_entity_id
          WHERE de.entity_id IS NOT NULL AND m.passage_id IS NOT NULL) a
    JOIN (SELECT DISTINCT m.passage_id, de.entity_id FROM mentions m
          JOIN doc_entities de ON de.id = m.doc_entity_id
          WHERE de.entity_id IS NOT NULL AND m.passage_id IS NOT NULL) b
      ON b.passage_id = a.passage_id AND b.entity_id != a.entity_id
    GROUP BY a.entity_id, b.entity_id
"""


@migrations(name="m012_scale_digest")
def m012_scale_digest(db: Database) -> None:
    """The digest aggregates in SQL (issue 12): documents by time of ingestion, entity records
    by document, and each phrase's document frequency kept by triggers on `keyphrases` (one
    row per document and phrase), so it holds whatever writes or deletes (cascades) them."""
    db["documents"].create_index(["ingested_at"])
    db["doc_entities"].create_index(["document_id", "entity_id"])
    db["phrase_df"].create({"phrase": str, "documents": int}, pk="phrase")
    db["phrase_df"].create_index(["documents"])
    db.execute(
        "INSERT INTO phrase_df (phrase, documents) "
        "SELECT phrase, COUNT(*) FROM keyphrases GROUP BY phrase"
    )
    db.execute(
        "CREATE TRIGGER keyphrases_df_add AFTER INSERT ON keyphrases BEGIN "
        "INSERT INTO phrase_df (phrase, documents) VALUES (new.phrase, 1) "
        "ON CONFLICT(phrase) DO UPDATE SET documents = documents + 1; END"
    )
    db.execute(
        "CREATE TRIGGER keyphrases_df_remove AFTER DELETE ON keyphrases BEGIN "
        "UPDATE phrase_df SET documents = documents - 1 WHERE phrase = old.phrase; END"
    )


@migrations(name="m015_removed_slots")
def m015_removed_slots(db: Database) -> None:
    """The name slots whose records a removed or replaced document took away, with the entity
    each belonged to, until the next regrouping has dealt with them (issue 12: a removal
    regroups only what it touched, not the corpus). Kept in the store, so a regrouping that a
    crash prevented is done by the next one."""
    db["removed_slots"].create({"id": int, "family": str, "norm": str, "entity_id": int}, pk="id")



@migrations(name="m016_entity_records_by_mentions")
def m016_entity_records_by_mentions(db: Database) -> None:
    """An entity's records by how often each document names it (issue 12): /who reads the
    records that name it most (`LIMIT` through this index) instead of all of them, which for a
    much-covered name grows with the corpus. It has the entity_id index's prefix, which goes."""
    db.execute("CREATE INDEX doc_entities_by_mentions ON doc_entities (entity_id, mentions DESC)")
    db.execute('DROP INDEX IF EXISTS "idx_doc_entities_entity_id"')

SCHEMA_VERSION = len(migrations._migrations)


def migrate(db: Database) -> None:
    """Apply pending migrations, all under one write lock (BEGIN IMMEDIATE).

    Two processes opening a new file at once (the bot and an ingest) would otherwise both see
    the same migrations pending and both apply them: the loser failed on the migrations
    table's unique constraint or on "table already exists". Under the lock, the second one
    waits (busy_timeout), then finds nothing pending. Each migration is still a savepoint of
    its own, so a failing one leaves the schema as it was.
    """
    if db.conn.in_transaction:
        raise RuntimeError("migrate() must run outside a transaction")
    if _up_to_date(db):
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        migrations.apply(db)  # re-reads what is pending, now under the lock
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


def _up_to_date(db: Database) -> bool:
    """Nothing to apply (a read, no lock): the common case of every start but the first."""
    try:
        return not migrations.pending(db)
    except sqlite3.OperationalError:  # a concurrent creator holds the lock mid-way
        return False
