"""The Export button: the answer's file uploaded where it was asked (`files_upload_v2`), once.

    press = ExportPress(kind="timeline", query="sanctions", fmt="csv", channel="C1",
                        press_id="<trigger id>:<action ts>", user="U1")
    deliver_export(deps, client, respond, press)   # runs on the answer pool

The file is the one `newsdesk export` writes (`bot.router.exports.build_export`), named after
the query. A press is claimed by its id before anything is uploaded, so a retried delivery of
the same press uploads nothing; two presses upload twice. When the file cannot be made or
posted, the person who pressed is told why, privately.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.answers.reply import Reply, escape_mrkdwn, notice, to_slack
from bot.router.context import UserError
from bot.router.conversations import first_delivery
from bot.router.exports import build_export
from bot.slack.deps import Deps

log = logging.getLogger(__name__)

_NOT_ALLOWED = {
    "not_in_channel": "I am not in this channel, so I cannot post the file here. "
                      "Invite me (`/invite @newsdesk`) or ask in a DM.",
    "channel_not_found": "I cannot post files here. Invite me to the channel, or ask in a DM.",
    "missing_scope": "I am not allowed to upload files (the app needs the files:write scope).",
}


@dataclass(frozen=True)
class ExportPress:
    """One press of an Export button: what to export, where, and the press's own id."""

    kind: str  # timeline | who
    query: str
    fmt: str
    channel: str
    press_id: str  # trigger_id and action_ts: the same for Slack's retries of one press
    user: str = ""
    thread_ts: str = ""


def deliver_export(deps: Deps, client: WebClient, respond: Respond, press: ExportPress) -> None:
    """Build the file and upload it; tell the presser (privately) only when it went wrong."""
    started = time.monotonic()
    status = "uploaded"
    try:
        with deps.context(press.user, press.channel) as ctx:
            if not first_delivery(ctx, f"export:{press.press_id}"):
                log.info("export press=%s already handled", press.press_id)
                return
            file = build_export(ctx.db, press.kind, press.query, press.fmt)
        upload(client, press, file.filename, file.content, file.title)
    except UserError as err:
        status = "refused"
        _tell(respond, notice(str(err), error=True))
    except SlackApiError as err:
        status = str(err.response.get("error") or "slack_error")
        _tell(respond, notice(_NOT_ALLOWED.get(status, "Slack did not take the file "
                                               f"({escape_mrkdwn(status)}); please try again."),
                              error=True))
    except Exception:
        status = "failed"
        log.exception("export press=%s failed", press.press_id)
        _tell(respond, notice("Sorry — the export failed. It has been logged; please try again.",
                              error=True))
    log.info("request=button:export kind=%s format=%s user=%s latency_ms=%d status=%s",
             press.kind, press.fmt, press.user, (time.monotonic() - started) * 1000, status)


def upload(client: WebClient, press: ExportPress, filename: str, content: bytes, title: str) -> None:
    """Upload through files_upload_v2 (get an upload URL, send the bytes, complete it)."""
    extra = {"thread_ts": press.thread_ts} if press.thread_ts else {}
    who = f"<@{press.user}> exported" if press.user else "Exported"
    client.files_upload_v2(
        channel=press.channel, content=content, filename=filename, title=title,
        initial_comment=f"{who} `{escape_mrkdwn(filename)}`", **extra,
    )


def _tell(respond: Respond, reply: Reply) -> None:
    try:
        respond(**to_slack(reply), replace_original=False)
    except Exception:
        log.exception("could not tell the presser what went wrong")
