"""Slack misbehaving, method by method: 429, 500, a dropped connection after Slack acted on the
call, a reply slower than the bot waits. Every answer must reach the user exactly once.

Counted on what the fake Slack holds (messages in the thread, what a response_url shows,
documents stored), never on "did not crash".
"""

from __future__ import annotations

import shutil
import time

import pytest

from bot.config import Settings
from bot.slack.app import create_app
from db.connection import open_db
from tests.fake_slack import FAULTS, FakeSlack
from tests.handlers.conftest import BOT_TOKEN, SECRET, serve

CHANNEL = "C0CHAN"
ARTICLE = b"""Harbour cranes idle after storm

Dock workers said on Monday that the cranes would stay idle until the wind drops.
"""


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def http(slack, db_path, nlp):
    settings = Settings(db_path=db_path, slack_bot_token=BOT_TOKEN, slack_signing_secret=SECRET,
                        slack_api_url=slack.api_url, slack_timeout=1, delivery_deadline=20,
                        digest_chart=True)
    app = create_app(settings, nlp=nlp)
    with serve(app, settings, slack) as client:
        yield client


def settled(db_path, key_prefix: str, timeout: float = 30) -> None:
    """Wait until every request taken on has been answered (its row is `done`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db = open_db(db_path)
        try:
            rows = list(db.query("SELECT status FROM requests WHERE key LIKE ?", [key_prefix + "%"]))
        finally:
            db.close()
        if rows and all(r["status"] == "done" for r in rows):
            return
        time.sleep(0.1)
    raise AssertionError(f"requests {key_prefix}* not answered in {timeout}s")


def documents(db_path) -> int:
    db = open_db(db_path)
    try:
        return db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    finally:
        db.close()


def mention(text: str, ts: str) -> dict:
    return {"type": "app_mention", "channel": CHANNEL, "user": "U0ASKER",
            "text": f"<@U0BOT> {text}", "ts": ts}


def share(file_id: str, ts: str) -> dict:
    return {"type": "message", "subtype": "file_share", "channel": CHANNEL,
            "channel_type": "channel", "user": "U0ASKER", "text": "", "ts": ts,
            "files": [{"id": file_id}]}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_thread_reply_is_posted_once(http, slack, db_path, fault):
    slack.fault("chat.postMessage", fault, times=2 if fault == "429" else 1)
    ts = "1700000200.000100"
    http.event(mention("who is Abe?", ts))
    settled(db_path, "event:")
    replies = slack.messages_in(CHANNEL, ts)
    assert len(replies) == 1, [m.text for m in replies]
    assert "Sorry" not in replies[0].text


@pytest.mark.parametrize("fault", FAULTS)
def test_a_command_answer_is_shown_once(http, slack, db_path, fault):
    slack.fault("response", fault, times=3 if fault == "429" else 1)
    _, path = http.command("/newsdesk", "help")
    settled(db_path, "url:")
    shown = slack.visible(path)
    assert len(shown) == 1, shown
    assert "/timeline" in str(shown[0])


@pytest.mark.parametrize("method", ["files.info", "download", "conversations.replies"])
@pytest.mark.parametrize("fault", FAULTS)
def test_a_shared_file_is_added_and_answered_once(http, slack, db_path, method, fault):
    ts = "1700000300.000100"
    slack.add_file("F0CRANE", "cranes.txt", ARTICLE, channel=CHANNEL, ts=ts)
    slack.add_message(CHANNEL, ts, "source: Port Weekly")
    slack.fault(method, fault, times=2 if fault in ("429", "500") else 1)
    if method == "conversations.replies":  # file_shared carries no text: it is read back
        http.event({"type": "file_shared", "file_id": "F0CRANE", "channel_id": CHANNEL,
                    "user_id": "U0ASKER"})
    else:
        http.event(share("F0CRANE", ts))
    settled(db_path, "event:")
    replies = slack.messages_in(CHANNEL, ts)
    assert len(replies) == 1, [m.text for m in replies]
    assert "Added as a new document" in replies[0].text
    assert documents(db_path) == 1


@pytest.mark.parametrize("fault", ["429", "500"])
def test_a_busy_download_is_not_blamed_on_files_read(slack, db_path, nlp, fault):
    """Slack's file server busy for longer than the bot waits (issue 14, failure 8)."""
    settings = Settings(db_path=db_path, slack_bot_token=BOT_TOKEN, slack_signing_secret=SECRET,
                        slack_api_url=slack.api_url, slack_timeout=1, delivery_deadline=2)
    slack.fault("download", fault, times=50)
    ts = "1700000400.000100"
    slack.add_file("F0BUSY", "busy.txt", ARTICLE, channel=CHANNEL, ts=ts)
    with serve(create_app(settings, nlp=nlp), settings, slack) as http:
        http.event(share("F0BUSY", ts))
        settled(db_path, "event:")
    (reply,) = slack.messages_in(CHANNEL, ts)
    assert "files:read" not in reply.text and "just now" in reply.text
    assert len(slack.calls_to("download")) >= 2  # tried again before giving up


