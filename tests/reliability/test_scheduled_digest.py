"""A digest scheduled from Slack (a signed `/digest schedule daily HH:MM`) fires at its minute,
once — under the Procfile's server and under `newsdesk serve` (issue 14, failure 1: under
`serve` it never fired while the bot ran; the job went to a forked copy with no thread)."""

from __future__ import annotations

import contextlib
import datetime as dt
import time

from db.connection import open_db
from db.digests import iso_utc
from tests.fake_slack import FakeSlack
from tests.reliability.procfile import procfile_server, rows, wait_until

CHANNEL = "C0CHAN"


def seeded(db_path) -> None:
    db = open_db(db_path)
    db["documents"].insert({
        "path": "/a/1.txt", "content_hash": "h1", "title": "Harbour cranes idle", "body": "Idle.",
        "date": "2024-04-01", "date_kind": "given", "format": "txt",
        "ingested_at": iso_utc(dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)),
    })
    db.close()


def test_a_digest_scheduled_from_slack_fires_on_time_once(tmp_path):
    """Both servers at once (each its own fake Slack and store), so the minute is waited once."""
    with contextlib.ExitStack() as stack:
        servers = []
        for serve in (False, True):
            slack = stack.enter_context(FakeSlack())
            db_path = tmp_path / f"serve{serve}.sqlite"
            seeded(db_path)
            servers.append((stack.enter_context(procfile_server(slack, db_path, serve=serve)),
                            slack, db_path))
        now = dt.datetime.now(dt.UTC)
        fire = (now + dt.timedelta(minutes=1)).replace(second=0, microsecond=0)
        if (fire - now).total_seconds() < 8:  # leave time to schedule it
            fire += dt.timedelta(minutes=1)
        for server, slack, _ in servers:
            _, path = server.http.command("/digest", f"schedule daily {fire:%H:%M}")
            assert "Scheduled" in str(slack.wait_for(path, timeout=20)[0].params)
        for server, slack, _ in servers:
            wait_until(lambda s=slack: s.messages_in(CHANNEL),
                       max(fire.timestamp() - time.time(), 0) + 30,
                       f"the scheduled digest ({server.args[:2]})")
            late = time.time() - fire.timestamp()
            assert late < 10, f"posted {late:.1f}s after its minute"
        time.sleep(3)  # nothing more comes
        for _, slack, db_path in servers:
            (digest,) = slack.messages_in(CHANNEL)
            assert "Harbour cranes idle" in str(digest.blocks)
            (run,) = rows(db_path, "SELECT * FROM digest_runs")
            assert run["status"] == "posted" and run["period_key"] == iso_utc(fire)
