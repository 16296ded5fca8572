"""The one path from an event to a thread reply: take the event on, work off the ack path,
deliver the reply (once, with retries); the event is done only when its answer is out."""

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
from bot.slack.delivery import ChannelTarget, current_request, deliver, replaying, request_key
from bot.slack.deps import Deps
from db.deliveries import get_delivery

log = logging.getLogger(__name__)

# The work returns the thread to answer in and the reply, or None to stay silent.
Work = Callable[[CommandContext], tuple[str, Reply] | None]


def retry_number(request: BoltRequest | None) -> int:
    """Slack's X-Slack-Retry-Num (0 for a first delivery)."""
    if request is None:
        return 0
    values = request.headers.get("x-slack-retry-num") or ["0"]
    raw = values[0] if isinstance(values, list | tuple) else values
    return int(raw) if str(raw).isdecimal() else 0


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
    """Queue `work` on the answer pool; its answer is posted once per event_id, even across
    Slack's retries, restarts and crashes (see bot.slack.inbox)."""
    key = request_key({"event_id": body.get("event_id")}) if body.get("event_id") else None
    retry = retry_number(request)
    if key:
        raw_key = request_key(request.body) if request is not None else None
        with deps.context(user) as ctx:
            state = deps.inbox.receive(ctx.db, key, raw_key)
        if state in ("busy", "done"):
            log.info("event=%s request=%s retry=%d %s", key, label, retry,
                     "already answered" if state == "done" else "being answered")
            return
    (pool or deps.pool).submit(_answer, deps, client, key, label, channel, work, user, retry,
                     time.monotonic())


def _answer(deps: Deps, client: WebClient, key: str | None, label: str, channel: str, work: Work,
            user: str, retry: int, started: float) -> None:
    status, outcome, attempts = "silent", None, 0
    token, replay = current_request.set(key), replaying.set(False)
    try:
        with deps.context(user) as ctx:
            done = get_delivery(ctx.db, key) if key else None
            if done and done["status"] == "delivered":
                status = "already delivered"
                return
            replaying.set(bool(key) and deps.inbox.replayed(ctx.db, key))
            outcome = work(ctx)
            if outcome is not None:
                thread_ts, reply = outcome
                payload = {**to_slack(reply), "unfurl_links": False, "unfurl_media": False}
                payload.pop("response_type", None)
                delivery = deliver(lambda: ctx.db, key or f"event:{started}", ChannelTarget(
                    client, channel, thread_ts), payload, policy=deps.policy)
                status, attempts = delivery.status, delivery.attempts
    except Exception:  # the work failed: Slack's retry of the event may fare better
        status = "failed"
        log.exception("event=%s request=%s failed", key, label)
    finally:
        current_request.reset(token)
        replaying.reset(replay)
        if key:
            with deps.context(user) as ctx:
                deps.inbox.finish(ctx.db, key, answered=status not in ("failed",))
        log.info("event=%s request=%s user=%s retry=%d latency_ms=%d status=%s attempts=%d", key,
                 label, user, retry, (time.monotonic() - started) * 1000, status, attempts)
