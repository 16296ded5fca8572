"""Find the time expressions of one paragraph and normalize them, in text order.

The rules (rules.py) propose matches; the longest non-overlapping ones are kept; then each is
read in text order with a `Context` that remembers the paragraph's dates, so a year-less
"In March" after "February 2014" is March 2014. spaCy helps in two places: the parse gives the
tense that decides whether a bare "February" is the last or the next one, and the entity and
dependency labels tell a year ("in 1941") from a count ("1941 troops").
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from bot.models import TimeExpression
from bot.pipeline.dating.context import Context, Found, Memory
from bot.pipeline.dating.lexicon import RESULT_NOUNS, TIME_NOUNS
from bot.pipeline.dating.rules import RULES, Rule
from bot.pipeline.dating.tense import direction_of
from bot.pipeline.dating.values import granularity_of, parse_value

log = logging.getLogger(__name__)

_NOT_YEAR_ENTS = frozenset({"MONEY", "PERCENT", "QUANTITY"})
_NAME_ENTS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "FAC", "GPE"})


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    order: int
    rule: Rule
    match: re.Match[str]


def find_time_expressions(doc: Doc, anchor: dt.date | None, anchor_granularity: str = "day",
                          memory: Memory | None = None) -> list[TimeExpression]:
    """Every time expression in `doc`, normalized against `anchor` (the document's date).

    Pass the same `memory` for the paragraphs of one document, in order (or use
    `find_in_paragraphs`), so a paragraph can lean on what the earlier ones said.

    >>> [e.value for e in find_time_expressions(nlp("It fell last month."), dt.date(2020, 9, 18))]
    ['2020-08']
    """
    return find_in_text(doc.text, anchor, anchor_granularity, doc=doc, memory=memory)


def find_in_paragraphs(docs: Sequence[Doc], anchor: dt.date | None,
                       anchor_granularity: str = "day") -> list[list[TimeExpression]]:
    """Each paragraph's expressions, for the paragraphs of one document in order: a
    "year ago" in a later paragraph of an earnings report is the reported quarter's."""
    memory = Memory()
    return [find_time_expressions(d, anchor, anchor_granularity, memory) for d in docs]


def find_in_text(text: str, anchor: dt.date | None, anchor_granularity: str = "day",
                 doc: Doc | None = None, memory: Memory | None = None) -> list[TimeExpression]:
    """The rule-based finder on plain text; with a parsed `doc`, tense and number checks apply.

    Header lines ("Published: 3 March 2019") have no parse worth having, so they come here
    without a doc.
    """
    anchor = _midpoint(anchor, anchor_granularity)

    def direction(start: int, end: int) -> str | None:
        return direction_of(doc, start, end) if doc is not None else None

    # The probe only asks "can this match be read at all?", so it pretends an earlier date
    # exists for readers like "later that year" that need one.
    stand_in = (anchor or dt.date(2000, 1, 1), "day")
    probe = Context(anchor, anchor_granularity, explicit=stand_in, latest=stand_in)
    chosen = _choose(_candidates(text, doc), probe)
    context = Context(anchor, anchor_granularity, direction,
                      memory=memory if memory is not None else Memory())
    expressions = []
    for candidate in chosen:
        found = _read(candidate, context)
        if found is None:
            continue
        expression = _expression(text, candidate, found)
        expressions.append(expression)
        _remember(context, expression, scene=not _modifies_a_noun(doc, expression))
    return expressions


def _midpoint(anchor: dt.date | None, granularity: str) -> dt.date | None:
    """Stand for a year or month anchor by its middle, so "three months ago" in a text
    dated only "2016" stays in 2016 rather than falling into 2015 from January 1."""
    if anchor is None:
        return None
    if granularity == "year":
        return dt.date(anchor.year, 7, 1)
    if granularity == "month":
        return anchor.replace(day=15)
    return anchor


def _candidates(text: str, doc: Doc | None) -> list[_Candidate]:
    found = []
    for order, rule in enumerate(RULES):
        for match in rule.pattern.finditer(text):
            if match.end() > match.start() and _plausible(rule, match, doc):
                found.append(_Candidate(match.start(), match.end(), order, rule, match))
    return found


def _choose(candidates: list[_Candidate], probe: Context) -> list[_Candidate]:
    """The longest readable matches that do not overlap, in text order."""
    taken: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.order, c.start)):
        if any(c.start < candidate.end and candidate.start < c.end for c in taken):
            continue
        if _read(candidate, probe) is None:
            continue
        taken.append(candidate)
    return sorted(taken, key=lambda c: c.start)


