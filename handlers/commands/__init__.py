"""Slash command listeners, one module per command."""

from slack_bolt import App

from bot.slack.deps import Deps
from handlers.commands import digest, newsdesk, search, timeline, who


def register(app: App, deps: Deps) -> None:
    for module in (newsdesk, who, timeline, search, digest):
        module.register(app, deps)
