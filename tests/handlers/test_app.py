"""The app factory: clear start-up errors, the Web API client's retries, the Procfile's server."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler

from bot.config import ConfigError, Settings
from bot.slack.app import create_app
from bot.slack.server import gunicorn_options
from db.connection import open_db
from tests.handlers.conftest import BOT_TOKEN, SECRET, SlackHTTP, add_documents, serve

ROOT = Path(__file__).resolve().parents[2]


def test_missing_bot_token_says_what_to_set(settings):
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN is not set"):
        create_app(settings.with_overrides(slack_bot_token=""))


def test_a_user_token_is_refused_without_echoing_it(settings):
    with pytest.raises(ConfigError, match="xoxb-") as err:
        create_app(settings.with_overrides(slack_bot_token="xoxp-123-secretpart"))
    assert "secretpart" not in str(err.value)


def test_http_mode_needs_a_signing_secret(settings):
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET") as err:
        create_app(settings.with_overrides(slack_signing_secret=""))
    assert "SLACK_APP_TOKEN" in str(err.value)


def test_app_token_must_be_an_app_level_token(settings):
    with pytest.raises(ConfigError, match="xapp-"):
        create_app(settings.with_overrides(slack_app_token="xoxb-wrong-kind"))


def test_socket_mode_needs_no_signing_secret(settings, fake_slack, nlp):
    app = create_app(settings.with_overrides(slack_signing_secret="", slack_app_token="xapp-1-x"), nlp=nlp)
    assert app.client.token == BOT_TOKEN
    assert fake_slack.calls_to("auth.test")


def test_a_token_slack_rejects_is_a_config_error(settings, fake_slack):
    fake_slack.error_next("auth.test", "invalid_auth")
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN.*invalid_auth"):
        create_app(settings)


def test_client_talks_to_the_configured_api_and_retries_after_429(app, fake_slack):
    fake_slack.fail_next("chat.postMessage", status=429, retry_after=1)
    result = app.client.chat_postMessage(channel="C0CHAN", text="tide table")
    assert result["ok"]
    calls = fake_slack.calls_to("chat.postMessage")
    assert [c.status for c in calls] == [429, 200]
    assert calls[-1].headers["authorization"] == f"Bearer {BOT_TOKEN}"
    assert any(isinstance(h, ConnectionErrorRetryHandler) for h in app.client.retry_handlers)


def test_gunicorn_runs_enough_threads():
    options = gunicorn_options(Settings(port=4321))
    assert options["worker_class"] == "gthread" and options["threads"] >= 8
    assert options["bind"].endswith(":4321")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_procfile_web_process_serves_slack_and_health(fake_slack, db_path):
    """Run the Procfile's gunicorn line for real, against the fake Slack."""
    line = (ROOT / "Procfile").read_text().split("web:", 1)[1].strip()
    port = _free_port()
    args = shlex.split(line.replace("$PORT", str(port)).replace("0.0.0.0", "127.0.0.1"))
    assert args[0] == "gunicorn"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "NEWSDESK_"))}
    env |= {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake_slack.api_url, "NEWSDESK_DB": str(db_path)}
    proc = subprocess.Popen([sys.executable, "-m", *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as resp:
                    assert (resp.status, resp.read()) == (200, b"ok")
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail(f"gunicorn did not come up: {proc.stderr.read1().decode()}")
                time.sleep(0.2)
        response, path = SlackHTTP(base, fake_slack).command("/newsdesk", "help")
        assert response.status == 200
        assert "/timeline" in str(fake_slack.wait_for(path)[0].params)
    finally:
        proc.terminate()
        proc.wait(10)


def test_an_injected_connection_is_shared_safely_between_threads(settings, fake_slack, db_path, nlp):
    add_documents(db_path, ["Breakwater repairs"])
    db = open_db(db_path, check_same_thread=False)
    app = create_app(settings.with_overrides(db_path=db_path.parent / "unused.sqlite"), db=db, nlp=nlp)
    with serve(app, settings, fake_slack) as http:
        paths = [http.command("/newsdesk", "docs")[1] for _ in range(6)]
        for path in paths:
            assert "Breakwater repairs" in str(fake_slack.wait_for(path)[0].params)
    assert not (db_path.parent / "unused.sqlite").exists()