def _read(candidate: _Candidate, context: Context) -> Found | None:
    """The rule's reading, or None when its arithmetic fails: one odd expression (a date out
    of the calendar's range) must never cost the whole document its dates."""
    try:
        return candidate.rule.read(candidate.match, context)
    except (ValueError, OverflowError, KeyError, IndexError):
        log.debug("unreadable time expression %r (rule %s)", candidate.match.group(0),
                  candidate.rule.name, exc_info=True)
        return None


def _plausible(rule: Rule, match: re.Match[str], doc: Doc | None) -> bool:
    """Reject a bare four-digit number that the sentence uses as a count or an amount,
    and "quarterly" used as an adjective ("a quarterly dividend", "quarterly results" name
    a report, while "a weekly address" and "daily flights" do recur) or as a noun ("declared
    a regular quarterly of 10 cents": the dividend itself)."""
    if rule.name == "set" and match["adv"] and match["adv"].lower() == "quarterly" and \
            doc is not None:
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        return span is None or not (span.root.dep_ in ("amod", "compound") or any(
            c.dep_ in ("det", "poss") for c in span.root.children))
    if rule.name != "holiday" and _TITLED_UNIT.search(match.group(0), 1) and \
            not match.group(0).isupper():
        return False  # "60 Minutes", "This Week With David Brinkley": a title, no time
    if rule.name == "deictic-day" and match["word"].lower() in ("today", "tomorrow", "yesterday") \
            and _of_an_era(match, doc):
        return False  # "the people of tomorrow", "the heroes of yesterday": an era, no day
    if rule.name == "vague-duration":
        return _bare_plural_unit(match, doc)
    if rule.name == "ref" and match["word"].lower().endswith("future"):
        return _future_as_time(match, doc)
    if rule.name == "bare-month" and doc is not None:
        span = doc.char_span(match.start("mon"), match.end("mon"), alignment_mode="expand")
        return span is None or span.root.ent_type_ not in _NAME_ENTS  # Theresa May, "and May"
    if rule.name != "year" or match.group(0) != match["year"]:
        return True
    text = match.string
    before = text[max(0, match.start() - 2):match.start()]
    if "$" in before or "#" in before or re.search(r"(?i)\bno\.\s*$", text[:match.start()][-5:]):
        return False
    if doc is None:
        return True
    span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
    if span is None or len(span) != 1:
        return True
    token = span[0]
    if token.ent_type_ in _NOT_YEAR_ENTS:
        return False
    before = doc[token.i - 1] if token.i > 0 else None
    if before is not None and token.text[:2] in ("18", "19", "20") and (
            before.lower_ in ("the", "a", "an") or before.tag_ in ("POS", "PRP$")):
        return True  # "the 1992 protests", "the company's 1989 results": counts take commas
    if token.dep_ == "nummod" and token.head.lemma_.lower() in RESULT_NOUNS and \
            token.text[:2] in ("19", "20"):
        return True  # "predicting 1990 earnings", "1991 profits": a period's sum, a year
    if token.dep_ == "nummod" and token.head.tag_ in ("NNS", "NNPS") and \
            token.head.lower_ not in TIME_NOUNS:
        return False  # "2000 troops" (a count) — but "the 1996 bombing" is a year
    if token.ent_type_ == "DATE":
        return True
    if token.dep_ == "nummod" and token.head.pos_ in ("NOUN", "PROPN") and \
            token.head.lower_ not in TIME_NOUNS and token.head.i > token.i:
        return False
    return not (token.ent_type_ == "CARDINAL" and token.dep_ in ("dobj", "nsubj", "pobj")
                and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children))


def _of_an_era(match: re.Match[str], doc: Doc | None) -> bool:
    """"the people of tomorrow", "the heroes of yesterday": a plural noun with "of" before the
    word makes it an era, not the day before or after the text's."""
    if doc is None or not re.search(r"\bof\s+$", match.string[max(0, match.start() - 4):match.start()]):
        return False
    span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
    if span is None or span.start < 2:
        return False
    noun = doc[span.start - 2]
    return noun.tag_ in ("NNS", "NNPS") and any(c.lower_ == "the" for c in noun.children)


