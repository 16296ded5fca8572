"""What a command may use, and the errors a user can fix.

`CommandContext` is built by whoever receives the text (the terminal, a Slack listener) and
passed to the router. The Slack side also hands in a `DigestDesk`: the router decides *what*
to do with `/digest schedule …`, the desk (the scheduler, in `bot.slack`) makes it happen, so
the router never imports Slack.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sqlite_utils import Database

from bot.config import Settings
from bot.router.schedules import Schedule


class UserError(Exception):
    """Input the user can fix; the message is shown to them as it is (mrkdwn, already safe)."""


class PostOutcome(Protocol):
    status: str  # posted | empty | failed | gone | taken | skipped

    @property
    def error(self) -> str | None: ...


class DigestDesk(Protocol):
    """What `/digest` needs from the process that posts digests and runs their schedules."""

    def post_now(self, channel: str) -> PostOutcome: ...

    def add_schedule(self, channel: str, schedule: Schedule, user: str) -> int: ...

    def disable_channel(self, channel: str, reason: str) -> list[int]: ...


@dataclass(frozen=True)
class CommandContext:
    """The store, the settings, (when loaded) the spaCy pipeline, who is asking (a Slack user
    id; empty in the terminal) and where (a channel id), and the digest desk when there is one.

    `operator` is True in the local terminal: whoever runs it owns the store file already, so
    admin commands are theirs (a Slack request is never the operator)."""

    db: Database
    settings: Settings
    nlp: Any = None
    user_id: str = ""
    channel_id: str = ""
    digests: DigestDesk | None = None
    operator: bool = False
