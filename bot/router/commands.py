"""The command router: a line of user text in, a `Reply` out. Knows nothing of Slack.

Slack handlers and the terminal both call `run_command(ctx, command, text)` (or `run_page` for a
"More" / "Share" button). The router validates the input (empty, too long, nothing to look up),
dispatches to one answer function per command, and turns any exception into a polite reply,
so a user never sees a trace whatever they type.

    >>> split_command("who  Ada Lovelace")
    ('who', 'Ada Lovelace')
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from bot.answers.curation import noted
from bot.answers.reply import (
    PageToken,
    Reply,
    context,
    escape_mrkdwn,
    header,
    link,
    notice,
    page_token,
    section,
)
from bot.answers.search import search_reply
from bot.answers.timeline import timeline_reply
from bot.answers.who import who_reply
from bot.pipeline.dating.display import document_date
from bot.queries.search import search
from bot.queries.text import BadQuery, normalize_query, query_terms
from bot.queries.timeline import timeline
from bot.queries.who import who
from bot.router import admin
from bot.router.context import CommandContext, UserError
from bot.router.curate import apply_click
from bot.router.digest import run_digest_command
from db.documents import list_documents

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 200
DOCS_PER_PAGE = 10
UMBRELLA = "newsdesk"


Answer = Callable[[CommandContext, str, int], Reply]


@dataclass(frozen=True)
class Command:
    """One command of the registry that `help`, the Slack handlers and the manifest test read."""

    name: str
    summary: str
    usage: str  # e.g. "/who NAME"
    example: str  # e.g. "/who Angela Merkel"
    answer: Answer
    takes_query: bool = True  # False: the text is optional (a page number, a period)
    content_query: bool = True  # True: a query of only common words is refused
    shareable: bool = True

    @property
    def slash(self) -> str:
        return f"/{self.name}"


# ---------------------------------------------------------------- answers


def _answer_who(ctx: CommandContext, query: str, page: int) -> Reply:
    return who_reply(who(ctx.db, query))


def _answer_timeline(ctx: CommandContext, query: str, page: int) -> Reply:
    return timeline_reply(timeline(ctx.db, query, page))


def _answer_search(ctx: CommandContext, query: str, page: int) -> Reply:
    return search_reply(search(ctx.db, query, page))


def _answer_digest(ctx: CommandContext, query: str, page: int) -> Reply:
    return run_digest_command(ctx, query)


def _answer_help(ctx: CommandContext, query: str, page: int) -> Reply:
    return help_reply()


def _answer_remove(ctx: CommandContext, query: str, page: int) -> Reply:
    return _admin(admin.remove, ctx, query)


def _answer_set(ctx: CommandContext, query: str, page: int) -> Reply:
    return _admin(admin.set_metadata, ctx, query)


def _answer_corrections(ctx: CommandContext, query: str, page: int) -> Reply:
    _require_admin(ctx, "list the corrections")
    return admin.corrections(ctx.db)


def _require_admin(ctx: CommandContext, action: str) -> None:
    """A UserError with the polite refusal when NEWSDESK_ADMINS is set and lacks the asker."""
    if not admin.may(ctx):
        raise UserError(admin.refusal(action))


def _admin(action: Callable[..., Reply], ctx: CommandContext, query: str) -> Reply:
    try:
        return action(ctx, query)
    except admin.AdminError as err:
        raise UserError(str(err)) from None


def help_reply(intro: str = "") -> Reply:
    """Every command with its usage and an example, read from the registry."""
    blocks = [header("newsdesk — answers from your articles")]
    if intro:
        blocks.append(section(intro))
    for cmd in COMMANDS.values():
        blocks.append(section(f"*`{cmd.usage}`* — {cmd.summary}\ne.g. `{cmd.example}`"))
    blocks.append(
        context(
            f"Every command also works after `/{UMBRELLA}`, e.g. `/{UMBRELLA} who Ada Lovelace`. "
            "Answers are private until you press *Share in channel*."
        )
    )
    names = ", ".join(slash_commands())
    return Reply(blocks=tuple(blocks), text=f"newsdesk commands: {names}", share=None)


def _docs_page(query: str, page: int) -> int:
    if not query:
        return page
    if not query.isdecimal() or int(query) < 1:
        raise UserError(
            f"`docs` takes a page number, e.g. `/{UMBRELLA} docs 2` — not “{escape_mrkdwn(query)}”."
        )
    return int(query) - 1


def _answer_docs(ctx: CommandContext, query: str, page: int) -> Reply:
    """The stored documents, `DOCS_PER_PAGE` at a time, oldest publication date first."""
    _require_admin(ctx, "list the documents")
    page = _docs_page(query, page)
    rows = list(list_documents(ctx.db))
    if not rows:
        return notice("No documents have been added yet.")
    pages = -(-len(rows) // DOCS_PER_PAGE)
    page = min(page, pages - 1)
    shown = rows[page * DOCS_PER_PAGE : (page + 1) * DOCS_PER_PAGE]
    blocks = [header(f"Documents ({len(rows)})")]
    for number, row in enumerate(shown, start=page * DOCS_PER_PAGE + 1):
        blocks.append(section(_doc_line(number, row)))
    blocks.append(context(f"Page {page + 1} of {pages}"))
    more = page_token("docs", "", page + 1) if page + 1 < pages else None
    return Reply(
        blocks=tuple(blocks),
        text=f"{len(rows)} document{'' if len(rows) == 1 else 's'} (page {page + 1} of {pages})",
        more_token=more,
    )


def _doc_line(number: int, row: dict[str, Any]) -> str:
    title = row.get("title") or row.get("path") or "untitled"
    url = row.get("url") if "url" in row else None
    facts = []
    if row.get("source"):
        facts.append(escape_mrkdwn(row["source"]))
    facts.append(escape_mrkdwn(document_date(row.get("date"), row.get("date_granularity") or "",
                                             row.get("date_kind"))))
    facts.append(f"{row.get('words') or 0:,} words")
    facts.append(f"{row.get('entities') or 0} names")
    facts.append(f"{row.get('dates') or 0} dates")
    return f"*{number}. {link(url, title)}*\n" + " · ".join(facts)


COMMANDS: dict[str, Command] = {
    cmd.name: cmd
    for cmd in (
        Command(
            "who", "who a person or organisation is, as the articles describe them.",
            "/who NAME", "/who Angela Merkel", _answer_who,
            content_query=False,
        ),
        Command(
            "timeline", "the events about a topic in calendar order, with their sources.",
            "/timeline TOPIC", "/timeline interest rates",
            _answer_timeline,
        ),
        Command(
            "search", "the passages that best match some words.", "/search WORDS",
            "/search climate summit", _answer_search,
        ),
        Command(
            "docs", "the documents the bot has read.", f"/{UMBRELLA} docs [PAGE]",
            f"/{UMBRELLA} docs 2", _answer_docs, takes_query=False, shareable=False,
        ),
        Command(
            "remove", "remove a document and everything derived from it (admins).",
            f"/{UMBRELLA} remove ID", f"/{UMBRELLA} remove 3", _answer_remove,
            content_query=False, shareable=False,
        ),
        Command(
            "set", "correct a document's title, date, source or url (admins).",
            f"/{UMBRELLA} set ID date=…", f"/{UMBRELLA} set 3 date=2016-11-02", _answer_set,
            content_query=False, shareable=False,
        ),
        Command(
            "corrections", "the team's corrections to who is who (merged, split, not a person).",
            f"/{UMBRELLA} corrections", f"/{UMBRELLA} corrections", _answer_corrections,
            takes_query=False, shareable=False,
        ),
        Command(
            "digest", "the key themes, names and events of new documents; `/digest schedule daily 09:00` "
            "posts one on a schedule.", "/digest [preview|schedule …|list|off]", "/digest preview",
            _answer_digest, takes_query=False, shareable=False,
        ),
        Command(
            "help", "this list.", f"/{UMBRELLA} help", f"/{UMBRELLA} help", _answer_help,
            takes_query=False, shareable=False,
        ),
    )
}

# Commands that are also slash commands of their own (the rest are reached via /newsdesk).
SLASH_NAMES = ("who", "timeline", "search", "digest")


def slash_commands() -> list[str]:
    """Every slash command the app answers, as registered in manifest.yml."""
    return [f"/{UMBRELLA}"] + [f"/{name}" for name in SLASH_NAMES]


# ---------------------------------------------------------------- input

def split_command(text: str) -> tuple[str, str]:
    """("who", "Ada") from "who Ada", "/who Ada" or "/newsdesk who Ada"; ("help", "") from ""."""
    words = text.strip().split(maxsplit=1)
    if not words:
        return "help", ""
    name = words[0].lstrip("/").lower()
    rest = words[1] if len(words) > 1 else ""
    if name == UMBRELLA:
        return split_command(rest)
    return name, rest


def _validate(cmd: Command, raw: str) -> str:
    """The cleaned query, or a UserError that says what to type instead."""
    if len(raw) > MAX_QUERY_CHARS * 4:
        raise UserError(
            f"That is {len(raw):,} characters — please keep `{cmd.usage}` under {MAX_QUERY_CHARS}."
        )
    query = normalize_query(raw)
    if len(query) > MAX_QUERY_CHARS:
        raise UserError(
            f"That is {len(query):,} characters — please keep `{cmd.usage}` under {MAX_QUERY_CHARS}."
        )
    if not cmd.takes_query:
        return query
    if not query:
        raise UserError(f"Tell me what to look for: `{cmd.usage}`, e.g. `{cmd.example}`.")
    if not any(ch.isalnum() for ch in query):
        raise UserError(
            f"“{escape_mrkdwn(query)}” has no letters or digits to look for. "
            f"Try e.g. `{cmd.example}`."
        )
    if cmd.content_query and not query_terms(query):
        raise UserError(
            f"“{escape_mrkdwn(query)}” is only common words, which match everything. "
            f"Add a name or a topic, e.g. `{cmd.example}`."
        )
    return query


# ---------------------------------------------------------------- running


def run_command(ctx: CommandContext, command: str, text: str) -> Reply:
    """Answer `command` (e.g. "who", "/who" or "newsdesk") with the user's `text`."""
    name = command.strip().lstrip("/").lower()
    if name == UMBRELLA:
        name, text = split_command(text)
    return _run(ctx, name, text, 0)