def test_a_refused_download_still_asks_about_files_read(http, slack, db_path):
    ts = "1700000410.000100"
    slack.add_file("F0DENY", "deny.txt", ARTICLE, channel=CHANNEL, ts=ts)
    slack.bot_token = "xoxb-another-token"  # the file server refuses the bot's token: 403
    http.event(share("F0DENY", ts))
    settled(db_path, "event:")
    (reply,) = slack.messages_in(CHANNEL, ts)
    assert "files:read" in reply.text and len(slack.calls_to("download")) == 1


@pytest.fixture(scope="module")
def harbour_db(tmp_path_factory, nlp):
    """A store with three real articles (a digest with a chart), ingested once for the module."""
    from bot.ingest import ingest_paths
    from tests.handlers.test_digest_command import ARTICLES

    folder = tmp_path_factory.mktemp("harbour")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "harbour.sqlite"
    db = open_db(path)
    assert ingest_paths(db, [folder], nlp=nlp).failed == 0
    db.close()
    return path


@pytest.mark.parametrize("method", ["chat.postMessage", "files.getUploadURLExternal", "upload",
                                    "files.completeUploadExternal"])
@pytest.mark.parametrize("fault", FAULTS)
def test_a_digest_is_posted_once(harbour_db, slack, db_path, nlp, method, fault):
    shutil.copyfile(harbour_db, db_path)
    settings = Settings(db_path=db_path, slack_bot_token=BOT_TOKEN, slack_signing_secret=SECRET,
                        slack_api_url=slack.api_url, slack_timeout=1, delivery_deadline=20)
    slack.fault(method, fault, times=2 if fault in ("429", "500") else 1)
    with serve(create_app(settings, nlp=nlp), settings, slack) as http:
        _, path = http.command("/digest", "")
        settled(db_path, "url:", timeout=40)
    digests = [m for m in slack.messages_in(CHANNEL) if not m.thread_ts]
    assert len(digests) == 1, [m.text for m in digests]
    assert "Posted the digest" in str(slack.visible(path))
    assert len(slack.charts_in(CHANNEL)) == 1


def test_a_reply_slack_would_not_take_is_posted_on_slacks_retry(slack, db_path, nlp):
    """Slack down past the deadline: the event stays open, so Slack's own retry answers it."""
    settings = Settings(db_path=db_path, slack_bot_token=BOT_TOKEN, slack_signing_secret=SECRET,
                        slack_api_url=slack.api_url, slack_timeout=1, delivery_deadline=1)
    slack.fault("chat.postMessage", "500")  # with a 1 s deadline: no second try in time
    ts = "1700000700.000100"
    event = mention("who is Abe?", ts)
    with serve(create_app(settings, nlp=nlp), settings, slack) as http:
        _, event_id = http.event(event)
        slack.wait_for("chat.postMessage", timeout=20)
        time.sleep(1)
        assert slack.messages_in(CHANNEL, ts) == []
        http.event(event, event_id=event_id, retry=1)
        settled(db_path, "event:")
        http.event(event, event_id=event_id, retry=2)  # answered now: left alone
        time.sleep(1)
    assert len(slack.messages_in(CHANNEL, ts)) == 1


@pytest.mark.parametrize("fault", FAULTS)
def test_the_look_after_a_lost_reply_survives_faults_too(harbour_db, slack, db_path, nlp, fault):
    """The digest's reply is lost, and the look for it (conversations.history) fails once too."""
    shutil.copyfile(harbour_db, db_path)
    settings = Settings(db_path=db_path, slack_bot_token=BOT_TOKEN, slack_signing_secret=SECRET,
                        slack_api_url=slack.api_url, slack_timeout=1, delivery_deadline=20,
                        digest_chart=False)
    slack.fault("chat.postMessage", "drop")
    slack.fault("conversations.history", fault)
    with serve(create_app(settings, nlp=nlp), settings, slack) as http:
        _, path = http.command("/digest", "")
        settled(db_path, "url:", timeout=40)
    assert len(slack.messages_in(CHANNEL)) == 1
    assert len(slack.calls_to("conversations.history")) >= 2
    assert "Posted the digest" in str(slack.visible(path))
