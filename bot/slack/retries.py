"""Retrying calls to Slack: which failures are worth another try, and how long to wait.

    read_with_retries(lambda: client.files_info(file="F1"), "files.info")

A 429 waits for its Retry-After; a 5xx or a connection error backs off (1 s, 2 s, 4 s … at most
`max_wait`) until the policy's deadline; anything else (a 403, `channel_not_found`) is final.
A failure is *ambiguous* when the call may have reached Slack (a timeout, a connection dropped
after sending): reads may simply be repeated, posts must look first (`bot.slack.delivery`).
"""

from __future__ import annotations

import logging
import socket
import time
import urllib.error
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How long a post keeps trying, and how it backs off between tries."""

    deadline: float = 120.0  # seconds from the first try
    backoff: float = 1.0  # first wait after a 5xx or a connection error; doubles each time
    max_wait: float = 30.0  # the longest single wait (Retry-After included)

    def wait(self, attempt: int) -> float:
        return min(self.backoff * 2 ** (attempt - 1), self.max_wait)


DEFAULT_POLICY = RetryPolicy()


class Failure(Exception):
    """A try that failed. `ambiguous`: it may have reached Slack; `wait`: None = do not retry."""

    def __init__(self, error: str, *, ambiguous: bool = False, wait: float | None = 0.0) -> None:
        super().__init__(error)
        self.error = error
        self.ambiguous = ambiguous
        self.wait = wait


def _header(headers: Mapping[str, Any] | None, name: str) -> str | None:
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return str(value[0] if isinstance(value, list | tuple) else value)
    return None


def http_failure(status: int, headers: Mapping[str, Any] | None, error: str,
                 attempt: int, policy: RetryPolicy) -> Failure:
    """A failure Slack answered: 429 waits Retry-After, 5xx backs off, anything else is final."""
    if status == 429:
        try:
            wait = float(_header(headers, "retry-after") or "")
        except ValueError:
            wait = policy.wait(attempt)
        return Failure(error or "ratelimited", wait=min(wait, policy.max_wait))
    if status >= 500:
        return Failure(error or f"http_{status}", wait=policy.wait(attempt))
    return Failure(error or f"http_{status}", wait=None)


def connection_failure(err: Exception, attempt: int, policy: RetryPolicy) -> Failure:
    """A connection error: refused before sending is clean; anything later may have arrived."""
    reason = getattr(err, "reason", err)
    refused = isinstance(reason, ConnectionRefusedError | socket.gaierror)
    return Failure(type(reason).__name__, ambiguous=not refused, wait=policy.wait(attempt))


def api_failure(err: SlackApiError, attempt: int, policy: RetryPolicy) -> Failure:
    response = err.response
    data = response.data if isinstance(response.data, dict) else {}
    return http_failure(response.status_code, response.headers, str(data.get("error") or ""),
                        attempt, policy)


def read_with_retries(read: Callable[[], T], what: str, *, policy: RetryPolicy = DEFAULT_POLICY,
                      sleep: Callable[[float], None] = time.sleep,
                      clock: Callable[[], float] = time.monotonic) -> T:
    """`read()` again on 429, 5xx, timeouts and dropped connections, until the deadline.

    Only for calls that change nothing (files.info, conversations.*, downloads). Raises the
    last error when the deadline passes or the error is final.
    """
    started, attempt = clock(), 0
    while True:
        attempt += 1
        try:
            return read()
        except SlackApiError as err:
            failure, raised = api_failure(err, attempt, policy), err
        except urllib.error.HTTPError as err:
            failure = http_failure(err.code, dict(err.headers.items()) if err.headers else {},
                                   f"http_{err.code}", attempt, policy)
            raised = err
        except OSError as err:
            failure, raised = connection_failure(err, attempt, policy), err
        if failure.wait is None or clock() - started + failure.wait > policy.deadline:
            raise raised
        log.warning("slack read=%s attempt=%d error=%s retry_in=%.1f", what, attempt,
                    failure.error, failure.wait)
        sleep(failure.wait)
