"""kill -9 of the Procfile's server mid-answer and mid-digest, then a restart: every answer is
delivered exactly once (issue 14, failure 2: an answer or a claimed digest was lost with its
process; failure 3: the next try must not post what Slack already has)."""

from __future__ import annotations

import datetime as dt

import pytest

from db.connection import open_db
from db.digests import add_schedule, iso_utc
from tests.fake_slack import FakeSlack
from tests.reliability.procfile import Server, rows, wait_until

CHANNEL = "C0CHAN"
DIGESTS = "C0DIGEST"
ARTICLE = b"""Harbour cranes idle after storm

Dock workers said on Monday that the cranes would stay idle until the wind drops.
"""
RECOVERY = 60  # seconds: the dead process's leases expire, the new one replays


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def server(slack, db_path):
    server = Server(slack, db_path)
    yield server
    server.stop()


def answered(db_path) -> bool:
    found = rows(db_path, "SELECT status FROM requests")
    return bool(found) and all(r["status"] == "done" for r in found)


def seed_due_digest(db_path) -> None:
    """A document and a daily schedule due five minutes ago: the server catches it up at start."""
    now = dt.datetime.now(dt.UTC)
    db = open_db(db_path)
    db["documents"].insert({
        "path": "/a/1.txt", "content_hash": "h1", "title": "Harbour cranes idle", "body": "Idle.",
        "date": "2024-04-01", "date_kind": "given", "format": "txt",
        "ingested_at": iso_utc(now - dt.timedelta(hours=3)),
    })
    due = now - dt.timedelta(minutes=5)
    add_schedule(db, channel=DIGESTS, minute=due.minute, hour=due.hour, day_of_week="*",
                 tz="UTC", created_by="U0ME", now=now - dt.timedelta(days=2))
    db.close()


def test_killed_mid_answer_and_mid_digest_each_is_delivered_once_after_the_restart(
    server, slack, db_path
):
    """One kill -9 catches three things in flight: a thread reply Slack already has (its reply
    lost), a file receipt not yet worked out (files.info hanging), and a digest Slack already
    has. After the restart: each delivered exactly once, the file stored once."""
    seed_due_digest(db_path)
    file_ts, mention_ts = "1700000600.000100", "1700000500.000100"
    slack.add_file("F0CRANE", "cranes.txt", ARTICLE, channel=CHANNEL, ts=file_ts)
    slack.fault("chat.postMessage", "timeout", times=2, hang=60)  # the digest, the reply
    slack.fault("files.info", "timeout", hang=60)
    server.start()
    slack.wait_for("chat.postMessage", timeout=30)  # the digest, caught up at start
    server.http.event({"type": "app_mention", "channel": CHANNEL, "user": "U0ASKER",
                       "text": "<@U0BOT> who is Abe?", "ts": mention_ts})
    server.http.event({"type": "message", "subtype": "file_share", "channel": CHANNEL,
                       "channel_type": "channel", "user": "U0ASKER", "text": "", "ts": file_ts,
                       "files": [{"id": "F0CRANE"}]})
    slack.wait_for("chat.postMessage", count=2, timeout=30)
    slack.wait_for("files.info", timeout=30)
    server.kill()
    assert slack.messages_in(CHANNEL, file_ts) == []  # the file's answer died with it
    server.start()
    wait_until(lambda: answered(db_path) and len(rows(db_path, "SELECT key FROM requests")) == 2
               and rows(db_path, "SELECT status FROM digest_runs")[0]["status"] == "posted",
               RECOVERY, "everything in flight settled after the restart")
    assert len(slack.messages_in(CHANNEL, mention_ts)) == 1
    (receipt,) = slack.messages_in(CHANNEL, file_ts)
    assert "Added as a new document" in receipt.text
    assert len(rows(db_path, "SELECT id FROM documents WHERE path LIKE 'slack:%'")) == 1
    assert len(slack.messages_in(DIGESTS)) == 1
    assert {d["status"] for d in rows(db_path, "SELECT status FROM deliveries")} == {"delivered"}
