"""The "More" and "Did you mean …" buttons: the answer their token names, as a new message."""

from __future__ import annotations

import re

from slack_bolt import App

from bot.answers.reply import MORE_ACTION, PICK_ACTION
from bot.router.commands import run_page
from bot.slack.deps import Deps
from handlers.actions._button import token_listener


def register(app: App, deps: Deps) -> None:
    app.action(re.compile(rf"^(?:{MORE_ACTION}|{PICK_ACTION}_\d+)$"))(
        token_listener(deps, "button:more", run_page)
    )
