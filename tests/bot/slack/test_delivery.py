"""bot.slack.delivery: post_digest against the fake Slack Web API, waits injected (no sleeping).

tests/bot/slack/test_scheduler.py drives it through the scheduler; these call it directly and
check each rule on its own: what is waited, how often it is tried, what is reported.
"""

from __future__ import annotations

import socket

import pytest
from slack_sdk import WebClient

from bot.answers.chart import Chart
from bot.answers.reply import notice
from bot.slack import delivery
from bot.slack.delivery import post_digest
from tests.fake_slack import FakeSlack

CHANNEL = "C0DIGEST"
REPLY = notice("*Digest* — three new articles.", ephemeral=False)
CHART = Chart(png=b"\x89PNG\r\n\x1a\n not really a picture", filename="mentions.png",
              title="Mentions over time")


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def client(slack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=slack.api_url)


@pytest.fixture
def sleeps() -> list[float]:
    return []


def post(client, sleeps, **kw):
    return post_digest(client, CHANNEL, REPLY, sleep=sleeps.append, **kw)


def statuses(slack) -> list[int]:
    return [c.status for c in slack.calls_to("chat.postMessage")]


def test_a_digest_is_posted_once_visibly_without_unfurls(slack, client, sleeps):
    result = post(client, sleeps)
    assert (result.status, result.attempts, result.error, result.chart_posted) == (
        "posted", 1, None, False)
    (call,) = slack.calls_to("chat.postMessage")
    assert call.params["channel"] == CHANNEL and "three new articles" in call.params["text"]
    assert "Digest" in str(call.params["blocks"])
    assert str(call.params["unfurl_links"]).lower() in ("false", "0")
    assert result.ts and sleeps == []
    assert slack.calls_to("chat.postEphemeral") == []


def test_a_429_waits_its_retry_after_then_posts(slack, client, sleeps):
    slack.fail_next("chat.postMessage", status=429, retry_after=7)
    result = post(client, sleeps)
    assert (result.status, result.attempts) == ("posted", 2)
    assert sleeps == [7.0]
    assert statuses(slack) == [429, 200]


def test_a_long_retry_after_is_capped(slack, client, sleeps):
    slack.fail_next("chat.postMessage", status=429, retry_after=3600)
    assert post(client, sleeps).status == "posted"
    assert sleeps == [delivery.MAX_WAIT_SECONDS]


def test_a_429_without_retry_after_backs_off(slack, client, sleeps):
    slack.fail_next("chat.postMessage", status=429, retry_after=None)
    assert post(client, sleeps).status == "posted"
    assert sleeps == [delivery.BACKOFF_SECONDS]


def test_a_server_error_backs_off_and_retries(slack, client, sleeps):
    slack.fail_next("chat.postMessage", status=503, retry_after=None)
    slack.fail_next("chat.postMessage", status=500, retry_after=None)
    result = post(client, sleeps)
    assert (result.status, result.attempts) == ("posted", 3)
    assert sleeps == [delivery.BACKOFF_SECONDS, 2 * delivery.BACKOFF_SECONDS]
    assert statuses(slack) == [503, 500, 200]


def test_server_errors_until_the_last_attempt_fail_without_a_last_wait(slack, client, sleeps):
    for _ in range(3):
        slack.fail_next("chat.postMessage", status=502, retry_after=None)
    result = post(client, sleeps, max_attempts=3)
    assert (result.status, result.attempts) == ("failed", 3)
    assert result.error and result.ts is None
    assert sleeps == [2.0, 4.0]  # 2 s, then doubled; none after the last attempt
    assert statuses(slack) == [502, 502, 502]


@pytest.mark.parametrize("error", sorted(delivery.GONE_ERRORS))
def test_a_channel_the_bot_cannot_post_in_is_gone_and_never_retried(slack, client, sleeps, error):
    slack.error_next("chat.postMessage", error)
    result = post(client, sleeps, chart=CHART)
    assert (result.status, result.attempts, result.error) == ("gone", 1, error)
    assert sleeps == [] and len(slack.calls_to("chat.postMessage")) == 1
    assert slack.calls_to("files.getUploadURLExternal") == []


def test_an_error_that_retrying_cannot_fix_fails_at_once(slack, client, sleeps):
    slack.error_next("chat.postMessage", "invalid_blocks")
    result = post(client, sleeps)
    assert (result.status, result.attempts, result.error) == ("failed", 1, "invalid_blocks")
    assert sleeps == [] and len(slack.calls_to("chat.postMessage")) == 1


def test_a_dropped_connection_backs_off_and_fails_with_its_kind(sleeps):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = WebClient(token="xoxb-test", base_url=f"http://127.0.0.1:{port}/api/",
                       retry_handlers=[])
    result = post(client, sleeps, max_attempts=2)
    assert (result.status, result.attempts) == ("failed", 2)
    assert result.error == "URLError"
    assert sleeps == [delivery.BACKOFF_SECONDS]


def test_the_chart_is_uploaded_to_the_channel_after_the_message(slack, client, sleeps):
    result = post(client, sleeps, chart=CHART)
    assert result.status == "posted" and result.chart_posted
    (upload,) = slack.calls_to("upload")
    assert upload.params["bytes"] == CHART.png
    (complete,) = slack.calls_to("files.completeUploadExternal")
    assert complete.params["channel_id"] == CHANNEL
    order = [c.method for c in slack.calls]
    assert order.index("chat.postMessage") < order.index("files.getUploadURLExternal")


@pytest.mark.parametrize("step", ["files.getUploadURLExternal", "files.completeUploadExternal"])
def test_a_failed_chart_upload_does_not_fail_the_digest(slack, client, sleeps, step):
    slack.error_next(step, "not_allowed_token_type")
    result = post(client, sleeps, chart=CHART)
    assert (result.status, result.attempts, result.chart_posted) == ("posted", 1, False)
    assert result.ts and len(slack.calls_to("chat.postMessage")) == 1
