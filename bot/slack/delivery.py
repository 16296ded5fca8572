"""Where a digest goes: posting it (and its chart) to a channel, with retries that respect Slack.

A 429 waits for its Retry-After; a 5xx or a dropped connection backs off and tries again. A
channel the bot can no longer post in (removed, deleted, archived) is reported as `gone`, never
retried. A failed chart upload never fails the digest: the message is what matters.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.answers.chart import Chart
from bot.answers.reply import Reply, to_slack

log = logging.getLogger(__name__)

GONE_ERRORS = frozenset({"not_in_channel", "channel_not_found", "is_archived"})
MAX_ATTEMPTS = 4
BACKOFF_SECONDS = 2.0
MAX_WAIT_SECONDS = 120.0


@dataclass(frozen=True)
class Delivery:
    status: str  # posted | failed | gone
    attempts: int
    ts: str | None = None
    error: str | None = None
    chart_posted: bool = False


def _retry_wait(err: Exception, attempt: int) -> float | None:
    """Seconds to wait before trying again, or None if trying again cannot help."""
    response = getattr(err, "response", None)
    if response is None:  # connection trouble
        return BACKOFF_SECONDS * 2 ** (attempt - 1)
    if response.status_code == 429:
        headers = {k.lower(): v for k, v in (response.headers or {}).items()}
        raw = headers.get("retry-after")
        value = raw[0] if isinstance(raw, list) else raw
        try:
            return min(float(value), MAX_WAIT_SECONDS)
        except (TypeError, ValueError):
            return BACKOFF_SECONDS * 2 ** (attempt - 1)
    if response.status_code >= 500:
        return BACKOFF_SECONDS * 2 ** (attempt - 1)
    return None


def _error_name(err: Exception) -> str:
    response = getattr(err, "response", None)
    if response is not None:
        data = response.data if isinstance(response.data, dict) else {}
        return str(data.get("error") or f"http_{response.status_code}")
    return type(err).__name__


def post_digest(
    client: WebClient,
    channel: str,
    reply: Reply,
    *,
    chart: Chart | None = None,
    sleep: Callable[[float], None] = time.sleep,
    max_attempts: int = MAX_ATTEMPTS,
) -> Delivery:
    """Post `reply` visibly in `channel` (chat.postMessage), then upload `chart` if given."""
    payload = to_slack(reply)
    error = ""
    for attempt in range(1, max_attempts + 1):
        try:
            response = client.chat_postMessage(
                channel=channel, text=payload["text"], blocks=payload["blocks"],
                unfurl_links=False, unfurl_media=False,
            )
        except (SlackApiError, OSError) as err:
            error = _error_name(err)
            if error in GONE_ERRORS:
                log.warning("digest channel=%s gone error=%s", channel, error)
                return Delivery("gone", attempt, error=error)
            wait = _retry_wait(err, attempt)
            log.warning("digest channel=%s attempt=%d error=%s retry_in=%s", channel, attempt, error, wait)
            if wait is None or attempt == max_attempts:
                return Delivery("failed", attempt, error=error)
            sleep(wait)
            continue
        ts = response.get("ts")
        return Delivery("posted", attempt, ts=ts, chart_posted=_upload(client, channel, chart, ts))
    return Delivery("failed", max_attempts, error=error)


def _upload(client: WebClient, channel: str, chart: Chart | None, ts: str | None) -> bool:
    """Upload the chart next to the digest; log (never raise) when files are not allowed."""
    if chart is None:
        return False
    try:
        client.files_upload_v2(
            channel=channel, file=chart.png, filename=chart.filename, title=chart.title,
            initial_comment=chart.title,
        )
    except Exception as err:  # the digest is out; a missing picture must not undo that
        log.warning("digest chart upload failed channel=%s error=%s", channel, _error_name(err))
        return False
    return True
