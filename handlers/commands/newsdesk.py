"""`/newsdesk` — answered by bot.router.commands.run_command(ctx, "newsdesk", text)."""

from slack_bolt import App

from bot.router.commands import split_command
from bot.slack.deps import Deps
from handlers.commands._slash import slash_listener
from handlers.commands.digest import digest_listener


def register(app: App, deps: Deps) -> None:
    general = slash_listener(deps, "newsdesk")
    digest = digest_listener(deps)

    def on_newsdesk(ack, command, respond) -> None:
        """`/newsdesk digest …` needs the channel, so it goes to the /digest listener."""
        if split_command(command.get("text") or "")[0] == "digest":
            digest(ack, command, respond)
        else:
            general(ack, command, respond)

    app.command("/newsdesk")(on_newsdesk)
