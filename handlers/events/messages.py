"""`message` events: DMs are questions, file shares are documents; channel chatter is ignored."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient

from bot.slack.deps import Deps
from handlers.events.files import shares_of_message, take_file
from handlers.events.mentions import answer_thread


def register(app: App, deps: Deps) -> None:
    def on_message(event: dict[str, Any], body: dict[str, Any], context: BoltContext,
                   client: WebClient, request: BoltRequest) -> None:
        if event.get("bot_id") or event.get("user") == context.bot_user_id:
            return
        subtype = event.get("subtype")
        if subtype == "file_share":
            for share in shares_of_message(event):
                take_file(deps, client, body, share, context.bot_user_id, request)
        elif subtype is None and event.get("channel_type") == "im":
            answer_thread(deps, client, body, event, context.bot_user_id, request, "dm")

    app.event("message")(on_message)
