"""`/digest` — answered by bot.commands.run_command(ctx, "digest", text)."""

from slack_bolt import App

from bot.deps import Deps
from handlers.commands._slash import slash_listener


def register(app: App, deps: Deps) -> None:
    app.command("/digest")(slash_listener(deps, "digest"))
