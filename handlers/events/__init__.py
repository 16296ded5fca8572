"""Event listeners (Events API), one module per kind of event: mentions and DMs, shared files."""

from slack_bolt import App

from bot.slack.deps import Deps
from handlers.events import files, mentions, messages


def register(app: App, deps: Deps) -> None:
    mentions.register(app, deps)
    files.register(app, deps)
    messages.register(app, deps)
