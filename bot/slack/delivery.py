"""The one way out: every post to Slack (answers, thread replies, file receipts, digests).

    deliver(connect, "event:Ev1", ChannelTarget(client, "C1", "1700.1"), payload)
    deliver(connect, "url:3f2a…", ResponseTarget("https://hooks.slack.com/…"), payload)

At least once: a 429 waits for its Retry-After, a 5xx or a refused connection backs off and
tries again, until a deadline (`bot.slack.retries`). Exactly once as the user sees it: the ledger (`db.deliveries`)
records each delivery by the request's key, so a delivered key is never posted again; and when
a try may have reached Slack without our knowing (a timeout, a dropped connection, a crash),
the next try first looks for the message by the key it carries in its `metadata`
(`conversations.replies` / `conversations.history`). A response_url cannot be read back: there
the next try replaces what the ambiguous one may have shown (`replace_original`).

Reads (files.info, conversations.*, downloads) are safe to repeat: `read_with_retries` retries
them on the same errors without any ledger. The token only goes to the client's own API URL
(a response_url gets no token; a chart's upload URL gets only the bytes).
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import os
import socket
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient
from sqlite_utils import Database

from bot.answers.chart import Chart
from bot.answers.reply import Reply, to_slack
from bot.slack.retries import (
    DEFAULT_POLICY,
    Failure,
    RetryPolicy,
    api_failure,
    connection_failure,
    http_failure,
    read_with_retries,
)
from db import deliveries as ledger

log = logging.getLogger(__name__)

GONE_ERRORS = frozenset({"not_in_channel", "channel_not_found", "is_archived"})
METADATA_EVENT = "newsdesk_delivery"
T = TypeVar("T")
# The key of the Slack request being answered on this thread (set by the answer path), so work
# that posts on its own (`/digest` now) is keyed by the request, and a replay posts once.
current_request: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "current_request", default=None)
# True while a request left by a dead process is answered again (see bot.slack.inbox).
replaying: contextvars.ContextVar[bool] = contextvars.ContextVar("replaying", default=False)


@dataclass(frozen=True)
class Delivery:
    status: str  # posted | failed | gone
    attempts: int
    ts: str | None = None
    error: str | None = None
    chart_posted: bool = False
    already: bool = False  # it had been delivered before this call: nothing was posted now


# ---------------------------------------------------------------- who is posting


_OWNER: tuple[int, str] | None = None


def process_owner() -> str:
    """This process's name in leases and claims (host, pid and a random part; new after fork)."""
    global _OWNER
    if _OWNER is None or _OWNER[0] != os.getpid():
        _OWNER = (os.getpid(), f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}")
    return _OWNER[1]


ALIVE_SECONDS = 10.0  # a process that has not said it is alive for this long is taken for dead


def keep_alive(db: Database) -> str:
    """Say this process is alive (its claims are not stale) for ALIVE_SECONDS; its name."""
    owner = process_owner()
    ledger.keep_alive(db, owner, ttl=ALIVE_SECONDS, now=time.time())
    return owner


def request_key(body: Mapping[str, Any]) -> str | None:
    """The key of a Slack request the bot answers: its event id, or its response_url's hash.

    >>> request_key({"event_id": "Ev1"})
    'event:Ev1'
    >>> request_key({"response_url": "https://hooks.slack.com/x"})[:4]
    'url:'
    """
    if body.get("event_id"):
        return f"event:{body['event_id']}"
    url = body.get("response_url")
    if url:
        return "url:" + hashlib.sha256(str(url).encode()).hexdigest()[:24]
    return None


# ---------------------------------------------------------------- where a post goes


class Target(Protocol):
    def describe(self) -> str: ...

    def post(self, payload: dict[str, Any], key: str, *, after_ambiguous: bool,
             attempt: int, policy: RetryPolicy) -> str | None:
        """Post once; the message ts (if Slack says it), or raise Failure."""

    def find(self, key: str, since: float, policy: RetryPolicy) -> str | None:
        """The ts of a message already carrying `key`, '' if it cannot be known, None if absent."""


def bare_client(client: WebClient, timeout: float | None = None) -> WebClient:
    """`client` without its own retry handlers: a blind retry of a post may post twice."""
    return WebClient(token=client.token, base_url=client.base_url,
                     timeout=int(timeout or client.timeout), headers=client.headers,
                     ssl=client.ssl, proxy=client.proxy, retry_handlers=[])


