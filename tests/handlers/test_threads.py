"""Mentions answered in threads, follow-ups from the thread's context, each event once — over
real HTTP, with the app rebuilt on the same DB file to show it all survives a restart."""

from __future__ import annotations

import json
import re
import time

import pytest

from bot.slack.app import create_app
from tests.handlers.conftest import ferry_article, serve

HARBOUR = """Harbour minister visits Bergen

March 4, 2021

Ingrid Halvorsen, the fisheries minister of Norway, visited Bergen on Wednesday. Halvorsen met dock workers and promised new cranes.

Tomas Berglund, the mayor of Uppsala, joined Halvorsen at the quay. Berglund said the cranes would arrive in June.
"""

BRIDGE = """Uppsala opens its new bridge

May 14, 2020

Tomas Berglund, the mayor of Uppsala, opened the new bridge on Tuesday. Berglund visited Bergen in June 2019 to study its harbour.

Inger Halvorsen, a Norwegian minister, sent a letter of congratulation. Halvorsen praised the design.
"""


def mention(text: str, ts: str, *, thread_ts: str | None = None, channel: str = "C0CHAN") -> dict:
    event = {"type": "app_mention", "user": "U0ASKER", "text": f"<@U0BOT> {text}", "ts": ts,
             "channel": channel, "event_ts": ts}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def posted(call) -> str:
    return json.dumps({"text": call.params.get("text"), "blocks": call.params.get("blocks")},
                      ensure_ascii=False)


def header_of(call) -> str:
    blocks = call.params.get("blocks") or []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    return next((b["text"]["text"] for b in blocks if b["type"] == "header"), "")


@pytest.fixture
def corpus(ingest):
    ingest({"harbour.txt": HARBOUR, "bridge.txt": BRIDGE, "ferry.txt": ferry_article(30)})


def test_a_mention_is_answered_in_its_thread_for_everyone(http, fake_slack, corpus):
    response, _ = http.event(mention("who is Tomas Berglund?", "1700000001.000100"))
    assert response.status == 200
    (call,) = fake_slack.wait_for("chat.postMessage")
    assert call.params["channel"] == "C0CHAN"
    assert call.params["thread_ts"] == "1700000001.000100"
    assert "response_type" not in call.params
    assert header_of(call) == "Tomas Berglund (person)"
    assert "mayor of Uppsala" in posted(call)
    assert fake_slack.calls_to("chat.postEphemeral") == []


def test_a_mention_inside_a_thread_answers_in_that_thread(http, fake_slack, corpus):
    http.event(mention("tell me about Uppsala", "1700000002.000200", thread_ts="1700000000.5"))
    (call,) = fake_slack.wait_for("chat.postMessage")
    assert call.params["thread_ts"] == "1700000000.5"
    assert header_of(call).startswith("Uppsala")


def test_follow_ups_use_the_thread_context_even_after_a_restart(
    http, fake_slack, corpus, settings
):
    thread = "1700000010.000100"
    http.event(mention("who is Tomas Berglund?", thread))
    fake_slack.wait_for("chat.postMessage", 1)

    http.event(mention("and Halvorsen?", "1700000011.0", thread_ts=thread))
    second = fake_slack.wait_for("chat.postMessage", 2)[1]
    assert second.params["thread_ts"] == thread
    assert header_of(second) == "Ingrid Halvorsen (person)"

    http.event(mention("search ferry", "1700000012.0", thread_ts="1700000012.0"))
    first_page = fake_slack.wait_for("chat.postMessage", 3)[2]
    assert "more" in posted(first_page).lower()

    restarted = create_app(settings)  # a new app instance on the same DB file
    with serve(restarted, settings, fake_slack) as again:
        again.event(mention("when did she visit Bergen?", "1700000013.0", thread_ts=thread))
        pronoun = fake_slack.wait_for("chat.postMessage", 4)[3]
        assert pronoun.params["thread_ts"] == thread
        assert header_of(pronoun) == "Timeline: Ingrid Halvorsen"  # "she", from the thread
        assert "visited Bergen on Wednesday" in posted(pronoun)

        again.event(mention("more", "1700000014.0", thread_ts="1700000012.0"))
        next_page = fake_slack.wait_for("chat.postMessage", 5)[4]
    piers = lambda call: set(re.findall(r"pier (\d+)", posted(call)))  # noqa: E731
    assert piers(first_page) and piers(next_page)
    assert not piers(first_page) & piers(next_page)


def test_more_with_nothing_before_says_so(http, fake_slack, corpus):
    http.event(mention("more", "1700000020.0"))
    (call,) = fake_slack.wait_for("chat.postMessage")
    assert "nothing to continue" in posted(call).lower()


def test_whats_new_lists_the_newest_documents_when_there_is_no_digest(http, fake_slack, corpus):
    http.event(mention("what's new?", "1700000030.0"))
    (call,) = fake_slack.wait_for("chat.postMessage")
    text = posted(call)
    assert "Uppsala opens its new bridge" in text and "Harbour minister visits Bergen" in text


def test_a_direct_message_is_a_question_too(http, fake_slack, corpus):
    http.event({"type": "message", "channel_type": "im", "channel": "D0DM", "user": "U0ASKER",
                "text": "who's Berglund", "ts": "1700000040.0"})
    (call,) = fake_slack.wait_for("chat.postMessage")
    assert call.params["channel"] == "D0DM"
    assert "Berglund" in header_of(call)


def test_channel_chatter_and_the_bots_own_messages_are_ignored(http, fake_slack, corpus):
    http.event({"type": "message", "channel_type": "channel", "channel": "C0CHAN",
                "user": "U0ASKER", "text": "lunch?", "ts": "1700000050.0"})
    http.event({"type": "message", "channel_type": "im", "channel": "D0DM", "bot_id": "B0BOT",
                "text": "an answer", "ts": "1700000050.1"})
    http.event(mention("help", "1700000051.0"))  # a sync point: this one is answered
    (call,) = fake_slack.wait_for("chat.postMessage")
    time.sleep(0.3)
    assert [c.params["thread_ts"] for c in fake_slack.calls_to("chat.postMessage")] == [
        "1700000051.0"]
    assert "/who" in posted(call)


def test_a_retried_event_is_answered_once_even_across_a_restart(
    http, fake_slack, corpus, settings
):
    event = mention("who is Ingrid Halvorsen?", "1700000060.0")
    first, event_id = http.event(event)
    retry, _ = http.event(event, event_id=event_id, retry=1)
    assert first.status == retry.status == 200
    fake_slack.wait_for("chat.postMessage", 1)

    with serve(create_app(settings), settings, fake_slack) as again:
        again.event(event, event_id=event_id, retry=2)
        again.event(mention("help", "1700000061.0"))  # a later event: a sync point
        fake_slack.wait_for("chat.postMessage", 2)
    time.sleep(0.3)
    threads = [c.params["thread_ts"] for c in fake_slack.calls_to("chat.postMessage")]
    assert threads == ["1700000060.0", "1700000061.0"]
