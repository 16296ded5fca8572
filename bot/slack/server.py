"""Running the Slack app: Socket Mode when SLACK_APP_TOKEN is set, else HTTP under gunicorn.

One gunicorn worker process (SQLite and the answer pool live in it) with gthread threads, so
acks keep flowing while answers are computed.
"""

from __future__ import annotations

import logging
from typing import Any

from gunicorn.app.base import BaseApplication
from slack_bolt import App

from bot.config import Settings
from bot.slack import wsgi
from bot.slack.app import create_app

log = logging.getLogger(__name__)

HTTP_THREADS = 8


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


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    return {
        "bind": f"0.0.0.0:{settings.port}",
        "workers": 1,
        "worker_class": "gthread",
        "threads": HTTP_THREADS,
        "timeout": 30,
        "accesslog": None,
        "loglevel": settings.log_level.lower(),
    }


def start_background_jobs(app: App) -> None:
    """The digest scheduler, for whichever process serves Slack (serve, or gunicorn's factory)."""
    digests = getattr(app, "digest_scheduler", None)
    if digests is not None:
        digests.start()


def serve(settings: Settings, *, app: App | None = None) -> None:
    """Serve until stopped. Raises ConfigError (with what to set) on bad Slack settings."""
    app = app or create_app(settings)
    start_background_jobs(app)
    if settings.slack_app_token:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        log.info("serving over Socket Mode")
        SocketModeHandler(app, settings.slack_app_token).start()
        return
    log.info("serving HTTP on port %d at %s", settings.port, wsgi.EVENTS_PATH)
    _Gunicorn(wsgi.create(settings, app=app), gunicorn_options(settings)).run()
