"""Slash commands over real HTTP: ack fast, answer at the response_url, never leak a ping."""

from __future__ import annotations

import json
import logging
import time

import pytest

from bot.answers.reply import SHARE_ACTION
from tests.handlers.conftest import BOT_TOKEN, add_documents, ferry_article


def test_newsdesk_help_acks_fast_and_answers_at_response_url(http, fake_slack):
    response, path = http.command("/newsdesk", "help")
    assert response.status == 200
    assert response.seconds < 3
    (call,) = fake_slack.wait_for(path)
    assert call.params["response_type"] == "ephemeral"
    text = json.dumps(call.params["blocks"])
    for command in ("/who", "/timeline", "/search", "/newsdesk"):
        assert command in text


def test_docs_lists_a_document_without_pings_or_links(http, fake_slack, db_path):
    nasty = "Harbour <!channel> <@U123> <https://x|y> @here *bold* plan"
    add_documents(db_path, [nasty])
    _, path = http.command("/newsdesk", "docs")
    (call,) = fake_slack.wait_for(path)
    posted = json.dumps(call.params, ensure_ascii=False)
    assert "Harbour" in posted and "plan" in posted
    for raw in ("<!channel>", "<@U123>", "<https://x|y>", "@here", "*bold*"):
        assert raw not in posted
    assert "&lt;!channel&gt;" in posted


def test_slow_answers_do_not_delay_acks(http, fake_slack, search_gate, db_path):
    add_documents(db_path, ["Ferry timetable"])
    slow = [http.command("/search", f"slow {i}") for i in range(12)]
    assert all(r.status == 200 and r.seconds < 3 for r, _ in slow)
    started = time.monotonic()
    response, path = http.command("/newsdesk", "help")
    assert response.status == 200
    assert time.monotonic() - started < 3
    search_gate.open.set()
    fake_slack.wait_for(path)
    for _, slow_path in slow:
        fake_slack.wait_for(slow_path)


def test_search_answer_carries_share_button(http, fake_slack, ingest):
    ingest({"ferry.txt": ferry_article(3)})
    _, path = http.command("/search", "Ferry")
    (call,) = fake_slack.wait_for(path)
    actions = [b for b in call.params["blocks"] if b["type"] == "actions"]
    assert [e["action_id"] for e in actions[0]["elements"]] == [SHARE_ACTION]


BAD_INPUTS = [
    ("", "Tell me what to look for"),
    ("x" * 10_000, "10,000 characters"),
    ('"', "no letters or digits"),
    ("*", "no letters or digits"),
    ("🚢🚢", "no letters or digits"),
    ("the of and", "only common words"),
    ("NEAR(", "No passage matches"),
    ("'; DROP TABLE documents; --", "No passage matches"),
    ("מעבורת נמל", "No passage matches"),
    ("ferry*", "ferry"),
    ("explode", "something went wrong"),
]


@pytest.mark.parametrize(("text", "expected"), BAD_INPUTS, ids=[e for _, e in BAD_INPUTS])
def test_bad_input_gets_a_clear_reply_and_the_app_keeps_serving(
    http, fake_slack, search_gate, ingest, text, expected
):
    ingest({"ferry.txt": ferry_article(3)})
    response, path = http.command("/search", text)
    assert response.status == 200
    (call,) = fake_slack.wait_for(path)
    assert expected in json.dumps(call.params, ensure_ascii=False)
    assert "Traceback" not in json.dumps(call.params)
    _, again = http.command("/newsdesk", "docs")
    assert "Ferry services resume" in json.dumps(fake_slack.wait_for(again)[0].params)


def test_one_log_line_per_request_without_tokens(http, fake_slack, caplog):
    caplog.set_level(logging.INFO)
    _, path = http.command("/newsdesk", "help")
    fake_slack.wait_for(path)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not [r for r in caplog.records if "request=" in r.getMessage()]:
        time.sleep(0.02)
    lines = [r.getMessage() for r in caplog.records if "request=/newsdesk" in r.getMessage()]
    assert len(lines) == 1
    assert "latency_ms=" in lines[0] and "blocks=" in lines[0]
    everything = "\n".join(r.getMessage() for r in caplog.records)
    assert BOT_TOKEN not in everything
    assert "/response/" not in everything


def test_an_exception_in_a_listener_is_answered_politely(app, http, fake_slack):
    def boom(ack):
        ack()
        raise RuntimeError("listener bug")

    app.command("/boom")(boom)
    response, path = http.command("/boom", "")
    assert response.status == 200
    (call,) = fake_slack.wait_for(path)
    assert "something went wrong" in call.params["text"]