# A unit of time with a capital inside an expression: prose writes "60 minutes", "this
# week"; "60 Minutes" and "This Week" are the names of shows, books and films.
_TITLED_UNIT = re.compile(r"\b(?:Years?|Months?|Weeks?|Days?|Hours?|Minutes?|Seconds?|Decades?|"
                          r"Centur(?:y|ies)|Quarters?|Weekends?|Nights?|Mornings?|Evenings?)\b")


def _future_as_time(match: re.Match[str], doc: Doc | None) -> bool:
    """"in the future", "worried about the future" name a time; "the future of NATO" and
    "the future looks bleak" name the prospects of something, no time."""
    if re.match(r"\s+of\b", match.string[match.end():]):
        return False
    if doc is None:
        return True
    span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
    return span is None or span.root.dep_ not in ("nsubj", "nsubjpass")


# What makes "days" something other than an uncounted stretch: "the days of", "those
# years", "his 20s", "business hours", "opening hours", "the Fed minutes".
_BOUND_BY = frozenset({"det", "nummod", "poss", "compound", "amod", "quantmod", "predet"})


def _bare_plural_unit(match: re.Match[str], doc: Doc | None) -> bool:
    """"for years", "days of talks", "within minutes", "years-long": a plural unit nobody
    counted. Without a parse only the sure cases ("for/over/in/within years") pass."""
    if doc is None:
        return match["lead"] is not None
    span = doc.char_span(match.start("unit"), match.end("unit"), alignment_mode="expand")
    if span is None or len(span) != 1:
        return False
    token = span[0]
    if token.pos_ not in ("NOUN", "PROPN") or any(c.dep_ in _BOUND_BY for c in token.children):
        return False
    hyphenated = doc.text[token.idx + len(token):token.idx + len(token) + 1] == "-"
    return token.dep_ != "compound" or hyphenated  # "years-long" is still uncounted years


def _expression(text: str, candidate: _Candidate, found: Found) -> TimeExpression:
    start = candidate.start + found.start_trim
    end = candidate.end - found.end_trim
    granularity = found.granularity if found.type in ("DATE", "TIME") else ""
    return TimeExpression(start=start, end=end, text=text[start:end], type=found.type,
                          value=found.value, granularity=granularity, anchored=found.anchored)


def _modifies_a_noun(doc: Doc | None, expression: TimeExpression) -> bool:
    """Whether the date only qualifies a noun after it ("the Dec. 21, 1988, bombing", "the
    August 1988 cease-fire"): such a date names an event in passing and sets no scene for
    the year-less dates that follow ("... agreed in April" is not April 1988)."""
    if doc is None:
        return False
    span = doc.char_span(expression.start, expression.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    head = span.root.head
    if span.root.dep_ in ("compound", "nmod", "amod", "npadvmod", "nummod") and \
            head.pos_ in ("NOUN", "PROPN") and head.i >= span.end:
        return True
    # The parse often misses it when commas surround the date; the shape does not:
    # a determiner before the date and a common noun after it.
    after = next((t for t in doc[span.end:span.end + 2] if not t.is_punct), None)
    return span.start > 0 and doc[span.start - 1].dep_ in ("det", "poss") and \
        after is not None and after.pos_ == "NOUN"


_COMPARED_BACK = re.compile(r"(?i)\b(?:ago|earlier|year-ago|year-earlier)\b")


def _remember(context: Context, expression: TimeExpression, scene: bool = True) -> None:
    """Keep the paragraph's last date (and last date with a written year) for later rules;
    a date that only qualifies a noun is remembered as a date, not as the scene."""
    if expression.type != "DATE" or expression.value.endswith("_REF"):
        return
    if expression.anchored and not re.match(r"^\d{4}", expression.value):
        context.explicit = None  # "in May this year" with no anchor: still not that year
        return
    day = parse_value(expression.value)
    if day is None:
        return
    granularity = granularity_of(expression.value) or expression.granularity
    if not _COMPARED_BACK.search(expression.text):  # "a year earlier" is no reported period
        context.memory.remember_period(day, granularity, context.anchor)
    context.latest = (day, granularity)
    context.memory.latest = (day, granularity)
    # Only the date just mentioned sets the scene: after "in May this year", a bare
    # "September" follows the document date, not the "2015" named a sentence before.
    context.explicit = None if expression.anchored or not scene else (day, granularity)