def run_page(ctx: CommandContext, token: PageToken) -> Reply:
    """Answer page `token.page` of a command again (the "More" and "Share" buttons)."""
    return _run(ctx, token.command, token.query, token.page)


def _run(ctx: CommandContext, name: str, text: str, page: int) -> Reply:
    cmd = COMMANDS.get(name)
    if cmd is None:
        return replace(
            help_reply(f"I don't know the command “{escape_mrkdwn(name[:40])}”. Here is what I can do:"),
            error=True,
        )
    try:
        query = _validate(cmd, text)
        reply = cmd.answer(ctx, query, page)
    except UserError as err:
        return notice(str(err), error=True)
    except BadQuery as err:
        return notice(str(err), error=True)
    except Exception:
        log.exception("command=%s page=%d failed (query of %d chars)", name, page, len(text))
        return notice(_SORRY.format(usage=cmd.usage), error=True)
    if cmd.shareable and reply.ephemeral and reply.share is None and not reply.error:
        reply = replace(reply, share=page_token(name, query, page))
    return reply


_SORRY = (
    "Sorry — something went wrong while answering `{usage}`. It has been logged; "
    "please try again, or rephrase the question."
)


def share_page(ctx: CommandContext, token: PageToken) -> Reply:
    """The answer of `token` again, for everyone in the channel: no buttons, says what was asked."""
    reply = run_page(ctx, token)
    if reply.error:
        return reply
    cmd = COMMANDS[token.command]
    asked = escape_mrkdwn(f"{cmd.slash} {token.query}".strip())
    note = context(f"Shared answer to `{asked}`" + (f" (page {token.page + 1})" if token.page else ""))
    return replace(reply, blocks=(*reply.blocks, note), ephemeral=False, more_token=None, share=None)


def curate(ctx: CommandContext, value: str | None) -> Reply:
    """A click on a curation button of a `/who` answer: record it, then answer `/who` again."""
    if not admin.may(ctx):
        return notice(admin.refusal("correct who is who"), error=True)
    done = apply_click(ctx.db, value, ctx.user_id)
    if done is None:
        return expired_button()
    correction, ask = done
    reply = run_command(ctx, "who", ask)
    return replace(reply, blocks=(noted(correction), *reply.blocks))


def expired_button() -> Reply:
    """What a click on a button whose value we cannot read gets."""
    return notice("That button no longer works. Please ask again.", error=True)
