"""What a digest says: the key themes, names and events of the documents ingested in a period.

`build_digest(db, period, now=...)` only reads; it knows nothing of Slack or of schedules
(`bot/slack/scheduler.py` decides when, `bot/slack/delivery.py` where). A period is [start, end) on the
time documents were ingested; `start=None` is the whole corpus. A channel's first digest covers
the last FIRST_DIGEST_DAYS.

The counting is done in SQL (a fixed number of statements whatever the period holds): phrases
and names are aggregated there and only the strongest candidates come back to Python.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from bot.pipeline.dating.display import date_sort_key, format_date, is_calendar_date
from bot.pipeline.themes import PhraseUse, Theme, head_key, key_themes
from bot.queries.sources import SourceRef
from db import digests as reads

DEFAULT_DAYS = 7
FIRST_DIGEST_DAYS = 30
# Theme candidates: every phrase of a period with up to ALL_PHRASES distinct ones; otherwise
# the CANDIDATE_PHRASES strongest multi-word phrases and the phrases sharing their head nouns.
ALL_PHRASES = 3000
CANDIDATE_PHRASES = 150
EXCERPT_DOCUMENTS = 200
EXCERPT_FORMS = 4  # written forms of a theme tried when looking for its excerpt
# Themes are found in at most about this many documents of a period, spread evenly over it
# (their document counts are then counted over the whole period, in SQL).
SAMPLE_DOCUMENTS = 2000
EVENT_CANDIDATES = 300
MAX_THEMES = 6
MAX_NAMES = 8
MAX_DOCUMENTS = 8
MAX_EVENTS = 5
MAX_LEAD = 240
# A name is rising when it is mentioned this many times more than in the period before.
RISING_FACTOR = 1.5
_NAME_LABELS = {"PERSON": "people", "ORG": "organizations", "GPE": "places", "LOC": "places"}


@dataclass(frozen=True)
class Period:
    """[start, end) in time of ingestion; start None means from the beginning."""

    start: dt.datetime | None
    end: dt.datetime

    @classmethod
    def last_days(cls, now: dt.datetime, days: int = DEFAULT_DAYS) -> Period:
        return cls(now - dt.timedelta(days=days), now)

    @classmethod
    def everything(cls, now: dt.datetime) -> Period:
        return cls(None, now)

    def previous(self) -> Period | None:
        """The period of the same length just before this one (None for the whole corpus)."""
        if self.start is None:
            return None
        return Period(self.start - (self.end - self.start), self.start)

    def bounds(self) -> tuple[str | None, str]:
        """The stored (whole-second) forms; the end rounds up, so a document ingested in the
        same second as `end` is inside."""
        end = self.end
        if end.microsecond:
            end = end.replace(microsecond=0) + dt.timedelta(seconds=1)
        return (reads.iso_utc(self.start) if self.start else None), reads.iso_utc(end)


class BadPeriod(ValueError):
    """A period the user typed that we cannot read; the message says what to type."""


_SINCE = re.compile(r"(\d{1,4})\s*([dhw])")
_UNITS = {"d": "days", "h": "hours", "w": "weeks"}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def parse_period(text: str, now: dt.datetime) -> Period:
    """The period ending `now` that `text` names: "7d", "24h", "2w" or "all" (the one parser of
    periods, for `newsdesk digest --since` and `/digest preview`).

    >>> now = dt.datetime(2020, 1, 8, tzinfo=dt.UTC)
    >>> parse_period("24h", now).start.isoformat()
    '2020-01-07T00:00:00+00:00'
    >>> parse_period("all", now).start is None
    True
    """
    word = text.strip().lower()
    if word == "all":
        return Period.everything(now)
    match = _SINCE.fullmatch(word)
    if not match or int(match[1]) == 0:
        raise BadPeriod(f"A period is e.g. `7d`, `24h`, `2w` or `all`, not “{text.strip()[:30]}”.")
    return Period(now - dt.timedelta(**{_UNITS[match[2]]: int(match[1])}), now)


def digest_period(db: Database, channel: str | None, now: dt.datetime) -> Period:
    """The last 7 days; the last FIRST_DIGEST_DAYS for a channel that never had a digest."""
    if channel and reads.last_posted_run(db, channel) is None:
        return Period.last_days(now, FIRST_DIGEST_DAYS)
    return Period.last_days(now)


@dataclass(frozen=True)
class DigestTheme:
    label: str
    phrases: tuple[str, ...]
    document_count: int
    excerpt: str  # a passage that uses the theme ("" if none was found)
    source: SourceRef | None


@dataclass(frozen=True)
class NameCount:
    entity_id: int
    name: str
    kind: str  # people | organizations | places
    mentions: int
    documents: int
    previous: int  # mentions in the period before (0 when there is none)
    rising: bool


@dataclass(frozen=True)
class NewDocument:
    source: SourceRef
    lead: str


@dataclass(frozen=True)
class DigestEvent:
    date: str
    date_label: str
    text: str
    source: SourceRef


@dataclass(frozen=True)
class Digest:
    period: Period
    generated_at: dt.datetime
    document_count: int
    themes: tuple[DigestTheme, ...]
    names: tuple[NameCount, ...]
    documents: tuple[NewDocument, ...]
    events: tuple[DigestEvent, ...]

    @property
    def empty(self) -> bool:
        return self.document_count == 0


def build_digest(db: Database, period: Period, *, now: dt.datetime) -> Digest:
    """The digest of the documents ingested in `period`."""
    start, end = period.bounds()
    if start is None and not reads.ingested_since(db, end):
        end = None  # the whole corpus: what the store keeps for it is read, not re-counted
    count = reads.document_count(db, start, end)
    docs = reads.newest_documents(db, start, end, MAX_DOCUMENTS)
    return Digest(
        period=period,
        generated_at=now,
        document_count=count,
        themes=tuple(_themes(db, start, end, count)),
        names=tuple(_names(db, period, start, end)),
        documents=tuple(_new_documents(db, docs)),
        events=tuple(newest_events(reads.newest_dated_passages(db, start, end,
                                                               EVENT_CANDIDATES))),
    )


def _themes(db: Database, start: str | None, end: str | None, count: int) -> list[DigestTheme]:
    counted = reads.phrase_counts(db, start, end, max(ALL_PHRASES + 1, CANDIDATE_PHRASES * 40))
    phrases = [r["phrase"] for r in counted]
    total = reads.document_total(db)
    if len(counted) > ALL_PHRASES:
        phrases = candidate_phrases(counted, total)
    every = max(1, -(-count // SAMPLE_DOCUMENTS))
    uses = [PhraseUse(*row) for row in reads.phrase_uses(db, start, end, phrases, every)]
    df = reads.phrase_document_frequency(db, phrases)
    themes = themes_by_head(uses, df, total, limit=MAX_THEMES,
                            min_documents=min(2, -(-count // every)))
    counts = ([t.document_count for t in themes] if every == 1 else
              reads.documents_using(db, start, end, [t.phrases for t in themes]))
    return [_with_excerpt(db, t, n) for t, n in zip(themes, counts, strict=True)]


def candidate_phrases(rows: Sequence[Mapping[str, Any]], n_documents: int,
                      limit: int = CANDIDATE_PHRASES) -> list[str]:
    """The phrases worth grouping into themes when a period has too many: the `limit`
    multi-word phrases with the most weight in the period (documents × IDF), and every phrase
    sharing a head noun with one of them (the only ones a theme can merge with them).

    >>> rows = [{"phrase": "economic sanction", "documents": 5, "df": 5},
    ...         {"phrase": "sanction", "documents": 9, "df": 40},
    ...         {"phrase": "peace treaty", "documents": 2, "df": 90}]
    >>> candidate_phrases(rows, 100, limit=1)
    ['economic sanction', 'sanction']
    """
    def weight(row: Mapping[str, Any]) -> float:
        return row["documents"] * math.log((1 + n_documents) / (1 + row["df"]))

    multi = sorted((r for r in rows if " " in r["phrase"]), key=lambda r: (-weight(r), r["phrase"]))
    heads = {head_key(r["phrase"]) for r in multi[:limit]}
    return [r["phrase"] for r in rows if head_key(r["phrase"]) in heads]


def themes_by_head(uses: Sequence[PhraseUse], df: Mapping[str, int], n_documents: int, *,
                   limit: int, min_documents: int) -> list[Theme]:
    """`key_themes`, run per head noun: phrases with different heads never share a theme and
    a theme's weight reads only its own phrases, so this gives the same themes in time
    proportional to the uses, not to themes × uses."""
    by_head: dict[str, list[PhraseUse]] = {}
    for use in uses:
        by_head.setdefault(head_key(use.phrase), []).append(use)
    themes = [t for part in by_head.values()
              for t in key_themes(part, df, n_documents, limit=limit, min_documents=min_documents)]
    themes.sort(key=lambda t: (-t.document_count * t.score, t.label))
    return themes[:limit]


def _with_excerpt(db: Database, theme: Theme, documents_count: int) -> DigestTheme:
    """The theme with the shortest readable passage of its documents that uses it."""
    documents = theme.documents[:EXCERPT_DOCUMENTS]  # its first documents hold the first passages
    for written in list(dict.fromkeys((theme.label, *theme.examples)))[:EXCERPT_FORMS]:
        rows = reads.passages_containing(db, documents, written)
        readable = [r for r in rows if len(r["text"].split()) >= 6] or rows
        if readable:
            best = min(readable, key=lambda r: abs(len(r["text"]) - 160))
            return DigestTheme(theme.label, theme.phrases, documents_count,
                               best["text"], SourceRef.from_row(best))
    return DigestTheme(theme.label, theme.phrases, documents_count, "", None)


def _names(db: Database, period: Period, start: str | None, end: str | None) -> list[NameCount]:
    now_rows = reads.top_entities(db, start, end, list(_NAME_LABELS), MAX_NAMES)
    before: Mapping[int, int] = {}
    previous = period.previous()
    if previous is not None:
        p_start, p_end = previous.bounds()
        before = reads.entity_mention_totals(db, [r["id"] for r in now_rows], p_start, p_end)
    return rank_names(now_rows, before, has_previous=previous is not None)


def rank_names(
    rows: Sequence[Mapping[str, Any]], before: Mapping[int, int], *, has_previous: bool,
    limit: int = MAX_NAMES,
) -> list[NameCount]:
    """People, organizations and places, most mentioned first; rising against the period before.

    >>> rows = [{"id": 1, "name": "Ada", "label": "PERSON", "mentions": 6, "documents": 2}]
    >>> rank_names(rows, {1: 2}, has_previous=True)[0].rising
    True
    """
    out = []
    for row in sorted(rows, key=lambda r: (-r["mentions"], -r["documents"], r["name"])):
        kind = _NAME_LABELS.get(row["label"])
        if kind is None:
            continue
        prior = before.get(row["id"], 0)
        rising = has_previous and row["mentions"] >= 2 and row["mentions"] >= RISING_FACTOR * max(prior, 1)
        out.append(NameCount(row["id"], row["name"], kind, row["mentions"], row["documents"], prior, rising))
        if len(out) == limit:
            break
    return out


def _new_documents(db: Database, docs: Sequence[Mapping[str, Any]]) -> list[NewDocument]:
    shown = list(docs[:MAX_DOCUMENTS])
    leads = reads.first_passages(db, [d["id"] for d in shown])
    return [
        NewDocument(SourceRef.from_row({**d, "document_id": d["id"]}), lead_line(leads.get(d["id"], "")))
        for d in shown
    ]


_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{1,40}\s+(?:—|–|--|-)\s+")


def lead_line(text: str, limit: int = MAX_LEAD) -> str:
    """A document's first sentence, without a leading dateline, cut at a word if too long.

    >>> lead_line("TOKYO — The port reopened on Monday.")
    'The port reopened on Monday.'
    """
    text = _DATELINE.sub("", " ".join(text.split()))
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > 0 else limit - 1] + "…"


def newest_events(rows: Sequence[Mapping[str, Any]], limit: int = MAX_EVENTS) -> list[DigestEvent]:
    """The newest dated passages (calendar dates only), one per date, newest first."""
    dated = [r for r in rows if is_calendar_date(r["event_date"])]
    dated.sort(key=lambda r: (date_sort_key(r["event_date"]), -r["id"]), reverse=True)
    out, seen = [], set()
    for row in dated:
        if row["event_date"] in seen:
            continue
        seen.add(row["event_date"])
        out.append(DigestEvent(row["event_date"], format_date(row["event_date"], row["event_granularity"] or ""),
                               lead_line(row["text"], 300), SourceRef.from_row(row)))
        if len(out) == limit:
            break
    return out
