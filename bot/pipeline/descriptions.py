"""What the text says people and organizations are, read from the dependency parse.

Four ways an article tells you who someone is:
  - an appositive:   "Sergei Ivanov, a former defence minister, said …"
                     "The German chancellor, Olaf Scholz, said …" (the reverse order)
  - a title:         "German Chancellor Olaf Scholz" (already split off by `extract_mentions`)
  - a copula:        "Ivanov is a former defence minister …", "Ivanov, who was …",
                     "Ivanov served as defence minister"
  - a byline:        "By Jane Roe, research fellow at the Example Institute"

All of them come from the parse (appos / attr / relcl arcs), not from string patterns, so they
work on any site's prose. Descriptions that are only another name, a date or a pronoun are
dropped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from bot.models import Description, Mention
from bot.pipeline.mentions import extract_mentions, is_honorific

log = logging.getLogger(__name__)

DESCRIBED_LABELS = frozenset({"PERSON", "ORG"})
MAX_DESCRIPTION_CHARS = 200
_TRAILING = " \t\n,;:.–—-\"'“”‘’()[]"
_NOT_DESCRIPTIONS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT",
                               "QUANTITY"})
_BYLINE_LEAD = frozenset({"by", "written", "words", "text", "story", "reporting", "reported",
                          "analysis", "commentary", "opinion", "from", "and"})
_BYLINE_SEPARATORS = frozenset({",", "|", "–", "—", "-", "•", ":"})
_SERVE_VERBS = frozenset({"serve", "work", "act"})


def find_descriptions(doc: Doc, mentions: Sequence[Mention]) -> list[Description]:
    """Descriptions of the people and organizations mentioned in one paragraph.

    `mentions` are `extract_mentions(doc)` (offsets into `doc.text`). Each (name, text) pair is
    reported once per paragraph, in text order.
    """
    found: list[Description] = []
    for mention in mentions:
        if mention.label not in DESCRIBED_LABELS:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        found.extend(_describe(mention, span))
    return _unique(found)


def find_byline_descriptions(doc: Doc) -> tuple[list[Mention], list[Description]]:
    """The person(s) a byline or author line names, and what it says they are.

    `doc` is one meta line ("By Jane Roe, research fellow at the Example Institute",
    "JOHN ROE, Nikkei commentator"). The line is about its author, so a leading name is taken
    as a person even when the tagger (which does poorly on capitals) did not find one.
    """
    people = [m for m in extract_mentions(doc) if m.label == "PERSON"]
    if not people:
        fallback = _leading_name(doc)
        people = [fallback] if fallback is not None else []
    people = [_unshout(m) for m in people]
    found: list[Description] = []
    for mention in people:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        texts = [d.text for d in _describe(mention, span) if d.kind != "title"]
        if not texts:
            texts = [t for t in [_after_comma(doc, span)] if t]
        for text in texts:
            found.append(Description(name=mention.name, text=text, kind="byline",
                                     sentence_start=0, sentence_end=len(doc.text)))
    return people, _unique(found)


def _describe(mention: Mention, span: Span) -> list[Description]:
    root = _name_root(span)
    sent = root.sent

    def make(text: str, kind: str) -> Description:
        return Description(name=mention.name, text=text, kind=kind,
                           sentence_start=sent.start_char, sentence_end=sent.end_char)

    out: list[Description] = []
    if mention.label == "PERSON" and mention.title and not is_honorific(mention.title):
        title = _strip_honorifics(mention.title)
        if title:
            out.append(make(title, "title"))
    for phrase in _appositives(root, span):
        out.append(make(phrase, "appositive"))
    for phrase in _copulas(root):
        out.append(make(phrase, "copula"))
    return out


def _name_root(span: Span) -> Token:
    """The name's own head: skips a trailing possessive mark."""
    root = span.root
    if root.tag_ == "POS" and root.head.i in range(span.start, span.end):
        return root.head
    return root


def _appositives(root: Token, span: Span) -> list[str]:
    doc = span.doc
    out = []
    # Appositives set off by a comma; consecutive ones ("X, a lawyer and chair of the Council,
    # the upper house, …" — the parser often hangs the nested one on X too) read as one.
    groups: list[list[Token]] = []
    last_end = span.end
    for child in sorted(root.children, key=lambda t: t.i):
        if child.dep_ != "appos" or child.i < span.end:
            continue
        gap = doc[last_end:child.left_edge.i]
        if not all(t.is_punct for t in gap):
            continue
        if not groups and not any(t.text == "," for t in gap):
            continue  # "President Barack Obama" style: not set off by a comma
        if groups:
            groups[-1].append(child)
        else:
            groups.append([child])
        last_end = child.right_edge.i + 1
    for group in groups:
        phrase = _phrase(doc[group[0].left_edge.i:group[-1].right_edge.i + 1], group[0])
        if phrase:
            out.append(phrase)
    head = root.head
    if root.dep_ == "appos" and head.i < span.start and head.pos_ == "NOUN":
        # "The German chancellor, Olaf Scholz, said": the description comes first.
        end = span.start
        while end > head.left_edge.i and doc[end - 1].is_punct:
            end -= 1
        if end < span.start and doc[end].text == ",":
            phrase = _phrase(doc[head.left_edge.i:end], head)
            if phrase:
                out.append(phrase)
    return out