@dataclass
class ChannelTarget:
    """A message in a channel (`thread_ts` empty) or a reply in a thread, by chat.postMessage."""

    client: WebClient
    channel: str
    thread_ts: str = ""
    _bare: WebClient | None = field(default=None, repr=False)

    def describe(self) -> str:
        return f"{self.channel}/{self.thread_ts}" if self.thread_ts else self.channel

    def post(self, payload: dict[str, Any], key: str, *, after_ambiguous: bool,
             attempt: int, policy: RetryPolicy) -> str | None:
        if self._bare is None:
            self._bare = bare_client(self.client)
        body = {k: v for k, v in payload.items() if k not in ("response_type", "replace_original",
                                                              "delete_original")}
        if self.thread_ts:
            body["thread_ts"] = self.thread_ts
        try:
            response = self._bare.chat_postMessage(
                channel=self.channel, metadata={"event_type": METADATA_EVENT,
                                                "event_payload": {"key": key}}, **body)
        except SlackApiError as err:
            raise api_failure(err, attempt, policy) from None
        except OSError as err:
            raise connection_failure(err, attempt, policy) from None
        return response.get("ts")

    def find(self, key: str, since: float, policy: RetryPolicy) -> str | None:
        if self.thread_ts:
            def read() -> Any:
                return self.client.conversations_replies(
                    channel=self.channel, ts=self.thread_ts, include_all_metadata=True, limit=200)
        else:
            def read() -> Any:
                return self.client.conversations_history(
                    channel=self.channel, oldest=f"{since - 60:.6f}", include_all_metadata=True,
                    limit=200)
        try:
            response = read_with_retries(read, "find", policy=policy)
        except (SlackApiError, OSError) as err:
            log.warning("delivery key=%s could not be looked for: %s", key, err)
            return ""
        for message in response.get("messages") or ():
            meta = message.get("metadata") or {}
            if meta.get("event_type") == METADATA_EVENT and \
                    (meta.get("event_payload") or {}).get("key") == key:
                return str(message.get("ts") or "")
        return None


@dataclass(frozen=True)
class ResponseTarget:
    """A slash command's or a button's response_url (no token is ever sent there)."""

    url: str
    timeout: float = 15.0

    def describe(self) -> str:
        return "response_url"

    def post(self, payload: dict[str, Any], key: str, *, after_ambiguous: bool,
             attempt: int, policy: RetryPolicy) -> str | None:
        body = dict(payload)
        if after_ambiguous and not body.get("delete_original"):
            body["replace_original"] = True  # what the lost try may have shown is replaced
        client = WebhookClient(self.url, timeout=int(max(1, self.timeout)), retry_handlers=[])
        try:
            response = client.send_dict(body)
        except OSError as err:
            raise connection_failure(err, attempt, policy) from None
        if response.status_code != 200:
            raise http_failure(response.status_code, response.headers, response.body, attempt,
                               policy)
        return None

    def find(self, key: str, since: float, policy: RetryPolicy) -> str | None:
        return ""  # a response_url cannot be read back


# ---------------------------------------------------------------- the delivery


def deliver(
    connect: Callable[[], Database],
    key: str,
    target: Target,
    payload: dict[str, Any],
    *,
    policy: RetryPolicy = DEFAULT_POLICY,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.time,
) -> Delivery:
    """Post `payload` to `target` once for `key`, whatever fails on the way (see the module)."""
    owner = process_owner()
    started = clock()
    before = ledger.start_delivery(connect(), key, target.describe(), owner, now=started)
    if before and before["status"] == "delivered":
        log.info("delivery key=%s already delivered ts=%s", key, before["ts"])
        return Delivery("posted", 0, ts=before["ts"], already=True)
    attempts = int(before["attempts"] or 0) if before else 0
    ambiguous = bool(before and (before["ambiguous"] or before["status"] == "sending"))
    error = ""
    while True:
        if ambiguous:
            found = target.find(key, float(before["started_at"] if before else started), policy)
            if found:
                log.info("delivery key=%s found after an ambiguous try ts=%s", key, found)
                ledger.finish_delivery(connect(), key, "delivered", now=clock(), ts=found,
                                       attempts=attempts)
                return Delivery("posted", attempts, ts=found)
            ambiguous = found == ""  # unknown stays ambiguous; absent is clean
        attempts += 1
        ledger.note_attempt(connect(), key, ambiguous=True, error=None, now=clock(),
                            attempts=attempts)
        try:
            ts = target.post(payload, key, after_ambiguous=ambiguous, attempt=attempts,
                             policy=policy)
        except Failure as failure:
            error = failure.error
            ambiguous = ambiguous or failure.ambiguous
            ledger.note_attempt(connect(), key, ambiguous=ambiguous, error=error, now=clock())
            status = "gone" if error in GONE_ERRORS else "failed"
            late = failure.wait is not None and clock() - started + failure.wait > policy.deadline
            log.warning("delivery key=%s to=%s attempt=%d error=%s ambiguous=%s retry_in=%s",
                        key, target.describe(), attempts, error, ambiguous,
                        None if late else failure.wait)
            if failure.wait is None or late or status == "gone":
                ledger.finish_delivery(connect(), key, status, now=clock(), error=error,
                                       attempts=attempts)
                return Delivery(status, attempts, error=error)
            sleep(failure.wait)
            continue
        ledger.finish_delivery(connect(), key, "delivered", now=clock(), ts=ts, attempts=attempts)
        return Delivery("posted", attempts, ts=ts)


