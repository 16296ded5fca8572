"""`/who` rendered: profile, descriptions, appearances, companions, excerpts; or nearest names."""

from __future__ import annotations

from bot.answers.common import bold_spans, count, export_buttons, source_line
from bot.answers.curation import with_curation
from bot.answers.reply import (
    PICK_ACTION,
    Reply,
    button,
    buttons,
    context,
    divider,
    escape_mrkdwn,
    header,
    page_token,
    section,
)
from bot.queries.who import NotFound, WhoResult

MAX_DESCRIPTIONS = 5
EXPORT_FORMATS = (("csv", "Export CSV"), ("json", "Export JSON"))


def who_reply(result: WhoResult | NotFound) -> Reply:
    """A profile with its curation buttons, or the nearest names."""
    if isinstance(result, NotFound):
        return not_found_reply(result)
    return with_curation(profile_reply(result), result)


def not_found_reply(result: NotFound) -> Reply:
    text = f"No one called “{escape_mrkdwn(result.query)}” appears in the documents."
    blocks = [section(text)]
    if result.nearest:
        names = ", ".join(escape_mrkdwn(c.name) for c in result.nearest)
        blocks.append(context(f"Nearest names: {names}"))
        blocks.append(_pick_buttons(result.nearest))
    return Reply(blocks=tuple(blocks), text=f"No match for {result.query}")


def _pick_buttons(candidates) -> dict:
    return buttons(*[
        button(c.name, f"{PICK_ACTION}_{i}", page_token("who", c.name, 0))
        for i, c in enumerate(candidates[:5])
    ], block_id="newsdesk_who_pick")


def profile_reply(r: WhoResult) -> Reply:
    name = escape_mrkdwn(r.name)
    blocks = [header(f"{r.name} ({r.kind})")]
    lines = []
    for d in r.descriptions[:MAX_DESCRIPTIONS]:
        refs = "; ".join(source_line(s) for s in d.sources[:3])
        lines.append(f"• {escape_mrkdwn(d.text)} — _{refs}_")
    if lines:
        blocks.append(section("*According to the documents:*\n" + "\n".join(lines)))
    else:
        blocks.append(section(f"The documents do not say who or what *{name}* is; "
                              "here is where they mention it."))
    span = ""
    if r.first_date:
        span = f", {escape_mrkdwn(r.first_date)}" + (
            f" – {escape_mrkdwn(r.last_date)}" if r.last_date != r.first_date else "")
    facts = f"{count(r.mentions, 'mention')} in {count(r.documents, 'document')}{span}"
    if r.aliases:
        facts += " · also written " + ", ".join(escape_mrkdwn(a) for a in r.aliases[:6])
    blocks.append(context(facts))
    if r.companions:
        parts = [f"*{group.capitalize()}:* " + ", ".join(
            f"{escape_mrkdwn(n)} ({c})" for n, c in names) for group, names in r.companions.items()]
        blocks.append(section("*Appears with*\n" + "\n".join(parts)))
    if r.excerpts:
        blocks.append(divider())
        for excerpt in r.excerpts:
            blocks.append(section(f"> {bold_spans(excerpt.text, excerpt.bold)}"))
            blocks.append(context(source_line(excerpt.source)))
    if r.alternatives:
        blocks.append(context("Did you mean someone else?"))
        blocks.append(_pick_buttons(r.alternatives))
    blocks.append(export_buttons("who", r.name, EXPORT_FORMATS))
    fallback = f"{r.name} ({r.kind})"
    if r.descriptions:
        fallback += f": {r.descriptions[0].text}"
    return Reply(blocks=tuple(blocks), text=fallback)
