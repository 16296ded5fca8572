"""The one path from an event to a thread reply: claim the event, work off the ack path, post."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from typing import Any

from slack_bolt.request import BoltRequest
from slack_sdk import WebClient

from bot.answers.reply import Reply, to_slack
from bot.router.context import CommandContext
from bot.router.conversations import first_delivery
from bot.slack.deps import Deps

log = logging.getLogger(__name__)

# The work returns the thread to answer in and the reply, or None to stay silent.
Work = Callable[[CommandContext], tuple[str, Reply] | None]


def retry_number(request: BoltRequest | None) -> int:
    """Slack's X-Slack-Retry-Num (0 for a first delivery)."""
    if request is None:
        return 0
    values = request.headers.get("x-slack-retry-num") or ["0"]
    raw = values[0] if isinstance(values, list | tuple) else values
    return int(raw) if str(raw).isdigit() else 0


def answer_event(
    deps: Deps,
    client: WebClient,
    body: Mapping[str, Any],
    label: str,
    channel: str,
    work: Work,
    *,
    user: str = "",
    request: BoltRequest | None = None,
    pool: Executor | None = None,
) -> None:
    """Queue `work` on the answer pool (or `pool`); it runs once per event_id, even across
    restarts."""
    (pool or deps.pool).submit(_answer, deps, client, str(body.get("event_id") or ""), label, channel, work,
                     user, retry_number(request), time.monotonic())


def _answer(deps: Deps, client: WebClient, event_id: str, label: str, channel: str, work: Work,
            user: str, retry: int, started: float) -> None:
    status, outcome = "silent", None
    try:
        with deps.context(user) as ctx:
            if event_id and not first_delivery(ctx, event_id):
                log.info("event=%s request=%s retry=%d already answered", event_id, label, retry)
                return
            outcome = work(ctx)
        if outcome is not None:
            thread_ts, reply = outcome
            payload = to_slack(reply)
            payload.pop("response_type", None)
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, unfurl_links=False,
                                    unfurl_media=False, **payload)
            status = "posted"
    except Exception:
        status = "failed"
        log.exception("event=%s request=%s failed", event_id, label)
    log.info("event=%s request=%s user=%s retry=%d latency_ms=%d status=%s", event_id, label,
             user, retry, (time.monotonic() - started) * 1000, status)
