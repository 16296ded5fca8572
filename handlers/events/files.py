"""Files shared where the bot is (`file_shared`, and `message` with subtype `file_share`)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient

from bot.slack.deps import Deps
from bot.slack.files import FileShare, receive_file
from handlers.events._post import answer_event


def register(app: App, deps: Deps) -> None:
    def on_file_shared(event: dict[str, Any], body: dict[str, Any], context: BoltContext,
                       client: WebClient, request: BoltRequest) -> None:
        channel = event.get("channel_id") or ""
        share = FileShare(file_id=event.get("file_id") or (event.get("file") or {}).get("id", ""),
                          channel=channel, user=event.get("user_id") or "",
                          is_dm=channel.startswith("D"))
        take_file(deps, client, body, share, context.bot_user_id, request)

    app.event("file_shared")(on_file_shared)


def shares_of_message(event: dict[str, Any]) -> list[FileShare]:
    """One FileShare per file of a `message` event with subtype `file_share`."""
    channel = event.get("channel") or ""
    return [
        FileShare(file_id=f["id"], channel=channel, user=event.get("user") or "",
                  ts=event.get("ts") or "", thread_ts=event.get("thread_ts") or "",
                  text=event.get("text") or "",
                  is_dm=event.get("channel_type") == "im" or channel.startswith("D"))
        for f in event.get("files") or () if f.get("id")
    ]


def take_file(deps: Deps, client: WebClient, body: dict[str, Any], share: FileShare,
              bot_user_id: str | None, request: BoltRequest | None) -> None:
    def work(ctx):
        answer = receive_file(ctx, client, share, bot_user_id=bot_user_id)
        return (answer.thread_ts, answer.reply) if answer else None

    # Files have their own small pool: a burst of them never holds up the answers.
    answer_event(deps, client, {**body, "event_id": _file_event_id(body, share)}, "file",
                 share.channel, work, user=share.user, request=request, pool=deps.file_pool)


def _file_event_id(body: dict[str, Any], share: FileShare) -> str:
    """One event may share several files: each is claimed on its own."""
    event_id = str(body.get("event_id") or "")
    return f"{event_id}:{share.file_id}" if event_id else ""
