"""The one delivery path against a fake Slack and a real SQLite ledger: retries, the ledger,
and the check before posting again after a try whose outcome is unknown."""

from __future__ import annotations

import time

import pytest
from slack_sdk import WebClient

from bot.slack.delivery import ChannelTarget, ResponseTarget, deliver, process_owner
from bot.slack.retries import RetryPolicy
from db import deliveries as ledger
from db.connection import open_db
from tests.fake_slack import FakeSlack

CHANNEL = "C0NEWS"
PAYLOAD = {"text": "The tide table", "blocks": []}


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def db(db_path):
    db = open_db(db_path)
    yield db
    db.close()


def client(slack: FakeSlack, timeout: int = 1) -> WebClient:
    return WebClient(token="xoxb-test", base_url=slack.api_url, timeout=timeout)


def test_a_delivered_key_is_never_posted_again(slack, db):
    target = ChannelTarget(client(slack), CHANNEL, "1700.1")
    first = deliver(lambda: db, "event:Ev1", target, PAYLOAD)
    again = deliver(lambda: db, "event:Ev1", target, PAYLOAD)
    assert (first.status, first.already, again.status, again.already) == ("posted", False,
                                                                          "posted", True)
    assert len(slack.messages_in(CHANNEL)) == 1
    assert slack.messages_in(CHANNEL)[0].metadata["event_payload"] == {"key": "event:Ev1"}


def test_429_waits_for_retry_after_and_5xx_backs_off(slack, db):
    sleeps: list[float] = []
    slack.fault("chat.postMessage", "429", retry_after=3)
    slack.fault("chat.postMessage", "500", times=2)
    result = deliver(lambda: db, "k", ChannelTarget(client(slack), CHANNEL), PAYLOAD,
                     sleep=sleeps.append, policy=RetryPolicy(backoff=0.5))
    assert result.status == "posted" and result.attempts == 4
    assert sleeps == [3.0, 1.0, 2.0]  # Retry-After, then 0.5 doubled by attempt
    assert len(slack.messages_in(CHANNEL)) == 1


def test_the_deadline_ends_the_retries_and_the_ledger_says_failed(slack, db):
    slack.fault("chat.postMessage", "500", times=10)
    result = deliver(lambda: db, "k", ChannelTarget(client(slack), CHANNEL), PAYLOAD,
                     sleep=lambda s: None, policy=RetryPolicy(deadline=0))
    assert (result.status, result.attempts) == ("failed", 1)
    assert ledger.get_delivery(db, "k")["status"] == "failed"


def test_a_channel_the_bot_left_is_gone_at_once(slack, db):
    slack.error_next("chat.postMessage", "channel_not_found")
    result = deliver(lambda: db, "k", ChannelTarget(client(slack), CHANNEL), PAYLOAD)
    assert (result.status, result.attempts, result.error) == ("gone", 1, "channel_not_found")


@pytest.mark.parametrize("fault", ["drop", "timeout"])
def test_after_a_lost_reply_it_looks_before_posting_again(slack, db, fault):
    slack.fault("chat.postMessage", fault, hang=2.5)
    result = deliver(lambda: db, "k", ChannelTarget(client(slack), CHANNEL, "1700.1"), PAYLOAD,
                     sleep=lambda s: None)
    assert result.status == "posted" and result.ts == slack.messages_in(CHANNEL)[0].ts
    assert len(slack.messages_in(CHANNEL)) == 1
    assert len(slack.calls_to("chat.postMessage")) == 1  # found by conversations.replies
    assert slack.calls_to("conversations.replies")[0].params["include_all_metadata"]


def test_a_crash_mid_post_is_settled_by_looking_first(slack, db):
    """A try left 'sending' by a dead process: if Slack has the message, it is not posted again;
    if not, it is posted once."""
    for key, on_slack in (("posted-before", True), ("never-arrived", False)):
        ledger.start_delivery(db, key, CHANNEL, "dead-process", now=time.time())
        if on_slack:
            slack._post_message({"channel": CHANNEL, "text": "x", "metadata": {
                "event_type": "newsdesk_delivery", "event_payload": {"key": key}}})
        result = deliver(lambda: db, key, ChannelTarget(client(slack), CHANNEL), PAYLOAD)
        assert result.status == "posted"
    assert len(slack.messages_in(CHANNEL)) == 2
    assert len(slack.calls_to("chat.postMessage")) == 1


def test_a_response_url_after_a_lost_reply_replaces_rather_than_adds(slack, db):
    slack.fault("response", "timeout", hang=2.5)
    target = ResponseTarget(slack.response_url("r1"), timeout=1)
    result = deliver(lambda: db, "url:r1", target, PAYLOAD, sleep=lambda s: None)
    assert result.status == "posted"
    first, second = slack.calls_to("response")
    assert not first.params.get("replace_original") and second.params["replace_original"]
    assert len(slack.visible("/response/r1")) == 1


def test_one_lease_holder_at_a_time_and_a_dead_one_is_replaced(db):
    now = time.time()
    assert ledger.take_lease(db, "scheduler", "a", ttl=10, now=now)
    assert not ledger.take_lease(db, "scheduler", "b", ttl=10, now=now + 5)
    assert ledger.take_lease(db, "scheduler", "a", ttl=10, now=now + 5)  # renewed
    assert ledger.take_lease(db, "scheduler", "b", ttl=10, now=now + 16)  # a went quiet


def test_a_request_is_answered_by_one_live_process(db):
    now = time.time()
    ledger.keep_alive(db, "a", ttl=10, now=now)
    assert ledger.receive_request(db, "event:E", "{}", "a", now=now) == "new"
    assert ledger.receive_request(db, "event:E", "{}", "b", now=now + 1) == "busy"
    assert ledger.receive_request(db, "event:E", "{}", "b", now=now + 20) == "retake"  # a died
    assert [r["key"] for r in ledger.orphaned_requests(db, now=now + 40, max_replays=3)] == \
        ["event:E"]
    ledger.finish_request(db, "event:E", now=now + 41)
    assert ledger.receive_request(db, "event:E", "{}", "c", now=now + 42) == "done"
    assert ledger.orphaned_requests(db, now=now + 60, max_replays=3) == []


def test_the_process_name_changes_after_a_fork():
    import os

    name = process_owner()
    assert str(os.getpid()) in name and process_owner() == name
