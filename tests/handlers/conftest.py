"""The Bolt app served over real HTTP on 127.0.0.1, talking to a fake Slack, with signed requests."""

from __future__ import annotations

import contextlib
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from slack_sdk.signature import SignatureVerifier

from bot.answers.reply import Reply
from bot.config import Settings
from bot.slack.app import create_app
from bot.slack.server import create as create_wsgi
from tests.fake_slack import FakeSlack

SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token-0000"


def slash_command(command: str, text: str, response_url: str, *,
                  user_id: str = "U0ASKER") -> dict[str, str]:
    """The fields Slack sends for a slash command (form-encoded over HTTP, JSON in Socket Mode)."""
    return {
        "token": "legacy", "team_id": "T0FAKE", "team_domain": "fake", "channel_id": "C0CHAN",
        "channel_name": "news", "user_id": user_id, "user_name": "asker",
        "command": command, "text": text, "api_app_id": "A0APP", "response_url": response_url,
        "trigger_id": "1.2.3",
    }


def event_callback(event: dict[str, Any], event_id: str) -> dict[str, Any]:
    """An Events API envelope around `event`, as Slack sends it (over HTTP or Socket Mode)."""
    return {
        "token": "legacy", "team_id": "T0FAKE", "api_app_id": "A0APP", "type": "event_callback",
        "event_id": event_id, "event_time": int(time.time()), "event": event,
        "authorizations": [{"team_id": "T0FAKE", "user_id": "U0BOT", "is_bot": True}],
    }


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@dataclass
class Response:
    status: int
    body: str
    seconds: float


class SlackHTTP:
    """Sends Slack-shaped, signed requests to the app under test."""

    def __init__(self, base: str, slack: FakeSlack) -> None:
        self.base = base
        self.slack = slack
        self._n = 0

    def next_response_url(self) -> tuple[str, str]:
        self._n += 1
        path = f"/response/{self._n}"
        return path, self.slack.url + path

    def post(self, body: str, *, secret: str = SECRET, timestamp: int | None = None,
             signature: str | None = None, content_type: str = "application/x-www-form-urlencoded",
             headers: dict[str, str] | None = None) -> Response:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        sig = signature or SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
        request = urllib.request.Request(
            self.base + "/slack/events", data=body.encode("utf-8"), method="POST",
            headers={"Content-Type": content_type, "X-Slack-Request-Timestamp": ts,
                     "X-Slack-Signature": sig, **(headers or {})},
        )
        return self._open(request)

    def event(self, event: dict[str, Any], *, event_id: str | None = None,
              retry: int | None = None) -> tuple[Response, str]:
        """POST an Events API callback (JSON); `retry` sets X-Slack-Retry-Num as Slack does."""
        self._n += 1
        event_id = event_id or f"Ev{uuid.uuid4().hex[:12].upper()}"
        body = json.dumps(event_callback(event, event_id))
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} \
            if retry else {}
        return self.post(body, content_type="application/json", headers=headers), event_id

    def get(self, path: str) -> Response:
        return self._open(urllib.request.Request(self.base + path))

    def _open(self, request: urllib.request.Request) -> Response:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=10) as resp:
                return Response(resp.status, resp.read().decode(), time.monotonic() - started)
        except urllib.error.HTTPError as err:
            return Response(err.code, err.read().decode(), time.monotonic() - started)

    def command(self, command: str, text: str, *, user_id: str = "U0ASKER",
                **kw: Any) -> tuple[Response, str]:
        """POST a slash command; returns the HTTP response and the response_url path it carries."""
        path, url = self.next_response_url()
        body = urlencode(slash_command(command, text, url, user_id=user_id))
        return self.post(body, **kw), path

    def click(self, action_id: str, value: str) -> tuple[Response, str]:
        """POST a block_actions payload for a button click on an ephemeral message."""
        path, url = self.next_response_url()
        payload = {
            "type": "block_actions", "team": {"id": "T0FAKE"}, "user": {"id": "U0ASKER"},
            "api_app_id": "A0APP", "token": "legacy", "trigger_id": "1.2.3",
            "container": {"type": "message", "is_ephemeral": True, "channel_id": "C0CHAN"},
            "channel": {"id": "C0CHAN", "name": "news"}, "response_url": url,
            "actions": [{"type": "button", "action_id": action_id, "block_id": "newsdesk_buttons",
                         "value": value, "action_ts": str(time.time())}],
        }
        return self.post(urlencode({"payload": json.dumps(payload)})), path


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as slack:
        yield slack


