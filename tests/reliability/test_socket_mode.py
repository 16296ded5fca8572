"""Socket Mode as deployed: `newsdesk serve` with an app token, over a real WebSocket.

The bot process connects to a fake Socket Mode end (tests/fake_socket_mode.py) that
`apps.connections.open` on the fake Web API names, and is driven only through it: commands
and mentions are acknowledged within Slack's 3 seconds and answered exactly once (a redelivered
event too), a dropped connection is reopened and answering goes on, and a digest scheduled
from Slack fires in that same process at its minute.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.ingest import ingest_paths
from db.connection import open_db
from tests.fake_slack import FakeSlack
from tests.fake_socket_mode import FakeSocketMode
from tests.handlers.conftest import BOT_TOKEN, event_callback, slash_command
from tests.handlers.test_threads import mention
from tests.reliability.procfile import rows, wait_until

ROOT = Path(__file__).resolve().parents[2]
CHANNEL = "C0CHAN"
ARTICLE = """Harbour cranes return to Aarhus

May 14, 2021

Lars Christensen, the port director, reopened the container terminal in Aarhus on Tuesday.

Christensen said the cranes would handle 40 ships a week by June 2021.
"""


@contextlib.contextmanager
def socket_mode_bot(slack: FakeSlack, db_path: Path) -> Iterator[subprocess.Popen]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "NEWSDESK_"))}
    env |= {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": "xapp-1-A0APP-1-fake",
            "SLACK_API_URL": slack.api_url, "NEWSDESK_DB": str(db_path),
            "NEWSDESK_DIGEST_CHART": "off"}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def command(slack: FakeSlack, name: str, text: str) -> tuple[dict, str]:
    path = f"/response/{uuid.uuid4().hex[:8]}"
    return slash_command(name, text, slack.url + path), path


@pytest.fixture
def store(tmp_path, nlp) -> Path:
    db_path = tmp_path / "socket.sqlite"
    (tmp_path / "harbour.txt").write_text(ARTICLE, encoding="utf-8")
    ingest_paths(open_db(db_path), [tmp_path / "harbour.txt"], nlp=nlp)
    return db_path


def test_socket_mode_answers_once_reconnects_and_keeps_schedules(store):
    with FakeSlack() as slack, FakeSocketMode() as socket, socket_mode_bot(slack, store):
        slack.socket_url = socket.url
        socket.wait_connected(timeout=90)  # the model loads before the bot connects

        # A slash command: acknowledged in time, answered once at its response_url.
        payload, path = command(slack, "/who", "christensen")
        assert socket.wait_ack(socket.push("slash_commands", payload)) < 3
        (answer,) = slack.wait_for(path, timeout=20)
        assert "Lars Christensen" in str(answer.params)

        # A mention, then Slack's redelivery of the same event: one reply in the thread.
        event = event_callback(mention("who is Christensen?", "1700000000.000100"), "EvSOCKET1")
        assert socket.wait_ack(socket.push("events_api", event)) < 3
        wait_until(lambda: slack.messages_in(CHANNEL, "1700000000.000100"), 20, "the reply")
        socket.wait_ack(socket.push("events_api", event, retry_attempt=1))
        time.sleep(2)
        (reply,) = slack.messages_in(CHANNEL, "1700000000.000100")
        assert "Lars Christensen" in str(reply.blocks or reply.text)

        # Slack drops the connection: the bot opens a new one and goes on answering.
        socket.drop()
        socket.wait_connected(connects=2, timeout=30)
        payload, path = command(slack, "/search", "cranes")
        socket.wait_ack(socket.push("slash_commands", payload))
        assert "cranes" in str(slack.wait_for(path, timeout=20)[0].params)
        assert len(slack.calls_to("apps.connections.open")) >= 2

        # A digest scheduled over Socket Mode fires in this process at its minute, once.
        now = dt.datetime.now(dt.UTC)
        fire = (now + dt.timedelta(minutes=1)).replace(second=0, microsecond=0)
        if (fire - now).total_seconds() < 8:
            fire += dt.timedelta(minutes=1)
        payload, path = command(slack, "/digest", f"schedule daily {fire:%H:%M}")
        socket.wait_ack(socket.push("slash_commands", payload))
        assert "Scheduled" in str(slack.wait_for(path, timeout=20)[0].params)
        wait_until(lambda: [m for m in slack.messages_in(CHANNEL) if not m.thread_ts],
                   max(fire.timestamp() - time.time(), 0) + 30, "the scheduled digest")
        assert time.time() - fire.timestamp() < 10
        time.sleep(3)
        (digest,) = [m for m in slack.messages_in(CHANNEL) if not m.thread_ts]
        assert "Harbour cranes return to Aarhus" in str(digest.blocks)
        (run,) = rows(store, "SELECT * FROM digest_runs")
        assert run["status"] == "posted"
