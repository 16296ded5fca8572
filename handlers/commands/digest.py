"""`/digest` — answered by bot.router.digest.run_digest_command for the caller's channel."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from bot.router.digest import run_digest_command
from bot.slack.deps import Deps
from handlers._answer import answer_later


def digest_listener(deps: Deps):
    def on_digest(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        ack()
        text = command.get("text") or ""
        if text.split()[:1] and text.split()[0].lower() in ("digest", "/digest"):
            text = text.split(maxsplit=1)[1] if len(text.split()) > 1 else ""  # /newsdesk digest …
        channel, user = command.get("channel_id") or "", command.get("user_id") or ""
        answer_later(
            deps, respond, "/digest",
            lambda ctx: run_digest_command(ctx, deps.digests, channel, user, text), user=user,
        )

    return on_digest


def register(app: App, deps: Deps) -> None:
    app.command("/digest")(digest_listener(deps))
