"""The "More" and "Did you mean …" buttons: the answer their token names, as a new message."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.answers.reply import MORE_ACTION, PICK_ACTION, parse_token
from bot.router.commands import expired_button, run_page
from bot.slack.deps import Deps
from handlers._answer import answer_later


def register(app: App, deps: Deps) -> None:
    def on_more(ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond) -> None:
        ack()
        token = parse_token(action.get("value"))
        answer_later(
            deps, respond, "button:more",
            (lambda ctx: run_page(ctx, token)) if token else (lambda ctx: expired_button()),
            user=(body.get("user") or {}).get("id"),
        )

    app.action(re.compile(rf"^(?:{MORE_ACTION}|{PICK_ACTION}_\d+)$"))(on_more)