# ---------------------------------------------------------------- digests


def post_digest(
    connect: Callable[[], Database],
    client: WebClient,
    channel: str,
    reply: Reply,
    *,
    key: str,
    chart: Chart | None = None,
    policy: RetryPolicy = DEFAULT_POLICY,
    sleep: Callable[[float], None] = time.sleep,
) -> Delivery:
    """Post the digest `reply` visibly in `channel` once for `key`, then its chart (if any)."""
    payload = {k: v for k, v in to_slack(reply).items() if k != "response_type"}
    delivery = deliver(connect, key, ChannelTarget(client, channel),
                       {**payload, "unfurl_links": False, "unfurl_media": False},
                       policy=policy, sleep=sleep)
    if delivery.status != "posted" or delivery.already or chart is None:
        return delivery
    return Delivery(delivery.status, delivery.attempts, delivery.ts,
                    chart_posted=_upload(connect, client, channel, chart, f"{key}:chart", policy,
                                         sleep))


@dataclass
class ChartTarget:
    """A file already uploaded (files_upload_v2's first two steps), shared in a channel by
    files.completeUploadExternal; files.info says afterwards whether it was."""

    client: WebClient
    channel: str
    file_id: str
    title: str

    def describe(self) -> str:
        return f"{self.channel} file={self.file_id}"

    def post(self, payload: dict[str, Any], key: str, *, after_ambiguous: bool,
             attempt: int, policy: RetryPolicy) -> str | None:
        try:
            bare_client(self.client).files_completeUploadExternal(
                files=[{"id": self.file_id, "title": self.title}], channel_id=self.channel,
                initial_comment=self.title)
        except SlackApiError as err:
            raise api_failure(err, attempt, policy) from None
        except OSError as err:
            raise connection_failure(err, attempt, policy) from None
        return self.file_id

    def find(self, key: str, since: float, policy: RetryPolicy) -> str | None:
        try:
            info = read_with_retries(lambda: self.client.files_info(file=self.file_id),
                                     "files.info", policy=policy)["file"]
        except (SlackApiError, OSError):
            return ""
        shares = info.get("shares") or {}
        shared = any(self.channel in (shares.get(scope) or {}) for scope in ("public", "private"))
        return self.file_id if shared else None


def _put_bytes(url: str, data: bytes, timeout: float) -> None:
    """files_upload_v2's middle step: the bytes to the upload URL Slack gave (no token)."""
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/octet-stream"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        response.read()


def _upload(connect: Callable[[], Database], client: WebClient, channel: str, chart: Chart,
            key: str, policy: RetryPolicy, sleep: Callable[[float], None]) -> bool:
    """Share the chart next to the digest, once: files_upload_v2's three steps, the first two
    retried freely (nothing is shown before the third), the third delivered like a message.
    Never raises: the digest is out already, a missing picture must not undo that."""
    try:
        ticket = read_with_retries(lambda: client.files_getUploadURLExternal(
            filename=chart.filename, length=len(chart.png)), "files.getUploadURLExternal",
            policy=policy, sleep=sleep)
        read_with_retries(lambda: _put_bytes(str(ticket["upload_url"]), chart.png,
                                             client.timeout), "upload", policy=policy, sleep=sleep)
    except (SlackApiError, OSError) as err:
        log.warning("digest chart upload failed channel=%s error=%s", channel, err)
        return False
    target = ChartTarget(client, channel, str(ticket["file_id"]), chart.title)
    return deliver(connect, key, target, {}, policy=policy, sleep=sleep).status == "posted"
