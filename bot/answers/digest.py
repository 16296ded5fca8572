"""A digest rendered as one Slack message (and as plain text for the terminal).

Each theme carries a "Timeline" button (the "More" action with a `timeline` page token, so the
existing button listener answers it privately) and shows the command to type.
"""

from __future__ import annotations

import datetime as dt

from bot.answers.common import count, shorten, source_line
from bot.answers.reply import (
    MORE_ACTION,
    Block,
    Reply,
    button,
    context,
    divider,
    escape_mrkdwn,
    header,
    notice,
    page_token,
    section,
)
from bot.queries.digest import Digest, DigestTheme

MAX_EXCERPT = 280


def _day(moment: dt.datetime) -> str:
    return f"{moment.day} {moment:%b %Y}"


def period_line(digest: Digest) -> str:
    period = digest.period
    docs = f"{digest.document_count} document{'' if digest.document_count == 1 else 's'}"
    if period.start is None:
        return f"All {docs} read so far"
    return f"{docs} added {_day(period.start)} – {_day(period.end)}"


def _theme_block(number: int, theme: DigestTheme) -> list[Block]:
    label = escape_mrkdwn(theme.label)
    lines = [f"*{number}. {label}* — {count(theme.document_count, 'document')}"]
    if theme.excerpt:
        lines.append(f"> {escape_mrkdwn(shorten(theme.excerpt, MAX_EXCERPT))}")
    block = section("\n".join(lines))
    token = page_token("timeline", theme.label, 0)
    block["accessory"] = button("Timeline", MORE_ACTION, token)
    notes = [f"`/timeline {escape_mrkdwn(theme.label)}`"]
    if theme.source:
        notes.append(source_line(theme.source))
    return [block, context(" · ".join(notes))]


def digest_reply(digest: Digest) -> Reply:
    """The digest as a Reply: themes, names, new documents, newest events."""
    if digest.empty:
        text = f"No new documents: {period_line(digest).lower()}."
        return notice(escape_mrkdwn(text))
    blocks: list[Block] = [header("newsdesk digest"), context(escape_mrkdwn(period_line(digest)))]
    if digest.themes:
        blocks.append(section("*Key themes*"))
        for number, theme in enumerate(digest.themes, start=1):
            blocks.extend(_theme_block(number, theme))
    if digest.names:
        blocks.append(divider())
        blocks.append(section("*Most mentioned*\n" + _names_text(digest)))
    if digest.documents:
        blocks.append(divider())
        lines = [f"*New documents* ({digest.document_count})"]
        for doc in digest.documents:
            lead = f"\n{escape_mrkdwn(doc.lead)}" if doc.lead else ""
            lines.append(f"• {source_line(doc.source)}{lead}")
        blocks.append(section(shorten("\n".join(lines), 2900)))
    if digest.events:
        blocks.append(divider())
        lines = ["*Newest dated events*"]
        for event in digest.events:
            lines.append(f"• *{escape_mrkdwn(event.date_label)}* — {escape_mrkdwn(shorten(event.text, 240))}")
        blocks.append(section(shorten("\n".join(lines), 2900)))
    return Reply(blocks=tuple(blocks), text=_fallback(digest))


def _names_text(digest: Digest) -> str:
    groups: dict[str, list[str]] = {}
    for name in digest.names:
        arrow = " ↑" if name.rising else ""
        groups.setdefault(name.kind, []).append(
            f"{escape_mrkdwn(name.name)} ({name.mentions}){arrow}")
    lines = [f"_{kind.capitalize()}:_ " + ", ".join(items) for kind, items in groups.items()]
    if any(n.rising for n in digest.names):
        lines.append("↑ rising: mentioned more than in the period before")
    return "\n".join(lines)


def _fallback(digest: Digest) -> str:
    """The notification text: the period and the top themes, plain."""
    themes = ", ".join(t.label for t in digest.themes[:4])
    text = f"newsdesk digest: {period_line(digest)}"
    return text + (f". Key themes: {themes}" if themes else "")
