"""Corpus administration from Slack: remove a document, correct its metadata, list corrections;
and who may do what.

Removing and correcting are for the users named in NEWSDESK_ADMINS (nobody in Slack when it is
unset). Scheduling and posting digests, curation buttons and the admin listings (`docs`,
`corrections`) are for the admins when NEWSDESK_ADMINS is set, and for everyone when it is not
(a small team's default). Everyone else gets a polite refusal. The local terminal is the
operator's and may do everything. The router (`bot.router.commands`) calls these.

    >>> parse_set("3 date=2016-11-02 source=Tokyo Foundation")
    (3, {'date': '2016-11-02', 'source': 'Tokyo Foundation'})
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from sqlite_utils import Database

from bot.answers.reply import Reply, context, escape_mrkdwn, header, notice, section
from bot.config import Settings
from bot.ingest import correct_document, delete_document
from bot.pipeline.overrides import parse_overrides
from bot.router.context import CommandContext
from db.corrections import list_corrections
from db.documents import get_document

log = logging.getLogger(__name__)

SETTABLE = ("title", "date", "source", "url")


class AdminError(ValueError):
    """The request cannot be carried out; the message (safe mrkdwn) says why, for the user."""


def is_admin(settings: Settings, user_id: str) -> bool:
    return bool(user_id) and user_id in settings.admins


def require_admin(settings: Settings, user_id: str, action: str) -> None:
    if not is_admin(settings, user_id):
        raise AdminError(refusal(action))


def refusal(action: str) -> str:
    """The polite refusal for someone who may not `action`."""
    return (f"Sorry — only the newsdesk admins can {action}. If it needs doing, please ask one "
            "of them (they are listed in NEWSDESK_ADMINS).")


def may(ctx: CommandContext, *, open_when_unset: bool = True) -> bool:
    """Whether the asker may do an admin-governed thing.

    The terminal's operator always may; an admin always may; anyone else only when
    NEWSDESK_ADMINS is unset and the thing is `open_when_unset` (schedules, curation,
    listings — but never removing or correcting documents).
    """
    if ctx.operator or is_admin(ctx.settings, ctx.user_id):
        return True
    return open_when_unset and not ctx.settings.admins


def require(ctx: CommandContext, action: str, *, open_when_unset: bool = True) -> None:
    """AdminError with the polite refusal unless `may(ctx, …)`."""
    if not may(ctx, open_when_unset=open_when_unset):
        raise AdminError(refusal(action))


def parse_document_id(text: str, usage: str) -> int:
    word = (text.split() or [""])[0].lstrip("#")
    if not word.isdecimal() or int(word) < 1:
        raise AdminError(f"Which document? Give its number from `/newsdesk docs`, e.g. `{usage}`.")
    return int(word)


def parse_set(text: str) -> tuple[int, dict[str, str]]:
    """The document id and the changes in "ID key=value …" (also "key: value")."""
    usage = "/newsdesk set 3 date=2016-11-02"
    document_id = parse_document_id(text, usage)
    changes = {k: v for k, v in parse_overrides(text.split(maxsplit=1)[1] if " " in text.strip()
                                                else "").items() if k in SETTABLE}
    if not changes:
        raise AdminError(f"Say what to change: {', '.join(f'`{k}=…`' for k in SETTABLE)}, "
                         f"e.g. `{usage} source=Tokyo Foundation`.")
    return document_id, changes


def remove(ctx: CommandContext, text: str) -> Reply:
    db, user_id = ctx.db, ctx.user_id
    require(ctx, "remove documents", open_when_unset=False)
    document_id = parse_document_id(text, "/newsdesk remove 3")
    row = get_document(db, document_id)
    if row is None or not delete_document(db, document_id):
        raise AdminError(f"There is no document {document_id}; `/newsdesk docs` lists them.")
    log.info("document removed id=%d by=%s", document_id, user_id)
    title = escape_mrkdwn(row["title"] or "untitled")
    return notice(f"Removed document {document_id}, “{title}”, with its passages, names and dates.")


def set_metadata(ctx: CommandContext, text: str) -> Reply:
    db, user_id = ctx.db, ctx.user_id
    require(ctx, "correct documents", open_when_unset=False)
    document_id, changes = parse_set(text)
    if get_document(db, document_id) is None:
        raise AdminError(f"There is no document {document_id}; `/newsdesk docs` lists them.")
    try:
        analyzed = correct_document(db, document_id, changes, nlp=ctx.nlp)
    except ValueError as err:  # an invalid date
        raise AdminError(escape_mrkdwn(str(err))) from None
    log.info("document corrected id=%d fields=%s by=%s", document_id, sorted(changes), user_id)
    article, date = analyzed.article, analyzed.date
    facts = [f"“{escape_mrkdwn(article.title)}”"]
    if article.source:
        facts.append(escape_mrkdwn(article.source))
    facts.append(f"{escape_mrkdwn(date.value)} ({date.kind})" if date else "no date")
    return notice(f"Corrected document {document_id}: {_changes(changes)}. It now reads "
                 + " · ".join(facts) + "; its dates were re-resolved.")


def _changes(changes: Mapping[str, str]) -> str:
    return ", ".join(f"{k} = “{escape_mrkdwn(v)}”" for k, v in changes.items())


_KIND_TEXT = {
    "merge": "same as",
    "split": "split off",
    "not_entity": "not an entity",
}


def corrections(db: Database) -> Reply:
    """Every curation decision, newest first: what, on whom, by whom, when."""
    rows = list_corrections(db)
    if not rows:
        text = ("No corrections yet. On a `/who` answer, *Same as …*, *Split: …* and "
                "*Not a person* record them.")
        return notice(text)
    lines = []
    for row in rows[:40]:
        what = escape_mrkdwn(row["name"])
        if row["kind"] == "merge":
            what += f" — same as — {escape_mrkdwn(row['other_name'])}"
        elif row["kind"] == "split":
            what = f"“{what}” split off from {escape_mrkdwn(row['other_name'])}"
        else:
            what += " — not a person or thing"
        user = row["user_id"] or ""
        who = f" by <@{user}>" if re.fullmatch(r"[UW][A-Z0-9]{2,20}", user) else ""
        lines.append(f"• {_KIND_TEXT[row['kind']]}: {what}{who} · {escape_mrkdwn(row['created_at'][:10])}")
    blocks = [header(f"Corrections ({len(rows)})"), section("\n".join(lines))]
    if len(rows) > 40:
        blocks.append(context(f"… and {len(rows) - 40} older ones"))
    return Reply(blocks=tuple(blocks), text=f"{len(rows)} corrections")