def _copulas(root: Token) -> list[str]:
    """"X is/was a …", "X, who is a …", "X served as …"."""
    out = []
    verbs = []
    if root.dep_ in ("nsubj", "nsubjpass"):
        verbs.append(root.head)
    for child in root.children:
        if child.dep_ == "relcl" and any(
            t.lower_ in ("who", "which", "that") and t.dep_ == "nsubj" for t in child.children
        ):
            verbs.append(child)
    for verb in verbs:
        if any(c.dep_ == "neg" for c in verb.children):
            continue
        lemma = verb.lemma_.lower()
        for child in verb.children:
            target = None
            if lemma == "be" and child.dep_ == "attr":
                target = child
            elif lemma in _SERVE_VERBS and child.dep_ == "prep" and child.lower_ == "as":
                target = next((c for c in child.children if c.dep_ == "pobj"), None)
            if target is not None and target.i > root.i:
                phrase = _phrase(target.doc[target.left_edge.i:target.right_edge.i + 1], target)
                if phrase:
                    out.append(phrase)
    return out


def _phrase(tokens: Span, head: Token) -> str:
    """The description text, or "" when it is not one (a name, a date, a pronoun)."""
    if head.pos_ == "PRON" or head.ent_type_ in _NOT_DESCRIPTIONS:
        return ""
    words = [t for t in tokens if not t.is_punct and t.pos_ != "DET"]
    if not words:
        return ""
    if head.pos_ == "PROPN" and not any(t.pos_ in ("DET", "ADJ") or t.text[:1].islower()
                                        for t in tokens):
        return ""  # just another name: "Tokyo, Japan"
    if all(t.ent_type_ or t.pos_ == "PROPN" for t in words):
        return ""
    text = _clip(tokens.text.strip(_TRAILING))
    if len(text) < 3 or "\n\n" in text:
        return ""
    return " ".join(text.split())


def _clip(text: str) -> str:
    """Keep a long appositive whole up to MAX_DESCRIPTION_CHARS, then cut at a clause break."""
    if len(text) <= MAX_DESCRIPTION_CHARS:
        return text
    cut = text.rfind(",", 0, MAX_DESCRIPTION_CHARS)
    if cut < MAX_DESCRIPTION_CHARS // 2:
        cut = text.rfind(" ", 0, MAX_DESCRIPTION_CHARS)
    return text[:cut].rstrip(_TRAILING) + " …"


def _strip_honorifics(title: str) -> str:
    """"NAO head Sir" → "NAO head": honorifics say nothing about the person."""
    words = title.split()
    while words and is_honorific(words[0]):
        words = words[1:]
    while words and is_honorific(words[-1]):
        words = words[:-1]
    return " ".join(words)


def _unique(found: list[Description]) -> list[Description]:
    seen: set[tuple[str, str]] = set()
    out = []
    for d in found:
        key = (d.name, d.text.lower())
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


# ---------------------------------------------------------------- bylines


def _leading_name(doc: Doc) -> Mention | None:
    """A name opening a byline ("By JANE ROE, …") that the tagger missed."""
    i = 0
    while i < len(doc) and (doc[i].lower_ in _BYLINE_LEAD or doc[i].is_punct):
        i += 1
    j = i
    while j < len(doc) and j - i < 5 and doc[j].is_alpha and doc[j].text[:1].isupper():
        j += 1
    if j < len(doc) and doc[j].text not in _BYLINE_SEPARATORS | {"and", "/"}:
        return None
    if not 2 <= j - i <= 4:
        return None
    span = doc[i:j]
    return Mention(start=span.start_char, end=span.end_char, text=span.text, name=span.text,
                   label="PERSON")


def _unshout(mention: Mention) -> Mention:
    """"JOHN ROE" → "John Roe": bylines are often in capitals, names are not."""
    if not mention.name.isupper():
        return mention
    name = " ".join(w.capitalize() if w.isalpha() else w for w in mention.name.split())
    return Mention(start=mention.start, end=mention.end, text=mention.text, name=name,
                   label=mention.label, title=mention.title)


def _after_comma(doc: Doc, span: Span) -> str:
    """The role written after the name and a comma, when the parse did not attach it."""
    i = span.end
    if i >= len(doc) or doc[i].text not in _BYLINE_SEPARATORS:
        return ""
    if doc[i].text not in ",:" and not doc[i - 1].whitespace_:
        return ""  # a hyphen inside a name ("GARCIA-LOPEZ"), not a separator
    rest = doc[i + 1:]
    end = next((t.i for t in rest if t.text in ("|", "•")), len(doc))
    tokens = doc[i + 1:end]
    if not tokens or not any(t.pos_ in ("NOUN", "PROPN") for t in tokens):
        return ""
    if all(t.ent_type_ in _NOT_DESCRIPTIONS or t.is_punct for t in tokens):
        return ""
    text = tokens.text.strip(_TRAILING)
    if re.search(r"@|https?:|www\.", text):
        return ""
    return _clip(" ".join(text.split()))
