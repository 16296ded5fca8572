"""The curation buttons of a `/who` answer: "Not a person", "Split: …", "Same as …"."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.answers.curation import CURATE_ACTION
from bot.router.commands import curate
from bot.slack.deps import Deps
from handlers._answer import answer_later


def register(app: App, deps: Deps) -> None:
    def on_curate(ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond) -> None:
        ack()
        value = action.get("value")
        answer_later(deps, respond, "button:curate", lambda ctx: curate(ctx, value),
                     user=(body.get("user") or {}).get("id"))

    app.action(re.compile(rf"^{CURATE_ACTION}_\d+$"))(on_curate)
