"""The Export buttons over real HTTP: the file arrives through files_upload_v2's calls, once
per press; and the bot keeps answering while Datasette is open on its store."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from urllib.parse import urlencode

import pytest

from bot import browse
from bot.answers.reply import EXPORT_ACTION
from bot.router.exports import build_export
from db.connection import open_db
from tests.export_corpus import build


@pytest.fixture
def corpus(tmp_path, db_path, nlp):
    build(tmp_path / "articles", db_path, nlp)


def _button(call, action_id):
    for block in call.params["blocks"]:
        for element in block.get("elements", ()):
            if element.get("action_id") == action_id:
                return element
    raise AssertionError(f"no {action_id} button in the answer")


def press(http, action_id: str, value: str, *, trigger_id: str, action_ts: str,
          channel: str = "C0CHAN") -> str:
    """POST one block_actions payload (the same arguments make the same payload: a retry)."""
    path, url = http.next_response_url()
    payload = {
        "type": "block_actions", "team": {"id": "T0FAKE"}, "user": {"id": "U0ASKER"},
        "api_app_id": "A0APP", "token": "legacy", "trigger_id": trigger_id,
        "container": {"type": "message", "is_ephemeral": True, "channel_id": channel},
        "channel": {"id": channel, "name": "news"}, "response_url": url,
        "actions": [{"type": "button", "action_id": action_id, "block_id": "newsdesk_export",
                     "value": value, "action_ts": action_ts}],
    }
    response = http.post(urlencode({"payload": json.dumps(payload)}))
    assert response.status == 200
    return path


def _uploads(fake_slack, count):
    urls = fake_slack.wait_for("files.getUploadURLExternal", count)
    done = fake_slack.wait_for("files.completeUploadExternal", count)
    sent = fake_slack.wait_for("upload", count)
    return urls, sent, done


def test_export_button_uploads_the_timeline_once_per_press(http, fake_slack, corpus, db_path):
    _, path = http.command("/timeline", "ferry")
    (answer,) = fake_slack.wait_for(path)
    button = _button(answer, f"{EXPORT_ACTION}_csv")
    assert button["text"]["text"] == "Export CSV"

    press(http, button["action_id"], button["value"], trigger_id="111.222", action_ts="1.5")
    urls, sent, done = _uploads(fake_slack, 1)
    expected = build_export(open_db(db_path), "timeline", "ferry", "csv")
    assert urls[0].params["filename"] == expected.filename == "timeline-elden-ferry-company.csv"
    assert int(urls[0].params["length"]) == len(expected.content)
    assert sent[0].params["bytes"] == expected.content
    assert done[0].params["channel_id"] == "C0CHAN"
    assert json.loads(done[0].params["files"])[0]["title"] == expected.title
    assert expected.filename in done[0].params["initial_comment"]

    # Slack delivering the same press again uploads nothing; a second press uploads again.
    press(http, button["action_id"], button["value"], trigger_id="111.222", action_ts="1.5")
    press(http, button["action_id"], button["value"], trigger_id="333.444", action_ts="2.5")
    _uploads(fake_slack, 2)
    time.sleep(0.5)
    assert len(fake_slack.calls_to("files.getUploadURLExternal")) == 2
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == 2


def test_export_button_on_who_uploads_the_profile_as_json(http, fake_slack, corpus, db_path):
    _, path = http.command("/who", "Maria Lopez")
    (answer,) = fake_slack.wait_for(path)
    button = _button(answer, f"{EXPORT_ACTION}_json")
    press(http, button["action_id"], button["value"], trigger_id="555.1", action_ts="3.5",
          channel="D0DIRECT")
    urls, sent, done = _uploads(fake_slack, 1)
    assert urls[0].params["filename"] == "who-maria-lopez.json"
    profile = json.loads(sent[0].params["bytes"])
    assert profile["name"] == "Maria Lopez"
    assert "the harbour master of Port Elden" in [d["text"] for d in profile["descriptions"]]
    assert done[0].params["channel_id"] == "D0DIRECT"


def test_a_refused_upload_is_explained_to_the_presser(http, fake_slack, corpus):
    _, path = http.command("/timeline", "ferry")
    (answer,) = fake_slack.wait_for(path)
    button = _button(answer, f"{EXPORT_ACTION}_timelinejs")
    fake_slack.error_next("files.completeUploadExternal", "not_in_channel")
    click_path = press(http, button["action_id"], button["value"], trigger_id="9.9",
                       action_ts="4.5")
    (told,) = fake_slack.wait_for(click_path)
    assert "/invite" in json.dumps(told.params)
    assert told.params["response_type"] == "ephemeral"


def test_the_bot_keeps_answering_while_datasette_is_open(http, fake_slack, corpus, db_path,
                                                         ingest):
    running = browse.start(browse.build_datasette(db_path), browse.bind("127.0.0.1", 0))
    stop = threading.Event()
    served: list[int] = []

    def browse_all_the_time() -> None:  # a reader on the file, all through the test
        while not stop.is_set():
            url = running.url + "/newsdesk/timeline.json?_shape=array&term=ferry"
            with urllib.request.urlopen(url, timeout=10) as resp:
                served.append(len(json.loads(resp.read())))

    reader = threading.Thread(target=browse_all_the_time, daemon=True)
    reader.start()
    try:
        for _ in range(500):  # Datasette is reading before the bot writes
            if served:
                break
            time.sleep(0.01)
        ingest({"pier.txt": "Pier reopens after storm\n\nMay 4, 2021\n\n"
                "Ines Varga, the pier warden of Port Elden, reopened the ferry pier on Monday."})
        _, path = http.command("/who", "Ines Varga")
        (answer,) = fake_slack.wait_for(path)
        assert "pier warden" in json.dumps(answer.params)
        with urllib.request.urlopen(
                running.url + "/newsdesk/documents.json?_shape=array&title=Pier+reopens+after+storm",
                timeout=10) as resp:
            assert len(json.loads(resp.read())) == 1  # Datasette sees the new document
    finally:
        stop.set()
        reader.join(10)
        running.stop()
    assert served and max(served) > min(served)  # it kept serving, before and after the ingest
