"""Requests not signed by Slack (or replayed later) are refused before any listener runs."""

from __future__ import annotations

import time
from urllib.parse import urlencode


def test_forged_signature_is_refused(http, fake_slack):
    response, path = http.command("/newsdesk", "help", secret="someone-elses-secret")
    assert response.status == 401
    time.sleep(0.3)
    assert fake_slack.calls_to(path) == []


def test_stale_timestamp_is_refused(http, fake_slack):
    response, path = http.command("/newsdesk", "help", timestamp=int(time.time()) - 600)
    assert response.status == 401
    time.sleep(0.3)
    assert fake_slack.calls_to(path) == []


def test_unsigned_request_is_refused(http):
    response = http.post(urlencode({"command": "/newsdesk", "text": "help"}), signature="v0=00")
    assert response.status == 401


def test_healthz_answers_ok(http):
    response = http.get("/healthz")
    assert (response.status, response.body) == (200, "ok")


def test_other_paths_are_not_found(http):
    assert http.get("/slack/other").status == 404
