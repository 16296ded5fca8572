"""The one path from a listener to an answer: run the work off the ack path, respond, log once."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from slack_bolt import Respond

from bot.answers.reply import Reply, to_slack
from bot.router.context import CommandContext
from bot.slack.deps import Deps

log = logging.getLogger(__name__)

SORRY = "Sorry — something went wrong while answering. It has been logged; please try again."


def answer_later(
    deps: Deps,
    respond: Respond,
    label: str,
    work: Callable[[CommandContext], Reply],
    *,
    user: str | None = None,
    channel: str | None = None,
    replace_original: bool = False,
    delete_original_after: bool = False,
) -> None:
    """Queue `work` on the answer pool; post its Reply to the response_url when done.

    `delete_original_after` removes the message the button was on once the answer is posted
    (used by "Share in channel": the private copy goes, the public one stays).
    """
    started = time.monotonic()
    deps.pool.submit(
        _answer, deps, respond, label, work, started, user, channel, replace_original,
        delete_original_after,
    )


def _answer(
    deps: Deps,
    respond: Respond,
    label: str,
    work: Callable[[CommandContext], Reply],
    started: float,
    user: str | None,
    channel: str | None,
    replace_original: bool,
    delete_original_after: bool,
) -> None:
    status, blocks, chars, failed = 0, 0, 0, False
    try:
        with deps.context(user or "", channel or "") as ctx:
            reply = work(ctx)
        payload = to_slack(reply)
        blocks, chars = len(payload["blocks"]), len(payload["text"])
        failed = reply.error
        status = respond(
            **payload, replace_original=replace_original, unfurl_links=False, unfurl_media=False
        ).status_code
        if delete_original_after and not reply.error and status == 200:
            respond(delete_original=True)
    except Exception:
        failed = True
        log.exception("request=%s failed", label)
        try:
            status = respond(text=SORRY, response_type="ephemeral", replace_original=False).status_code
        except Exception:
            log.exception("request=%s could not even say sorry", label)
    log.info(
        "request=%s user=%s latency_ms=%d blocks=%d chars=%d status=%s error=%s",
        label, user, (time.monotonic() - started) * 1000, blocks, chars, status, failed,
    )
