"""Serving the Slack app: Socket Mode when SLACK_APP_TOKEN is set, else HTTP under gunicorn.

HTTP mode is one WSGI application: Slack's requests at /slack/events, a health check at
/healthz. Gunicorn loads it through the factory `create()` (see Procfile):

    gunicorn 'bot.slack.server:create()' --worker-class gthread --threads 8 --bind 0.0.0.0:$PORT

One gunicorn worker process (SQLite and the answer pool live in it) with gthread threads, so
acks keep flowing while answers are computed.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable
from typing import Any

from gunicorn.app.base import BaseApplication
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.config import Settings, load_settings
from bot.ingest import warm_up
from bot.slack.app import create_app

log = logging.getLogger(__name__)

HTTP_THREADS = 8
EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
# Slack's requests are a few kilobytes (a slash command, an event, a button's payload). A
# larger body is refused before a byte of it is read, so unsigned junk cannot tie up threads.
MAX_BODY_BYTES = 1024 * 1024

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
        refusal = _body_refusal(environ)
        if refusal is not None:
            status, text = refusal
            log.warning("request refused unread status=%s length=%s", status,
                        environ.get("CONTENT_LENGTH"))
            body = text.encode()
            start_response(status, [("Content-Type", "text/plain; charset=utf-8"),
                                    ("Content-Length", str(len(body)))])
            return [body]
        return self._slack(environ, start_response)


def _body_refusal(environ: dict[str, Any]) -> tuple[str, str] | None:
    """(status, text) for a body refused before reading it — too large, or of unstated length
    (Slack always states it) — else None."""
    raw = str(environ.get("CONTENT_LENGTH") or "").strip()
    chunked = "chunked" in str(environ.get("HTTP_TRANSFER_ENCODING") or "").lower()
    if chunked and not raw:
        return "411 Length Required", "A Content-Length is required.\n"
    if not raw:
        return None
    if not raw.isdecimal():
        return "400 Bad Request", "Bad Content-Length.\n"
    if int(raw) > MAX_BODY_BYTES:
        return "413 Payload Too Large", f"Request bodies are limited to {MAX_BODY_BYTES} bytes.\n"
    return None


def create(settings: Settings | None = None, *, app: App | None = None) -> NewsdeskWSGI:
    """The WSGI app over `app`, or over a new `create_app(settings)` (settings from the environment).

    Given no app, this is the production entry point (the Procfile's gunicorn): it also starts
    the digest scheduler in this process, which is the worker (gunicorn calls the factory in
    each worker unless told to preload; with --preload it is the master, so every forked
    child starts its own as well). A lease in the DB lets one process run the schedules.
    """
    settings = settings or load_settings()
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    if app is None:
        app = create_app(settings)
        start_background_jobs(app)
        built = app
        os.register_at_fork(after_in_child=lambda: start_background_jobs(built))
    return NewsdeskWSGI(app)


class _Gunicorn(BaseApplication):
    """gunicorn serving one already-built WSGI app (built before forking: errors show at once)."""

    def __init__(self, application: Any, options: dict[str, Any]) -> None:
        self._application = application
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self._application


def gunicorn_options(settings: Settings, app: App | None = None) -> dict[str, Any]:
    """gunicorn's settings; with `app`, its background jobs start in the worker after the fork
    (a thread started in the master before forking does not exist in the worker)."""
    hooks = {"post_worker_init": lambda worker: start_background_jobs(app)} if app else {}
    return {
        "bind": f"0.0.0.0:{settings.port}",
        "workers": 1,
        "worker_class": "gthread",
        "threads": HTTP_THREADS,
        "timeout": 30,
        "accesslog": None,
        "loglevel": settings.log_level.lower(),
        **hooks,
    }


def start_background_jobs(app: App) -> None:
    """In the process that serves Slack: the digest scheduler's loop, and the warm-up of file
    reading in a thread of its own (idempotent)."""
    digests = getattr(app, "digest_scheduler", None)
    if digests is not None:
        digests.start()
    threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()


def _warm_up() -> None:
    try:
        warm_up()
    except Exception:  # the first file will pay for it instead; nothing is lost
        log.exception("warming up file reading failed")


def serve(settings: Settings, *, app: App | None = None) -> None:
    """Serve until stopped. Raises ConfigError (with what to set) on bad Slack settings."""
    app = app or create_app(settings)
    if settings.slack_app_token:
        start_background_jobs(app)
        log.info("serving over Socket Mode")
        SocketModeHandler(app, settings.slack_app_token).start()
        return
    log.info("serving HTTP on port %d at %s", settings.port, EVENTS_PATH)
    _Gunicorn(create(settings, app=app), gunicorn_options(settings, app)).run()
