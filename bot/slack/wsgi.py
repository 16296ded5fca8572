"""The WSGI application for HTTP mode: Slack's requests at /slack/events, a health check at /healthz.

Gunicorn loads it through the factory (see Procfile):

    gunicorn 'bot.slack.wsgi:create()' --worker-class gthread --threads 8 --bind 0.0.0.0:$PORT
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.config import Settings, load_settings
from bot.slack.app import create_app

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

StartResponse = Callable[..., Any]


class NewsdeskWSGI:
    """Routes /healthz itself and everything else to Bolt's WSGI handler."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "2")])
            return [b"ok"]
        return self._slack(environ, start_response)


def create(settings: Settings | None = None, *, app: App | None = None) -> NewsdeskWSGI:
    """The WSGI app over `app`, or over a new `create_app(settings)` (settings from the environment).

    Given no app, this is the production entry point (the Procfile's gunicorn): it also starts
    the digest scheduler, as `newsdesk serve` does. A runs table makes each digest go out once
    even if several workers each start one.
    """
    settings = settings or load_settings()
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    if app is None:
        from bot.slack.server import start_background_jobs

        app = create_app(settings)
        start_background_jobs(app)
    return NewsdeskWSGI(app)
