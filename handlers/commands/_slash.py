"""The listener every slash command shares: ack at once, answer through the router later."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, Respond

from bot.router.commands import run_command
from bot.slack.deps import Deps
from handlers._answer import answer_later


def slash_listener(deps: Deps, name: str) -> Callable[..., None]:
    """A listener for `/name`: the text goes to `bot.router.commands.run_command(ctx, name, text)`."""

    def listener(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        ack()
        text = command.get("text") or ""
        answer_later(
            deps, respond, f"/{name}", lambda ctx: run_command(ctx, name, text),
            user=command.get("user_id"), channel=command.get("channel_id"),
        )

    listener.__name__ = f"on_{name}_command"
    return listener
