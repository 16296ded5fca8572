"""`/timeline` rendered: entries grouped by year, each date at its precision and honest about it."""

from __future__ import annotations

from bot.answers.common import bold_spans, count, export_buttons, sources_line
from bot.answers.reply import Reply, context, escape_mrkdwn, header, notice, page_token, section
from bot.queries.timeline import Timeline, TimelineEntry

_KIND_NOTES = {
    "inherited": "date from context",
    "reported": "article date",
}


# The Export buttons: the sheet CSV pastes into TimelineJS's template; the JSON loads directly.
EXPORT_FORMATS = (("csv", "Export CSV"), ("timelinejs", "Export TimelineJS"))


def date_notes(entry: TimelineEntry) -> list[str]:
    """What a reader must know about an event's date: where it came from, and if estimated."""
    notes = []
    if entry.kind in _KIND_NOTES:
        notes.append(_KIND_NOTES[entry.kind])
    if entry.estimated:
        notes.append("estimated")
    return notes


def date_note(entry: TimelineEntry) -> str:
    notes = date_notes(entry)
    return f" _({'; '.join(notes)})_" if notes else ""


def undated_note(t: Timeline) -> str:
    """Passages the timeline leaves out for want of a date, and where to read them: an analyst
    should know the timeline is not everything the documents say."""
    if not t.undated:
        return ""
    verb = "gives" if t.undated == 1 else "give"
    return (f"{t.undated:,} of the passages found {verb} no date: "
            f"`/search {escape_mrkdwn(t.topic)}` shows them.")


def timeline_reply(t: Timeline) -> Reply:
    topic = escape_mrkdwn(t.topic)
    if not t.entries:
        return notice(f"Nothing dated about “{topic}” in the documents. {undated_note(t)}".strip())
    title = f"Timeline: {t.entity_name or t.topic}"
    blocks = [header(title)]
    if t.note:
        blocks.append(context(escape_mrkdwn(t.note)))
    year = None
    for entry in t.entries:
        if entry.year != year:
            year = entry.year
            blocks.append(section(f"*{escape_mrkdwn(year)}*"))
        mark = "~" if entry.estimated else ""
        blocks.append(section(
            f"*{mark}{escape_mrkdwn(entry.date_label)}*{date_note(entry)}\n"
            f"{bold_spans(entry.text, ())}"))
        blocks.append(context(sources_line(entry.sources[:4])))
    footer = f"{count(t.total, 'event')} · page {t.page + 1} of {t.pages}"
    if t.undated:
        footer += f" · {undated_note(t)}"
    blocks.append(context(footer))
    blocks.append(export_buttons("timeline", t.topic, EXPORT_FORMATS))
    more = page_token("timeline", t.topic, t.page + 1) if t.page + 1 < t.pages else None
    first = t.entries[0]
    return Reply(blocks=tuple(blocks), more_token=more,
                 text=f"Timeline of {t.topic}: {count(t.total, 'event')} from {first.date_label}")
