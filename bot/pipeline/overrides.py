"""Document metadata written in words: "date: 2016-11-02, source: Tokyo Foundation". Pure.

A file shared in Slack can carry its metadata in the message or comment it was shared with, and
`/newsdesk set 3 date=2016-11-02 title=…` corrects a document the same way; both read it here.

    >>> parse_overrides("Here it is. date: 2016-11-02, source: Tokyo Foundation")
    {'date': '2016-11-02', 'source': 'Tokyo Foundation'}
    >>> parse_overrides("title=Talks resume url=<https://ex.org/a|ex.org/a>")
    {'title': 'Talks resume', 'url': 'https://ex.org/a'}

Only the keys ingest understands are read (title, date, source, url; "author" and "authors"
become authors); every other word is left alone, so a message of plain chat yields `{}`.
"""

from __future__ import annotations

import html
import re

KEYS = ("title", "date", "source", "url", "authors")
_ALIASES = {"author": "authors", "by": "authors", "published": "date", "link": "url",
            "publisher": "source"}
_KEY = r"(?:title|date|source|url|authors?|published|link|publisher)"
_PAIR = re.compile(rf"(?<![\w/])(?P<key>{_KEY})\s*[:=]\s*", re.IGNORECASE)
_SLACK_LINK = re.compile(r"<((?:https?|mailto):[^|>]*)(?:\|[^>]*)?>")
_MENTION = re.compile(r"<[@#!][^>]*>")
_TRAIL = " \t\n,;"


def parse_overrides(text: str) -> dict[str, str]:
    """The `key: value` / `key=value` pairs in `text`, each value running to the next key.

    A value ends at the next known key, a line break or a semicolon; a comma ends it only when
    a key follows (so "source: Smith, Jones & Co" keeps its comma). Later keys win.
    """
    text = _MENTION.sub(" ", _SLACK_LINK.sub(r"\1", text or ""))
    text = html.unescape(text)
    found: dict[str, str] = {}
    for line in re.split(r"[\n;]", text):
        matches = list(_PAIR.finditer(line))
        for i, match in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
            value = _clean_value(line[match.end():end])
            if value:
                key = match.group("key").lower()
                found[_ALIASES.get(key, key)] = value
    return found


def _clean_value(value: str) -> str:
    value = value.strip(_TRAIL)
    if value.endswith(".") and not re.search(r"\b[A-Z]\.$|\.\w+\.$", value):
        value = value[:-1]  # a sentence's full stop, not an initial ("J.") or "Co."
    return value.strip(_TRAIL + "\"'“”")
