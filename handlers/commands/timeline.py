"""`/timeline` — answered by bot.commands.run_command(ctx, "timeline", text)."""

from slack_bolt import App

from bot.deps import Deps
from handlers.commands._slash import slash_listener


def register(app: App, deps: Deps) -> None:
    app.command("/timeline")(slash_listener(deps, "timeline"))
