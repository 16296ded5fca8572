"""The one path from a listener to an answer: take the request on, work off the ack path,
deliver the reply to the response_url (once, with retries), log once."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from slack_bolt import Respond

from bot.answers.reply import Reply, notice, to_slack
from bot.router.context import CommandContext
from bot.slack.delivery import Delivery, ResponseTarget, current_request, deliver, request_key
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
    """Queue `work` on the answer pool; deliver its Reply to the response_url when done.

    The request (keyed by its response_url) is answered once: a second delivery of it while
    this one works, or after it was answered, is left alone. `delete_original_after` removes
    the message the button was on once the answer is posted (used by "Share in channel": the
    private copy goes, the public one stays).
    """
    url = respond.response_url or ""
    key = request_key({"response_url": url}) if url else None
    if key:
        with deps.context(user or "", channel or "") as ctx:
            state = deps.inbox.receive(ctx.db, key)
        if state in ("busy", "done"):
            log.info("request=%s key=%s %s", label, key, "already answered" if state == "done"
                     else "being answered")
            return
    deps.pool.submit(
        _answer, deps, url, key, label, work, time.monotonic(), user, channel, replace_original,
        delete_original_after,
    )


def _answer(
    deps: Deps,
    url: str,
    key: str | None,
    label: str,
    work: Callable[[CommandContext], Reply],
    started: float,
    user: str | None,
    channel: str | None,
    replace_original: bool,
    delete_original_after: bool,
) -> None:
    blocks, chars, failed, delivery = 0, 0, False, None
    token = current_request.set(key)
    try:
        try:
            with deps.context(user or "", channel or "") as ctx:
                reply = work(ctx)
        except Exception:
            log.exception("request=%s failed", label)
            reply = notice(SORRY, error=True)
        payload = {**to_slack(reply), "replace_original": replace_original,
                   "unfurl_links": False, "unfurl_media": False}
        blocks, chars, failed = len(payload["blocks"]), len(payload["text"]), reply.error
        delivery = _deliver(deps, key or f"anon:{uuid.uuid4().hex}", url, payload)
        if delete_original_after and not reply.error and delivery.status == "posted":
            _deliver(deps, f"{key}:delete", url, {"delete_original": True})
    except Exception:
        failed = True
        log.exception("request=%s could not be delivered", label)
    finally:
        current_request.reset(token)
        if key:
            with deps.context() as ctx:
                deps.inbox.finish(ctx.db, key, answered=bool(delivery)
                                  and delivery.status != "failed")
    log.info(
        "request=%s user=%s latency_ms=%d blocks=%d chars=%d status=%s attempts=%s error=%s",
        label, user, (time.monotonic() - started) * 1000, blocks, chars,
        delivery.status if delivery else "none", delivery.attempts if delivery else 0, failed,
    )


def _deliver(deps: Deps, key: str, url: str, payload: dict) -> Delivery:
    target = ResponseTarget(url, timeout=deps.settings.slack_timeout)
    with deps.context() as ctx:
        return deliver(lambda: ctx.db, key, target, payload, policy=deps.policy)
