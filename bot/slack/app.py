"""The one app factory: `create_app(settings)` builds the Bolt App. Nothing else creates one.

    app = create_app(load_settings())                      # production
    app = create_app(settings, client=fake_client, db=db)  # tests
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltResponse, Respond
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from sqlite_utils import Database

import handlers
from bot.config import ConfigError, Settings
from bot.pipeline.nlp import load_nlp
from bot.slack.deps import Deps
from bot.slack.inbox import replay_orphans
from bot.slack.scheduler import DigestScheduler

log = logging.getLogger(__name__)

ERROR_TEXT = "Sorry — something went wrong on my side. It has been logged; please try again."
# Bolt's own pool only runs the (instant) ack listeners; answers run on Deps.pool.
ACK_THREADS = 8


def check_slack_settings(settings: Settings) -> None:
    """Raise ConfigError, saying what to set, unless the Slack settings can work."""
    token = settings.slack_bot_token
    if not token:
        raise ConfigError(
            "SLACK_BOT_TOKEN is not set. Set it to your Slack app's Bot User OAuth Token "
            "(xoxb-…, under OAuth & Permissions at https://api.slack.com/apps)."
        )
    if not token.startswith("xoxb-"):
        raise ConfigError(
            f"SLACK_BOT_TOKEN should be a Bot User OAuth Token starting with xoxb-, "
            f"not one starting with {token.split('-', 1)[0][:4]!r}."
        )
    app_token = settings.slack_app_token
    if app_token and not app_token.startswith("xapp-"):
        raise ConfigError(
            "SLACK_APP_TOKEN should be an app-level token starting with xapp- "
            "(Basic Information → App-Level Tokens, scope connections:write), or unset for HTTP mode."
        )
    if not app_token and not settings.slack_signing_secret:
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not set. Set it (Basic Information → App Credentials → "
            "Signing Secret) to receive requests over HTTP, or set SLACK_APP_TOKEN (xapp-…) "
            "to use Socket Mode instead."
        )


def build_client(settings: Settings) -> WebClient:
    """The Web API client: Slack's URL from settings; retries on 429 and dropped connections.

    Those retries are for reads; posts go through `bot.slack.delivery`, which never retries
    a post blindly (a dropped connection may have posted it already).
    """
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=int(settings.slack_timeout),
        retry_handlers=[
            RateLimitErrorRetryHandler(max_retry_count=2),
            ConnectionErrorRetryHandler(max_retry_count=2),
        ],
    )


def create_app(
    settings: Settings,
    *,
    client: WebClient | None = None,
    db: Database | None = None,
    nlp: Any = None,
) -> App:
    """The Bolt app with every listener registered. Raises ConfigError on bad Slack settings.

    `client` replaces the Web API client (tests point one at a fake Slack); `db` replaces the
    per-thread connections to settings.db_path (it must then allow use from other threads);
    `nlp` is the loaded spaCy pipeline (loaded by its configured name when not given).
    """
    check_slack_settings(settings)
    if client is None:
        client = build_client(settings)
    elif not client.token:
        client.token = settings.slack_bot_token
    try:
        app = App(
            client=client,
            signing_secret=settings.slack_signing_secret,
            process_before_response=False,
            listener_executor=ThreadPoolExecutor(ACK_THREADS, thread_name_prefix="ack"),
        )
    except BoltError as err:
        raise ConfigError(
            f"Slack did not accept SLACK_BOT_TOKEN ({err}). Check the token, and that the app "
            "is installed in the workspace."
        ) from None
    # The spaCy pipeline is loaded once here, for files shared in Slack and document corrections.
    deps = Deps.build(settings, db=db, nlp=nlp if nlp is not None else load_nlp(settings.spacy_model))
    # Built here, started only in the serving process (tests drive it themselves): see
    # bot/slack/scheduler.py. Its leader also replays requests a dead process left unanswered.
    deps.digests = DigestScheduler(deps.connect, client, settings, policy=deps.policy,
                                   recover=lambda: replay_orphans(app, deps.connect))
    app.digest_scheduler = deps.digests
    app.use(deps.inbox.middleware)
    app.error(_on_error)
    handlers.register(app, deps)
    log.info("slack app ready mode=%s", "socket" if settings.slack_app_token else "http")
    return app


def _on_error(
    error: Exception, logger: logging.Logger, respond: Respond | None = None
) -> BoltResponse:
    """The one error handler: log the trace, tell the user politely if we can reach them."""
    logger.error("unhandled error in listener: %s", error, exc_info=error)
    if respond is not None:
        try:
            respond(text=ERROR_TEXT, response_type="ephemeral", replace_original=False)
        except Exception:
            logger.exception("could not send the error reply")
    return BoltResponse(status=200, body="")