@pytest.fixture
def settings(fake_slack, db_path) -> Settings:
    return Settings(
        db_path=db_path, slack_bot_token=BOT_TOKEN, slack_signing_secret=SECRET,
        slack_api_url=fake_slack.api_url,
    )


@pytest.fixture
def app(settings, nlp):
    return create_app(settings, nlp=nlp)


@contextlib.contextmanager
def serve(app, settings: Settings, slack: FakeSlack) -> Iterator[SlackHTTP]:
    """The WSGI app (the same object gunicorn serves) on a threaded wsgiref server, port 0."""
    server = make_server("127.0.0.1", 0, create_wsgi(settings, app=app),
                         server_class=_ThreadingWSGIServer, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield SlackHTTP(f"http://127.0.0.1:{server.server_port}", slack)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def http(app, settings, fake_slack) -> Iterator[SlackHTTP]:
    with serve(app, settings, fake_slack) as client:
        yield client


# ------------------------------------------------------------------ real articles, a slow search


def ferry_article(n_sentences: int = 12) -> str:
    """An article whose every sentence mentions ferries, each with its own pier number."""
    sentences = [f"The ferry to pier {i} left on time while inspectors checked the hull."
                 for i in range(1, n_sentences + 1)]
    return ("Ferry services resume across the bay\n\nMarch 2, 2021\n\n"
            + "\n\n".join(" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)))


@pytest.fixture
def ingest(tmp_path, db_path, nlp):
    """Write articles to files and ingest them with the real pipeline into the app's store."""
    from bot.ingest import ingest_paths
    from db.connection import open_db

    def run(articles: dict[str, str]) -> None:
        folder = tmp_path / "articles"
        folder.mkdir(exist_ok=True)
        for name, text in articles.items():
            (folder / name).write_text(text, encoding="utf-8")
        db = open_db(db_path)
        summary = ingest_paths(db, [folder], nlp=nlp)
        assert summary.failed == 0, summary.outcomes
        db.close()

    return run


class SearchGate:
    """Lets a test hold answers to "/search slow …" until it opens the gate."""

    def __init__(self) -> None:
        self.open = threading.Event()


@pytest.fixture
def search_gate(monkeypatch) -> Iterator[SearchGate]:
    """Wraps the real /search answer: "slow …" waits for the gate, "explode" raises."""
    from dataclasses import replace

    from bot.router.commands import COMMANDS

    gate = SearchGate()
    real = COMMANDS["search"].answer

    def gated(ctx, query: str, page: int) -> Reply:
        if query.startswith("slow"):
            gate.open.wait(10)
        if query == "explode":
            raise RuntimeError("the query function failed")
        return real(ctx, query, page)

    monkeypatch.setitem(COMMANDS, "search", replace(COMMANDS["search"], answer=gated))
    yield gate
    gate.open.set()


def add_documents(db_path, titles: list[str], **fields: Any) -> None:
    """Store bare documents (no analysis) with the given titles, like an ingest would."""
    from db.connection import open_db

    db = open_db(db_path)
    for i, title in enumerate(titles):
        db["documents"].insert({
            "path": f"/articles/{i}.txt", "content_hash": f"hash{i}", "title": title,
            "body": f"Body of {title}", "source": fields.get("source", "The Harbour Gazette"),
            "date": f"2023-04-{i % 28 + 1:02d}", "date_kind": "given", "words": 120 + i,
            "format": "txt",
        })
    db.close()


def payload_of(call) -> dict[str, Any]:
    """A response_url POST's JSON body."""
    return call.params
