"""Named-entity mentions from one parsed paragraph, cleaned of the tagger's usual slips.

spaCy's entity spans are a good start but not a name list: they carry determiners ("the State
Duma"), possessives ("Putin’s"), titles ("President Putin"), page chrome ("ChevronIcon"), glued
acronyms ("… Cooperation (JBIC") and the odd wrong label. `extract_mentions` turns them into
`Mention`s whose `name` is the bare name and whose `title` keeps the words said before it, using
the parse (not string patterns) to decide what belongs to the name.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from bot.models import Mention
from bot.pipeline.names import (
    CHROME_WORDS,
    DOCTRINE_ENDINGS,
    GOVERNANCE_NOUNS,
    HONORIFICS,
    NAME_PARTICLES,
    PERSON_ROLE_NOUNS,
    TITLE_MODIFIERS,
    TITLE_WORDS,
    UI_WORDS,
)

log = logging.getLogger(__name__)

ENTITY_LABELS = frozenset({
    "PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "LAW", "FAC", "PRODUCT", "WORK_OF_ART",
})
_POSSESSIVE_TOKENS = frozenset({"'s", "’s", "'", "’", "ʼs", "ʼ"})
_POSSESSIVE_END = re.compile(r"(?:['’ʼ]s|(?<=s)['’ʼ])$", re.IGNORECASE)
_BAD_CHARS = re.compile(r"[<>|{}\[\]©®™@#=*_\\/~^•·]|https?:|www\.")
_CAMEL_HUMP = re.compile(r"[A-Z][a-z]+")
_QUOTES = "\"'“”‘’«»„"
_MAX_NAME_TOKENS = 10


@dataclass
class _Candidate:
    """A name in token coordinates: [start, end) is the name, [text_start, text_end) as written."""

    start: int
    end: int
    text_start: int
    text_end: int
    label: str
    title_start: int | None = None  # first token of a title written before the name, if any
    title_end: int | None = None


def extract_mentions(doc: Doc) -> list[Mention]:
    """The named entities of one paragraph, cleaned, in text order.

    >>> [(m.name, m.title) for m in extract_mentions(nlp("Russian President Vladimir Putin’s visit"))]
    [('Russian', ''), ('Vladimir Putin', 'Russian President')]
    """
    candidates = [c for ent in doc.ents if _usable_span(ent) for c in _split_entity(doc, ent)]
    candidates += _untagged_titled_names(doc)
    candidates = [c for c in (_trim(doc, c) for c in candidates) if c is not None]
    candidates = _relabel(doc, candidates)
    candidates = [c for c in (_attributive(doc, c) for c in candidates) if c is not None]
    for cand in candidates:
        if cand.label == "PERSON":
            _attach_title(doc, cand)
    candidates = _drop_title_fragments(doc, candidates)
    mentions = [m for m in (_to_mention(doc, c) for c in candidates) if m is not None]
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def strip_possessive(name: str) -> str:
    """'Putin’s' → 'Putin', "Tsipras'" → 'Tsipras'; other names unchanged."""
    return _POSSESSIVE_END.sub("", name).rstrip()


def _usable_span(ent: Span) -> bool:
    """Entity types we keep, and never a span that runs across a line break."""
    return ent.label_ in ENTITY_LABELS and "\n" not in ent.text and "\r" not in ent.text


def _is_possessive(tok: Token) -> bool:
    return tok.tag_ == "POS" or tok.text.lower() in _POSSESSIVE_TOKENS and tok.dep_ == "case"


def _split_entity(doc: Doc, ent: Span) -> list[_Candidate]:
    """Cut a span at an inner possessive ("Stalin’s Soviet Union") and at a glued "(ACRONYM"."""
    pieces: list[_Candidate] = []
    start = ent.start
    i = ent.start
    while i < ent.end:
        tok = doc[i]
        if _is_possessive(tok) and i > start:
            pieces.append(_Candidate(start, i, start, i + 1, ent.label_))
            start = i + 1
        elif tok.text == "(":
            if i > start:
                pieces.append(_Candidate(start, i, start, i, ent.label_))
            acronym = _acronym_after(doc, i)
            if acronym is not None:
                pieces.append(_Candidate(acronym[0], acronym[1], acronym[0], acronym[1], ent.label_))
            return pieces
        i += 1
    if start < ent.end:
        end = ent.end
        # spaCy often leaves the possessive mark just outside the span ("Tsipras" + "'").
        text_end = end + 1 if end < len(doc) and _is_possessive(doc[end]) else end
        pieces.append(_Candidate(start, end, start, text_end, ent.label_))
    return pieces


def _untagged_titled_names(doc: Doc) -> list[_Candidate]:
    """Names the tagger missed right after a capitalized title: "by Chancellor Scholz".

    The title word must modify the name in the parse and neither may be part of an entity.
    """
    found = []
    for tok in doc:
        if (tok.ent_type_ or not _is_capitalized(tok)
                or tok.text.lower().rstrip(".") not in TITLE_WORDS):
            continue
        end = tok.i + 1
        while (end < len(doc) and end - tok.i <= 3 and doc[end].pos_ == "PROPN"
               and doc[end].is_alpha and _is_capitalized(doc[end]) and not doc[end].ent_type_
               and doc[end].lower_ not in TITLE_WORDS):
            end += 1
        if end > tok.i + 1 and tok.head.i in range(tok.i + 1, end):
            found.append(_Candidate(tok.i + 1, end, tok.i + 1, end, "PERSON"))
    return found


def _acronym_after(doc: Doc, paren: int) -> tuple[int, int] | None:
    """Tokens of "(JBIC)" after an opening bracket, if they look like an acronym."""
    end = paren + 1
    while end < len(doc) and end - paren <= 3 and doc[end].text != ")":
        end += 1
    if end >= len(doc) or doc[end].text != ")" or end == paren + 1:
        return None
    letters = "".join(t.text for t in doc[paren + 1:end])
    if re.fullmatch(r"[A-Z][A-Za-z0-9.&-]{1,9}", letters) and sum(c.isupper() for c in letters) >= 2:
        return paren + 1, end
    return None


def _is_capitalized(tok: Token) -> bool:
    return tok.text[:1].isupper()


def _trim(doc: Doc, cand: _Candidate) -> _Candidate | None:
    """Drop leading determiners, quotes and lower-case words, and trailing function words."""
    s, e = cand.start, cand.end
    text_start = None
    while s < e:
        tok = doc[s]
        if tok.pos_ == "DET" or tok.lower_ in ("the", "a", "an"):
            text_start = s if text_start is None else text_start
            s += 1
        elif tok.is_punct or tok.text in _QUOTES:
            text_start = None
            s += 1
        elif tok.text[:1].islower() and not (
            tok.lower_ in NAME_PARTICLES and s + 1 < e and _is_capitalized(doc[s + 1])
        ):
            # a lower-case word, with its hyphenated tail ("pro-Russia Yanukovich")
            text_start = None
            s += 1
            while s + 1 < e and doc[s].text in "-‐–" and not doc[s - 1].whitespace_:
                s += 2
        else:
            break
    text_end = cand.text_end
    while e > s and (doc[e - 1].is_punct or doc[e - 1].pos_ in ("ADP", "DET", "CCONJ", "PART")):
        if doc[e - 1].is_alpha:
            return None  # cut mid-phrase ("Group of"): the tagger lost the rest of the name
        e -= 1
        text_end = e
    if s >= e:
        return None
    return replace(cand, start=s, end=e, text_start=s if text_start is None else text_start,
                   text_end=max(text_end, e))


def _root(doc: Doc, start: int, end: int) -> Token:
    """The token of [start, end) whose head lies outside it (the last one if several)."""
    for tok in reversed(doc[start:end]):
        if not start <= tok.head.i < end or tok.head.i == tok.i:
            return tok
    return doc[end - 1]


def _relabel(doc: Doc, cands: list[_Candidate]) -> list[_Candidate]:
    """Fix labels the tagger commonly gets wrong, by rules that hold for any text."""
    def key(c: _Candidate) -> str:
        return doc[c.start:c.end].text.lower()

    places = {key(c) for c in cands if c.label in ("GPE", "LOC")}
    surnames = {doc[c.end - 1].lower_ for c in cands if c.label == "PERSON" and c.end - c.start > 1}
    out = []
    for c in cands:
        label = c.label
        if label == "PERSON" and doc[c.end - 1].tag_ == "NNPS":
            label = "NORP"  # a plural proper noun names a group: "Britons", "Lib Dems"
        elif label == "PERSON" and c.end - c.start == 1 and key(c) in places:
            label = next(x.label for x in cands if x.label in ("GPE", "LOC") and key(x) == key(c))
        elif label != "PERSON" and _looks_like_person(doc, c, surnames, places):
            label = "PERSON"
        out.append(replace(c, label=label))
    return out


def _looks_like_person(doc: Doc, c: _Candidate, surnames: set[str], places: set[str]) -> bool:
    """A non-PERSON span that the context says is a person.

    - a capitalized title or honorific just before it ("Chancellor Scholz", "Mr. Tan");
    - a relative clause with "who" on it ("Scholz, who is …");
    - apposition with a role only people hold ("Scholz, the German chancellor");
    - it is the surname of a full name tagged PERSON in the same paragraph.
    """
    span = doc[c.start:c.end]
    if c.label == "NORP" or not all(t.pos_ == "PROPN" or _is_capitalized(t) for t in span):
        return False
    if len(span) > 4:
        return False
    prev = doc[c.start - 1] if c.start > 0 else None
    root = _root(doc, c.start, c.end)
    # "Chancellor Scholz"; "chief editor Yoshibumi Wakamiya" (the title modifies the name)
    if (prev is not None and prev.text.lower().rstrip(".") in TITLE_WORDS
            and c.text_start == c.start
            and (_is_capitalized(prev) or (prev.pos_ == "NOUN" and prev.head.i == root.i))):
        return True
    if len(span) == 1 and span.text.lower() in places:
        return False
    for child in root.children:
        if child.dep_ == "relcl" and any(
            t.lower_ in ("who", "whom") and t.dep_ in ("nsubj", "nsubjpass", "dobj")
            for t in child.children
        ):
            return True
        if child.dep_ == "appos" and child.i > root.i and child.lemma_.lower() in PERSON_ROLE_NOUNS:
            return True
    if (root.dep_ == "appos" and root.head.i < c.start
            and root.head.lemma_.lower() in PERSON_ROLE_NOUNS and root.head.pos_ == "NOUN"):
        return True
    return len(span) == 1 and span.text.lower() in surnames


def _attributive(doc: Doc, c: _Candidate) -> _Candidate | None:
    """A person's name used as a modifier ("the Abe administration") is not the person.

    The parse shows it: the name modifies a common noun to its right. Before a governance noun
    the phrase names an institution and becomes an ORG; before any other common noun ("a Putin
    visit", "the Yamal gas plant") it is dropped.
    """
    root = _root(doc, c.start, c.end)
    # the tagger sometimes calls such a name NORP ("the Scholz government"); a real NORP is an
    # adjective or a plural ("Japanese", "Democrats"), not a singular proper noun
    name_like_norp = c.label == "NORP" and root.tag_ == "NNP"
    if (c.label != "PERSON" and not name_like_norp) or c.text_end != c.end:
        return c
    head = root.head
    if root.dep_ not in ("compound", "nmod", "amod") or head.i < c.end:
        return c
    if head.tag_ not in ("NN", "NNS") or not head.text[:1].islower():
        return c
    nxt = doc[c.end]
    if nxt.tag_ in ("NN", "NNS") and nxt.lemma_.lower() in GOVERNANCE_NOUNS:
        return replace(c, end=c.end + 1, text_end=c.end + 1, label="ORG")
    return None


def _attach_title(doc: Doc, c: _Candidate) -> None:
    """Move title words inside the span to the title, then add the title written before it."""
    s = c.start
    inner = None
    for i in range(c.start, c.end - 1):
        tok = doc[i]
        word = tok.text.lower().rstrip(".")
        if word in TITLE_WORDS and _is_capitalized(tok) and doc[i + 1].pos_ == "PROPN":
            inner = i + 1
        elif not (_is_capitalized(tok) or word in TITLE_MODIFIERS or tok.text in "-"):
            break
    if inner is not None:
        s = inner
    root = _root(doc, c.start, c.end)
    outer = _title_before(doc, c.text_start if c.text_start == c.start else c.start, root)
    title_start = outer if outer is not None else (c.start if inner is not None else None)
    if title_start is not None and s > title_start:
        c.title_start, c.title_end = title_start, s
        c.start = s


def _title_before(doc: Doc, start: int, root: Token) -> int | None:
    """First token of a title written just before a person's name, or None.

    The title is the run of tokens right before the name that the parse puts inside the same
    noun phrase (left dependents of the name, or of the noun the name is in apposition with:
    "President Barack Obama"), stopping at determiners, possessives, verbs and commas. It starts
    at its first capitalized word or title modifier ("former", "then"): "the unpopular President
    X" → "President". An all-lower-case run counts only when it ends in a noun ("opposition
    activist X"), and a title needs a noun ("the autocratic X" has none).
    """
    allowed = {t.i for t in root.subtree if t.i < start}
    head = root.head
    if root.dep_ in ("appos", "compound", "nmod") and head.i < start and head.pos_ in ("NOUN", "PROPN"):
        allowed |= {t.i for t in head.subtree if t.i < start}
    run: list[Token] = []
    i = start - 1
    while i >= 0 and i in allowed:
        tok = doc[i]
        if tok.pos_ in ("DET", "PRON", "VERB", "AUX", "CCONJ", "NUM", "PART") or _is_possessive(tok):
            break
        if tok.dep_ == "poss" or (tok.is_punct and tok.tag_ != "HYPH"):
            break
        if tok.pos_ == "ADP" and tok.lower_ != "of":
            break
        if tok.pos_ == "ADV" and tok.lower_ not in TITLE_MODIFIERS:
            break
        run.insert(0, tok)
        i -= 1
    while run and (run[0].lower_ == "of" or run[0].is_punct):
        run.pop(0)
    if not run:
        return None
    for k, tok in enumerate(run):
        if (_is_capitalized(tok) and tok.is_alpha) or tok.lower_ in TITLE_MODIFIERS:
            run = run[k:]
            break
    else:
        # a lower-case run ("opposition activist X") must end in a noun, and must not be a
        # verb the tagger took for a noun ("to court X")
        before = doc[run[0].i - 1] if run[0].i > 0 else None
        if (run[-1].pos_ != "NOUN"
                or not any(t.lower_ in TITLE_WORDS or t.lower_ in PERSON_ROLE_NOUNS for t in run)
                or (before is not None
                    and (before.pos_ in ("PART", "AUX") or before.lower_ in ("to", "will")))):
            return None
    if not any(t.pos_ in ("NOUN", "PROPN") and t.ent_type_ not in ("NORP", "GPE") for t in run):
        return None
    return run[0].i


def _drop_title_fragments(doc: Doc, cands: list[_Candidate]) -> list[_Candidate]:
    """"State" in "Secretary of State X" is part of a title, not a mention of an organization."""
    in_titles = {
        i for c in cands if c.title_start is not None and c.title_end is not None
        for i in range(c.title_start, c.title_end)
    }
    return [
        c for c in cands
        if not (c.end - c.start == 1 and c.start in in_titles and c.label != "NORP"
                and doc[c.start].dep_ == "pobj" and doc[c.start].head.lower_ == "of")
    ]


def _clean_name(text: str) -> str:
    """Collapse spaces, drop a possessive ending and stray quotes or commas at either end."""
    name = strip_possessive(" ".join(text.split()))
    return name.strip(_QUOTES + " ,;:-–—")


def _is_junk(doc: Doc, c: _Candidate, name: str) -> bool:
    """Leftovers that are not names: fragments, punctuation, page chrome, doctrines."""
    span = doc[c.start:c.end]
    letters = [ch for ch in name if ch.isalpha()]
    if len(letters) < 2 or len(span) > _MAX_NAME_TOKENS:
        return True
    first_word = name.split()[0].lower()
    if name[:1].islower() and first_word not in NAME_PARTICLES:
        return True
    if _BAD_CHARS.search(name):
        return True
    for tok in span:
        humps = _CAMEL_HUMP.findall(tok.text)
        if len(humps) >= 2 and (len(humps) >= 3 or any(h.lower() in UI_WORDS for h in humps)):
            return True
    if " " not in name and name.lower().endswith(DOCTRINE_ENDINGS) and len(name) > 6:
        return True
    if len(span) == 1 and name.lower() in CHROME_WORDS:
        return True
    after = doc[c.end] if c.end < len(doc) else None
    if (c.label == "PERSON" and span[-1].lower_.rstrip(".") in TITLE_WORDS
            and after is not None and after.pos_ == "PROPN" and _is_capitalized(after)):
        return True  # a title cut off from its name: "[Tory Treasurer Lord] Ashcroft"
    return c.label != "NORP" and not any(
        t.pos_ == "PROPN" or (_is_capitalized(t) and t.pos_ in ("NOUN", "X")) for t in span
    )


def _to_mention(doc: Doc, c: _Candidate) -> Mention | None:
    name = _clean_name(doc[c.start:c.end].text)
    if not name or _is_junk(doc, c, name):
        return None
    title = ""
    if c.title_start is not None and c.title_end is not None:
        title = doc[c.title_start:c.title_end].text.strip(" ,")
    first = doc[min(c.text_start, c.start)]
    last = doc[max(c.text_end, c.end) - 1]
    start, end = first.idx, last.idx + len(last.text)
    # doc[...].text, not doc.text[...]: spaCy rebuilds doc.text from every token on each access.
    return Mention(start=start, end=end, text=doc[first.i:last.i + 1].text, name=name, label=c.label,
                   title=title)


def is_honorific(title: str) -> bool:
    """True for a title that only says Mr./Dr./Ms. and nothing about the person."""
    words = [w.lower().rstrip(".") for w in title.split()]
    return bool(words) and all(w in HONORIFICS for w in words)
