"""`/timeline` — answered by bot.router.commands.run_command(ctx, "timeline", text)."""

from slack_bolt import App

from bot.slack.deps import Deps
from handlers.commands._slash import slash_listener


def register(app: App, deps: Deps) -> None:
    app.command("/timeline")(slash_listener(deps, "timeline"))
