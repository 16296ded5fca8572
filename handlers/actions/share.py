"""The "Share in channel" button: the same answer posted for everyone; the private copy goes."""

from __future__ import annotations

from slack_bolt import App

from bot.answers.reply import SHARE_ACTION
from bot.router.commands import share_page
from bot.slack.deps import Deps
from handlers.actions._button import token_listener


def register(app: App, deps: Deps) -> None:
    app.action(SHARE_ACTION)(
        token_listener(deps, "button:share", share_page, delete_original_after=True)
    )
