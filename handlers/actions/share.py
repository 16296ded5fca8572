"""The "Share in channel" button: the same answer posted for everyone; the private copy goes."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from bot.answers.reply import SHARE_ACTION, parse_token
from bot.router.commands import expired_button, share_page
from bot.slack.deps import Deps
from handlers._answer import answer_later


def register(app: App, deps: Deps) -> None:
    def on_share(ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond) -> None:
        ack()
        token = parse_token(action.get("value"))
        answer_later(
            deps, respond, "button:share",
            (lambda ctx: share_page(ctx, token)) if token else (lambda ctx: expired_button()),
            user=(body.get("user") or {}).get("id"),
            delete_original_after=True,
        )

    app.action(SHARE_ACTION)(on_share)
