"""The Export buttons of /timeline and /who answers: the file, uploaded where they were pressed."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.answers.reply import EXPORT_ACTION, parse_token
from bot.router.commands import expired_button
from bot.slack.deps import Deps
from bot.slack.exports import ExportPress, deliver_export
from handlers._answer import answer_later

_ACTION = re.compile(rf"^{EXPORT_ACTION}_(\w+)$")


def register(app: App, deps: Deps) -> None:
    def on_export(ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient,
                  respond: Respond) -> None:
        ack()
        token = parse_token(action.get("value"))
        user = (body.get("user") or {}).get("id") or ""
        if token is None:
            answer_later(deps, respond, "button:export", lambda ctx: expired_button(), user=user)
            return
        container = body.get("container") or {}
        press = ExportPress(
            kind=token.command, query=token.query, fmt=_ACTION.match(action["action_id"])[1],
            channel=(body.get("channel") or {}).get("id") or container.get("channel_id") or "",
            press_id=f"{body.get('trigger_id')}:{action.get('action_ts')}", user=user,
            thread_ts=container.get("thread_ts") or "",
        )
        deps.pool.submit(deliver_export, deps, client, respond, press)

    app.action(_ACTION)(on_export)
