"""`/search` — answered by bot.router.commands.run_command(ctx, "search", text)."""

from slack_bolt import App

from bot.slack.deps import Deps
from handlers.commands._slash import slash_listener


def register(app: App, deps: Deps) -> None:
    app.command("/search")(slash_listener(deps, "search"))
