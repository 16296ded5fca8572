"""A question asked in plain words in a Slack thread, answered with the thread's context.

    reply = answer_message(ctx, channel="C1", thread_ts="1712.0001", text="<@U0BOT> who is Abe?",
                           bot_user_id="U0BOT")

The message is parsed by `bot.router.intents`; a follow-up ("and Merkel?", "more", "when did he …")
is completed from the thread's last question (`plan_turn`, pure); the router answers it; the
thread's state is saved so the next follow-up (even after a restart) can build on this one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from bot.answers.reply import PageToken, Reply, context, escape_mrkdwn, header, notice, section
from bot.queries.names import GOOD_MATCH, find_entity
from bot.router.commands import COMMANDS, run_command, run_page
from bot.router.context import CommandContext
from bot.router.intents import (
    AND,
    MORE,
    SEARCH,
    Intent,
    has_pronoun,
    parse_intent,
    resolve_pronouns,
)
from db.conversations import ThreadState, claim_event, get_thread, save_thread
from db.documents import list_documents

log = logging.getLogger(__name__)

DIGEST = "digest"
FOLLOWABLE = ("who", "timeline", "search")  # commands "and X?" can continue
NEWEST_DOCUMENTS = 5


@dataclass(frozen=True)
class Turn:
    """What to run for one message: a command, its query and page; or a notice to say instead."""

    command: str = ""
    query: str = ""
    page: int = 0
    notice: str = ""


def plan_turn(intent: Intent, state: ThreadState | None) -> Turn:
    """Complete `intent` from the thread's last question. Pure.

    "more" → the last command's next page; "and X" → the last command with X; a pronoun →
    the thread's last person.
    """
    if intent.follow_up == MORE:
        if state is None or state.command not in COMMANDS or not state.command:
            return Turn(notice="There is nothing to continue in this thread yet — ask me "
                               "something first, e.g. “who is …?” or “timeline of …”.")
        if not state.has_more:
            return Turn(notice="That was everything I have on that. Ask me something else?")
        return Turn(state.command, state.query, state.page + 1)
    if intent.follow_up == AND:
        last = state.command if state and state.command in FOLLOWABLE else SEARCH
        command, query = last, intent.query
    else:
        command, query = intent.command, intent.query
    if has_pronoun(query):
        person = state.person if state else ""
        if person:
            query = resolve_pronouns(query, person)
        elif _only_pronouns(query):
            return Turn(notice=f"Who do you mean by “{escape_mrkdwn(query)}”? Ask about someone "
                               "by name first, e.g. “who is …?”, then “he” and “she” work.")
    return Turn(command, query, 0)


def _only_pronouns(query: str) -> bool:
    return not resolve_pronouns(query, " ").strip(" '’s")


def answer_message(
    ctx: CommandContext, *, channel: str, thread_ts: str, text: str, bot_user_id: str | None = None
) -> Reply:
    """The reply to a message in the thread `(channel, thread_ts)`; saves the thread's state."""
    state = get_thread(ctx.db, channel, thread_ts)
    turn = plan_turn(parse_intent(text, bot_user_id=bot_user_id), state)
    if turn.notice:
        return thread_reply(notice(turn.notice))
    reply = _run(ctx, turn)
    if not reply.error:
        person = _person_named(ctx, turn) or (state.person if state else "")
        save_thread(ctx.db, channel, thread_ts, ThreadState(
            turn.command, turn.query, turn.page, person, has_more=reply.more_token is not None))
    log.info("thread answer command=%s page=%d error=%s", turn.command, turn.page, reply.error)
    return thread_reply(reply)


def _run(ctx: CommandContext, turn: Turn) -> Reply:
    if turn.command == DIGEST and DIGEST not in COMMANDS:
        return newest_documents(ctx)
    if turn.page:
        return run_page(ctx, PageToken(turn.command, turn.query, turn.page))
    return run_command(ctx, turn.command, turn.query)


def _person_named(ctx: CommandContext, turn: Turn) -> str:
    """The person the question was about, if its query names one: what "he" will mean next."""
    if turn.command not in FOLLOWABLE or not turn.query:
        return ""
    match = find_entity(ctx.db, turn.query)
    best = match.best
    if best is None or best.label != "PERSON" or best.score < GOOD_MATCH:
        return ""
    return best.name


def thread_reply(reply: Reply) -> Reply:
    """`reply` as a message for everyone in the thread: no private-only buttons.

    A next page is asked for in words ("more"), which keeps the thread's context.
    """
    blocks = reply.blocks
    if reply.more_token:
        blocks = (*blocks, context("There is more: reply “@newsdesk more” for the next page."))
    return replace(reply, blocks=blocks, ephemeral=False, share=None, more_token=None)


def newest_documents(ctx: CommandContext, count: int = NEWEST_DOCUMENTS) -> Reply:
    """The most recently added documents: what "what's new" gets when there is no digest."""
    rows = sorted(list_documents(ctx.db), key=lambda r: (r.get("ingested_at") or "", r["id"]),
                  reverse=True)[:count]
    if not rows:
        return notice("No documents have been added yet.")
    lines = []
    for row in rows:
        facts = [escape_mrkdwn(row["source"])] if row.get("source") else []
        facts.append(escape_mrkdwn(row["date"]) if row.get("date") else "no date")
        lines.append(f"• *{escape_mrkdwn(row.get('title') or 'untitled')}* — {' · '.join(facts)}")
    blocks = (header("Newest documents"), section("\n".join(lines)),
              context("`/newsdesk docs` lists them all."))
    return Reply(blocks=blocks, text=f"The {len(rows)} newest documents")


def first_delivery(ctx: CommandContext, event_id: str) -> bool:
    """True the first time Slack delivers the event `event_id` (its retries get False), so each
    question is answered once, across threads, processes and restarts."""
    return claim_event(ctx.db, event_id)
