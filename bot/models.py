"""Plain data passed between the ingest stages.

Every stage (extraction, cleaning, time, entities, descriptions, keyphrases) takes and returns
these frozen dataclasses, so each can be tested without SQLite, Slack or the other stages.
Character offsets are always into the text the stage was given (a paragraph's text, unless said).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Granularity of a date value, coarsest to finest. TIMEX3 values carry it implicitly
# ("2014" is a year, "2014-03" a month); we store it explicitly so answers can show
# a date at its precision (2014 · Mar 2014 · 15 Dec 2016).
GRANULARITIES = ("millennium", "century", "decade", "year", "half", "quarter", "season",
                 "month", "week", "day", "time")


@dataclass(frozen=True)
class DocDate:
    """A document's publication date and how we know it.

    kind is one of:
      - "given":     from the user (flag, sidecar, front matter, `docs set`)
      - "dateline":  a date line in the page header or footer ("September 18, 2020")
      - "stated":    page metadata or the text states it (HTML meta, "Published on …")
      - "estimated": nothing states it; inferred from dates in the text (see `evidence`)
    """

    value: str  # ISO prefix: "2016", "2016-12", "2016-12-09"
    granularity: str  # "year" | "month" | "day"
    kind: str
    evidence: str = ""

    @property
    def estimated(self) -> bool:
        return self.kind == "estimated"


@dataclass(frozen=True)
class Article:
    """One source file after extraction and cleaning: the body and what we know about it.

    `body` holds only the article's own prose, paragraphs separated by a blank line ("\\n\\n").
    `meta_lines` are the header/footer lines the cleaner took out as metadata rather than
    chrome (datelines, bylines, "By X, research fellow at Y"): the date finder and the
    description finder read them.
    """

    path: str
    format: str  # "txt" | "md" | "html" | "pdf"
    title: str
    body: str
    source: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    date: DocDate | None = None
    meta_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimeExpression:
    """A time expression found in text, normalized as a TimeML TIMEX3.

    type:  "DATE" | "TIME" | "DURATION" | "SET"
    value: TIMEX3 value ("2013-02", "2013-03-21", "2013-W12", "2013-SU", "199",
           "PRESENT_REF", "P3Y", "XXXX-12-15" when nothing anchors it) or "" if unknown
    granularity: one of GRANULARITIES, or "" for durations and sets
    anchored: the value was resolved against the document date (relative or
              year-less expressions), so it inherits that date's uncertainty
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    granularity: str
    anchored: bool = False


@dataclass(frozen=True)
class EventDate:
    """The date a passage is about.

    kind: "own" (its own DATE expression), "inherited" (the latest earlier one in its
    paragraph) or "reported" (the publication date). estimated: the date rests on an
    estimated publication date.
    """

    value: str
    granularity: str
    kind: str
    estimated: bool = False
    text: str = ""  # the expression it came from, if any


@dataclass(frozen=True)
class Mention:
    """A named-entity mention, cleaned.

    `name` is the surface form with possessives, leading titles and determiners removed
    ("Russian President Vladimir Putin’s" → "Vladimir Putin"); `title` keeps the words that
    were removed from the front ("Russian President").
    label: spaCy's label (PERSON, ORG, GPE, LOC, NORP, EVENT, LAW, FAC, PRODUCT, WORK_OF_ART)
    """

    start: int
    end: int
    text: str
    name: str
    label: str
    title: str = ""


@dataclass(frozen=True)
class LocalEntity:
    """One real thing within one document: the mentions that refer to it."""

    name: str  # the fullest form in the document ("Vladimir Putin")
    label: str
    forms: tuple[str, ...]  # every distinct cleaned name form seen ("Putin", "Vladimir Putin")
    mention_indexes: tuple[int, ...]  # indexes into the document's mention list


@dataclass(frozen=True)
class Description:
    """What the text says an entity is, with the sentence it says it in.

    kind: "appositive" | "title" | "copula" | "byline"
    """

    name: str  # the entity's name as mentioned (cleaned form)
    text: str  # "a Putin confidant and speaker of the State Duma"
    kind: str
    sentence_start: int = 0  # offsets of the sentence, in the text given
    sentence_end: int = 0


@dataclass(frozen=True)
class Keyphrase:
    phrase: str  # normalized (lemmatized, lower-cased) noun phrase
    count: int
    example: str = ""  # a surface form as written


@dataclass(frozen=True)
class Passage:
    """A sentence of the body, with its place in the document."""

    paragraph: int
    sentence: int
    start: int  # offsets into Article.body
    end: int
    text: str
    event_date: EventDate | None = None


@dataclass(frozen=True)
class YearClues:
    """What an undated text says of its own year, for ingest to weigh with the dated corpus.

    `lower`/`upper`: the years it cannot be before/after (from what it tells as past/ahead);
    `year`, `confidence`, `evidence`, `rule`: its own best guess, too weak to show alone;
    `weekdays`: (month, day, weekday 0-6) of the year-less dates it names with their weekday,
    which only some years fit.
    """

    lower: int | None = None
    upper: int | None = None
    year: int | None = None
    confidence: float = 0.0
    evidence: str = ""
    rule: str = ""
    weekdays: tuple[tuple[int, int, int], ...] = ()


@dataclass(frozen=True)
class AnalyzedDocument:
    """Everything ingest stores for one document."""

    article: Article
    date: DocDate | None
    passages: tuple[Passage, ...]
    mentions: tuple[tuple[int, Mention], ...]  # (passage index, mention with offsets in body)
    entities: tuple[LocalEntity, ...]
    descriptions: tuple[tuple[int, Description], ...]  # (passage index, description)
    time_expressions: tuple[tuple[int, TimeExpression], ...]  # (passage index, offsets in body)
    keyphrases: tuple[Keyphrase, ...] = field(default=())
    year_clues: YearClues | None = None  # only for a document that states no date


# The team's corrections to entity grouping (see bot.pipeline.curation, db.corrections).
MERGE = "merge"
SPLIT = "split"
NOT_ENTITY = "not_entity"
KINDS = (MERGE, SPLIT, NOT_ENTITY)


@dataclass(frozen=True)
class Correction:
    """A team decision on one entity, keyed by its normalized name and kind, so it keeps
    applying to documents added later."""

    kind: str  # merge | split | not_entity
    entity_key: str
    name: str = ""  # the entity's name (merge, not_entity) or the alias to split off (split)
    other_key: str = ""  # merge: the entity it is the same as
    other_name: str = ""
