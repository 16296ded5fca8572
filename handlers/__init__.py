"""Slack listeners, grouped by kind. They ack, call one function in bot/, and respond."""

from slack_bolt import App

from bot.slack.deps import Deps
from handlers import actions, commands, events


def register(app: App, deps: Deps) -> None:
    """Attach every listener to `app`."""
    commands.register(app, deps)
    actions.register(app, deps)
    events.register(app, deps)
