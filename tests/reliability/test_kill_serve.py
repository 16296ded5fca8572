"""kill -9 of the Procfile's server mid-answer and mid-digest, then a restart: every answer is
delivered exactly once (issue 14, failures 2 and 3: lost with the process, or posted twice)."""

from __future__ import annotations

import datetime as dt

import pytest

from db.connection import open_db
from db.digests import add_schedule, iso_utc
from tests.fake_slack import FakeSlack
from tests.reliability.procfile import Server, rows, wait_until

CHANNEL = "C0CHAN"
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


def test_killed_after_slack_got_the_reply_it_is_not_posted_again(server, slack, db_path):
    slack.fault("chat.postMessage", "timeout", hang=60)  # Slack has it; the bot hears nothing
    server.start()
    ts = "1700000500.000100"
    server.http.event({"type": "app_mention", "channel": CHANNEL, "user": "U0ASKER",
                       "text": "<@U0BOT> who is Abe?", "ts": ts})
    slack.wait_for("chat.postMessage", timeout=30)
    server.kill()
    server.start()
    wait_until(lambda: answered(db_path), RECOVERY, "the request replayed and settled")
    assert len(slack.messages_in(CHANNEL, ts)) == 1
    (delivery,) = rows(db_path, "SELECT * FROM deliveries")
    assert delivery["status"] == "delivered"


def test_killed_before_answering_it_answers_after_the_restart(server, slack, db_path):
    ts = "1700000600.000100"
    slack.add_file("F0CRANE", "cranes.txt", ARTICLE, channel=CHANNEL, ts=ts)
    slack.fault("files.info", "timeout", hang=60)  # the answer is being worked on
    server.start()
    server.http.event({"type": "message", "subtype": "file_share", "channel": CHANNEL,
                       "channel_type": "channel", "user": "U0ASKER", "text": "", "ts": ts,
                       "files": [{"id": "F0CRANE"}]})
    slack.wait_for("files.info", timeout=30)
    server.kill()
    server.start()
    wait_until(lambda: slack.messages_in(CHANNEL, ts) and answered(db_path), RECOVERY,
               "the answer after the restart")
    (reply,) = slack.messages_in(CHANNEL, ts)
    assert "Added as a new document" in reply.text
    assert len(rows(db_path, "SELECT id FROM documents")) == 1


def test_killed_mid_digest_it_is_posted_once_after_the_restart(server, slack, db_path):
    now = dt.datetime.now(dt.UTC)
    db = open_db(db_path)
    db["documents"].insert({
        "path": "/a/1.txt", "content_hash": "h1", "title": "Harbour cranes idle", "body": "Idle.",
        "date": "2024-04-01", "date_kind": "given", "format": "txt",
        "ingested_at": iso_utc(now - dt.timedelta(hours=3)),
    })
    due = now - dt.timedelta(minutes=5)  # due five minutes ago: caught up at start
    add_schedule(db, channel=CHANNEL, minute=due.minute, hour=due.hour, day_of_week="*",
                 tz="UTC", created_by="U0ME", now=now - dt.timedelta(days=2))
    db.close()
    slack.fault("chat.postMessage", "timeout", hang=60)
    server.start()
    slack.wait_for("chat.postMessage", timeout=30)
    server.kill()
    server.start()
    wait_until(lambda: [r for r in rows(db_path, "SELECT status FROM digest_runs")
                        if r["status"] == "posted"], RECOVERY, "the digest run settled")
    assert len(slack.messages_in(CHANNEL)) == 1
    (run,) = rows(db_path, "SELECT * FROM digest_runs")
    assert run["status"] == "posted"
