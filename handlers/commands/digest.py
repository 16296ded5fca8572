"""`/digest` — answered by bot.router.digest for the caller's channel (see `_slash`)."""

from slack_bolt import App

from bot.slack.deps import Deps
from handlers.commands._slash import slash_listener


def register(app: App, deps: Deps) -> None:
    app.command("/digest")(slash_listener(deps, "digest"))
