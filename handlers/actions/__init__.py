"""Button listeners (block_actions), one module per button."""

from slack_bolt import App

from bot.slack.deps import Deps
from handlers.actions import curation, export, more, share


def register(app: App, deps: Deps) -> None:
    more.register(app, deps)
    share.register(app, deps)
    curation.register(app, deps)
    export.register(app, deps)
