"""The listener the answer buttons share: read the page token, answer it later, or say the
button has expired."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, Respond

from bot.answers.reply import PageToken, Reply, parse_token
from bot.router.commands import expired_button
from bot.router.context import CommandContext
from bot.slack.deps import Deps
from handlers._answer import answer_later


def token_listener(
    deps: Deps,
    label: str,
    answer: Callable[[CommandContext, PageToken], Reply],
    *,
    delete_original_after: bool = False,
) -> Callable[..., None]:
    """A listener that answers `answer(ctx, token)` for the token in the button's value."""

    def listener(ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond) -> None:
        ack()
        token = parse_token(action.get("value"))
        answer_later(
            deps, respond, label,
            (lambda ctx: answer(ctx, token)) if token else (lambda ctx: expired_button()),
            user=(body.get("user") or {}).get("id"),
            delete_original_after=delete_original_after,
        )

    return listener
