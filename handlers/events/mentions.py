"""`@newsdesk …` in a channel: answered in the thread through the same router as the commands."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient

from bot.router.conversations import answer_message
from bot.slack.deps import Deps
from handlers.events._post import answer_event


def register(app: App, deps: Deps) -> None:
    def on_mention(event: dict[str, Any], body: dict[str, Any], context: BoltContext,
                   client: WebClient, request: BoltRequest) -> None:
        if event.get("files"):  # a file shared with a mention: the file listener answers it
            return
        answer_thread(deps, client, body, event, context.bot_user_id, request, "mention")

    app.event("app_mention")(on_mention)


def answer_thread(deps: Deps, client: WebClient, body: dict[str, Any], event: dict[str, Any],
                  bot_user_id: str | None, request: BoltRequest, label: str) -> None:
    """Answer the message `event` in its thread (the parent's, or a new one under it)."""
    channel = event.get("channel") or ""
    thread_ts = event.get("thread_ts") or event.get("ts") or ""
    text = event.get("text") or ""
    answer_event(
        deps, client, body, label, channel,
        lambda ctx: (thread_ts, answer_message(ctx, channel=channel, thread_ts=thread_ts,
                                               text=text, bot_user_id=bot_user_id)),
        user=event.get("user") or "", request=request,
    )
