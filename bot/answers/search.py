"""`/search` rendered: ranked excerpts with the matching words in bold."""

from __future__ import annotations

from bot.answers.common import bold_marked, count, source_line
from bot.answers.reply import Reply, context, escape_mrkdwn, header, notice, page_token, section
from bot.queries.search import MARK_END, MARK_START, SearchResults


def search_reply(r: SearchResults) -> Reply:
    query = escape_mrkdwn(r.query)
    if not r.hits:
        return notice(f"No passage matches “{query}”.")
    blocks = [header(f"Search: {r.query}")]
    if r.note:
        blocks.append(context(escape_mrkdwn(r.note)))
    for hit in r.hits:
        blocks.append(section(bold_marked(hit.marked_text, MARK_START, MARK_END)))
        blocks.append(context(source_line(hit.source)))
    blocks.append(context(f"{count(r.total, 'passage')} · page {r.page + 1} of {r.pages}"))
    more = page_token("search", r.query, r.page + 1) if r.page + 1 < r.pages else None
    return Reply(blocks=tuple(blocks), more_token=more, text=f"{count(r.total, 'passage')} match {r.query}")
