"""Files shared in Slack: fetched with the bot token, ingested, acknowledged in their thread."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request

import pytest

from bot.config import Settings
from db.connection import open_db

LIGHTHOUSE = """Keeper of the northern light retires

Henrik Solbakken, the last keeper of the Skarvoy lighthouse, retired on Friday after 41 years.
Solbakken said the lamp never went dark.
"""


def posted(call) -> str:
    return json.dumps({"text": call.params.get("text"), "blocks": call.params.get("blocks")},
                      ensure_ascii=False)


def share_message(file_id: str, ts: str, text: str = "", *, channel: str = "C0CHAN",
                  channel_type: str = "channel") -> dict:
    return {"type": "message", "subtype": "file_share", "channel": channel,
            "channel_type": channel_type, "user": "U0ASKER", "text": text, "ts": ts,
            "files": [{"id": file_id}]}


def documents(db_path) -> list[dict]:
    db = open_db(db_path)
    try:
        return list(db.query("SELECT id, path, title, source, date, date_kind FROM documents"))
    finally:
        db.close()


def test_a_shared_file_is_downloaded_with_the_token_ingested_and_found_by_who(
    http, fake_slack, db_path
):
    ts = "1700000100.000100"
    fake_slack.add_file("F0LIGHT", "lighthouse.txt", LIGHTHOUSE.encode(), channel="C0CHAN", ts=ts)
    http.event(share_message("F0LIGHT", ts, "date: 2022-09-30, source: Coast Weekly"))

    (ack,) = fake_slack.wait_for("chat.postMessage", timeout=30)
    assert ack.params["thread_ts"] == ts
    text = posted(ack)
    assert "Added as a new document" in text
    assert "Keeper of the northern light retires" in text
    assert "2022-09-30 (given)" in text and "Coast Weekly" in text
    assert re.search(r"[1-9]\d* (person|people) · \d+ places? · [1-9]\d* dates?", text)
    (download,) = fake_slack.calls_to("download")
    assert download.headers["authorization"] == f"Bearer {fake_slack.bot_token}"
    (doc,) = documents(db_path)
    assert doc["path"] == "slack:F0LIGHT" and doc["source"] == "Coast Weekly"

    _, path = http.command("/who", "Solbakken")
    (answer,) = fake_slack.wait_for(path)
    assert "Henrik Solbakken (person)" in json.dumps(answer.params["blocks"], ensure_ascii=False)


def test_the_fake_refuses_a_download_without_the_bot_token(fake_slack):
    fake_slack.add_file("F0X", "x.txt", b"hello", channel="C0CHAN", ts="1.0")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(fake_slack.download_url("F0X"), timeout=5)
    assert err.value.code == 403


def test_file_shared_and_its_message_event_add_the_file_once(http, fake_slack, db_path):
    ts = "1700000110.000100"
    fake_slack.add_file("F0TWICE", "keeper.md", LIGHTHOUSE.encode(), channel="C0CHAN", ts=ts)
    fake_slack.add_message("C0CHAN", ts, "source: Harbour Log")
    http.event({"type": "file_shared", "file_id": "F0TWICE", "user_id": "U0ASKER",
                "channel_id": "C0CHAN", "event_ts": ts, "file": {"id": "F0TWICE"}})
    http.event(share_message("F0TWICE", ts, "source: Harbour Log"))
    (ack,) = fake_slack.wait_for("chat.postMessage", timeout=30)
    time.sleep(0.5)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    assert ack.params["thread_ts"] == ts
    (doc,) = documents(db_path)
    assert doc["source"] == "Harbour Log"  # the text read back with conversations.replies


def test_sharing_the_same_file_again_says_it_is_already_here(http, fake_slack, db_path):
    fake_slack.add_file("F0AGAIN", "keeper.txt", LIGHTHOUSE.encode(), channel="C0CHAN", ts="2.0")
    http.event(share_message("F0AGAIN", "2.0"))
    fake_slack.wait_for("chat.postMessage", 1, timeout=30)
    fake_slack.add_file("F0AGAIN", "keeper.txt", LIGHTHOUSE.encode(), channel="C0CHAN", ts="3.0")
    http.event(share_message("F0AGAIN", "3.0"))
    second = fake_slack.wait_for("chat.postMessage", 2, timeout=30)[1]
    assert "Already here, unchanged" in posted(second)
    assert len(documents(db_path)) == 1


def test_a_too_large_file_is_refused_before_any_download(http, fake_slack, db_path):
    fake_slack.add_file("F0BIG", "atlas.pdf", b"%PDF-1.4 tiny", channel="C0CHAN", ts="4.0",
                        size=50 * 1024 * 1024)
    http.event(share_message("F0BIG", "4.0"))
    (reply,) = fake_slack.wait_for("chat.postMessage")
    assert reply.params["thread_ts"] == "4.0"
    assert "50.0 MB" in posted(reply) and "20 MB" in posted(reply)
    assert fake_slack.calls_to("download") == []
    assert documents(db_path) == []


def test_an_unreadable_file_is_refused_and_nothing_is_stored(http, fake_slack, db_path):
    fake_slack.add_file("F0EMPTY", "notes.txt", b"\x00\x01\x02\xff" * 50, channel="C0CHAN",
                        ts="5.0")
    http.event(share_message("F0EMPTY", "5.0"))
    (reply,) = fake_slack.wait_for("chat.postMessage", timeout=30)
    assert "could not add" in posted(reply) and "Nothing was stored" in posted(reply)
    assert documents(db_path) == []


def test_an_unsupported_type_is_refused_when_meant_for_the_bot(http, fake_slack, db_path):
    fake_slack.add_file("F0PNG", "chart.png", b"\x89PNG....", channel="D0DM", ts="6.0")
    http.event(share_message("F0PNG", "6.0", channel="D0DM", channel_type="im"))
    (reply,) = fake_slack.wait_for("chat.postMessage")
    assert reply.params["channel"] == "D0DM"
    assert "I can only add" in posted(reply) and "chart.png" in posted(reply)
    assert fake_slack.calls_to("download") == []
    assert documents(db_path) == []


def test_a_picture_in_a_busy_channel_gets_no_refusal(http, fake_slack):
    fake_slack.add_file("F0PIC", "cat.png", b"\x89PNG....", channel="C0CHAN", ts="7.0")
    http.event(share_message("F0PIC", "7.0", "look at this"))
    http.event({"type": "app_mention", "user": "U0ASKER", "text": "<@U0BOT> help",
                "ts": "7.5", "channel": "C0CHAN"})
    fake_slack.wait_for("chat.postMessage")
    time.sleep(0.3)
    assert [c.params["thread_ts"] for c in fake_slack.calls_to("chat.postMessage")] == ["7.5"]


@pytest.fixture
def ingest_channel_settings(settings) -> Settings:
    return settings.with_overrides(ingest_channels=("C0CORPUS",))


def test_a_channel_not_listed_for_ingest_adds_nothing(fake_slack, ingest_channel_settings,
                                                      db_path, nlp):
    from bot.slack.app import create_app
    from tests.handlers.conftest import serve

    s = ingest_channel_settings
    fake_slack.add_file("F0ELSE", "keeper.txt", LIGHTHOUSE.encode(), channel="C0CHAN", ts="8.0")
    with serve(create_app(s, nlp=nlp), s, fake_slack) as http:
        http.event(share_message("F0ELSE", "8.0", "<@U0BOT> please add"))
        (reply,) = fake_slack.wait_for("chat.postMessage")
    assert "not added from this channel" in posted(reply)
    assert documents(db_path) == []


def test_the_token_is_never_sent_to_a_host_that_is_not_slack(http, fake_slack, db_path):
    ts = "1700000900.000100"
    fake_slack.add_file("F0ELSE", "lighthouse.txt", LIGHTHOUSE.encode(), channel="C0CHAN", ts=ts,
                        host="localhost")  # the same server under a name that is not Slack's
    http.event(share_message("F0ELSE", ts, channel_type="im"))
    (reply,) = fake_slack.wait_for("chat.postMessage", timeout=30)
    assert "not on Slack" in posted(reply)
    assert fake_slack.calls_to("download") == []
    assert documents(db_path) == []
