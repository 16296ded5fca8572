"""Which way a year-less date points: the tense of the verb that governs it.

"is due to expire in February" looks ahead, "met in February" looks back. We read the
dependency parse: from the expression's head we climb to the governing verb and then along
its chain of heads (xcomp, ccomp, acomp: "is due to expire"), looking for a future marker
(will/shall, "due to", "plans to", "scheduled") or a past form (VBD, "has met"). A verb in
the simple present ("the law takes effect in June", "the deadline is in March") is "present":
news tells past events in the past tense, so a present-tense date is one still to come or
just reported; readers of year-less dates take it as looking ahead within a tolerance.
"since June" looks back whatever the verb.

`year_reading` adds one reading for dating a whole document: a period told as finished
("reported 1986 results", "in 1988 the company earned $5 million", "for all of 1986"), which
says the writing comes after the period's end.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from bot.pipeline.dating.lexicon import RESULT_NOUNS

FUTURE = "future"
PAST = "past"
PRESENT = "present"
FINISHED = "finished"  # past, and told as a whole period that has ended (`year_reading`)

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "ll"})
_FUTURE_LEMMAS = frozenset({"due", "schedule", "plan", "intend", "expect", "set", "aim",
                            "slate", "prepare", "scheduled", "slated", "upcoming", "suppose",
                            "supposed", "payable", "effective"})
# Lemmas that look ahead only with an infinitive ("set to vote"; "the record set on Aug. 6"
# looks back).
_AHEAD_ONLY_WITH_INFINITIVE = frozenset({"set", "prepare"})
# Modals look ahead of the time they are said ("must leave by Jan. 14", "could vote in May").
_REPORTED_FUTURE = frozenset({"would", "could", "should", "must", "may", "might", "can",
                              "'d"})
_CLIMB = frozenset({"xcomp", "acomp", "advcl", "conj", "relcl", "acl", "ccomp", "pcomp",
                    "prep", "pobj", "npadvmod", "advmod", "dobj", "nsubj", "nsubjpass",
                    "attr", "appos", "compound", "amod", "nmod", "poss", "oprd", "dative"})


def direction_of(doc: Doc, start: int, end: int) -> str | None:
    """"future", "past", "present" or None (unknown) for the expression at doc.text[start:end]."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    if token.head.lower_ == "since" or (token.i > 0 and doc[token.i - 1].lower_ == "since"):
        return PAST
    verb = _governing_verb(token)
    if verb is None:
        return None
    if _deadline(token) and verb.tag_ == "VBN" and _aux_words(verb) & {"has", "have", "'ve"}:
        return FUTURE  # "has given them until Tuesday", "has extended the offer until Nov. 9"
    return _verb_direction(verb)


def _deadline(token: Token) -> bool:
    """Whether the expression ends a stretch ("until Tuesday", "till March"): what the
    present perfect has set up runs on to it, so it lies ahead."""
    previous = token.doc[token.i - 1] if token.i > 0 else None
    words = {token.head.lower_, previous.lower_ if previous is not None else ""}
    return bool(words & {"until", "till", "til"}) or any(
        t.lower_ in ("until", "till") for t in token.doc[max(0, token.i - 4):token.i])


def _negated(verb: Token) -> bool:
    """"could not", "couldn't", "neither ... nor ... could"."""
    return any(c.dep_ == "neg" for c in verb.children) or any(
        t.lower_ == "neither" for t in verb.doc[verb.sent.start:verb.i])


def _aux_words(verb: Token) -> set[str]:
    """The verb's auxiliaries, and for a predicate ("had been due to expire") the copula's."""
    words = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if verb.dep_ in ("acomp", "xcomp", "attr") and verb.head.lemma_ == "be":
        words |= {c.lower_ for c in verb.head.children if c.dep_ in ("aux", "auxpass")}
    return words


# Verbs that report a sum over a whole period ("earned $5 million in 1988"); the nouns that
# sum one up ("1986 results") are the lexicon's RESULT_NOUNS.
_RESULT_VERBS = frozenset({"earn", "lose", "net", "post", "report", "total", "book", "record",
                           "grow", "shrink"})
_WHOLE = ("all of", "the whole of", "full-year", "full year", "full - year", "calendar")


def year_reading(doc: Doc, start: int, end: int) -> str | None:
    """`direction_of`, or FINISHED when a past period is told as a whole that has ended.

    "Its 1986 results were weak", "In 1988 the company earned $5 million", "sales for all of
    1986 fell": the writer knows the whole period, so writes after it. A fiscal year is not a
    calendar year ("fiscal 1989" may end in June 1989), so it stays merely past.

    >>> year_reading(nlp("Its 1986 results were weak."), 4, 8)
    'finished'
    """
    direction = direction_of(doc, start, end)
    if direction != PAST:
        return direction
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or "fiscal" in doc[max(0, span.start - 1):span.end].text.lower():
        return direction
    return FINISHED if _told_whole(span) else direction


def _told_whole(span: Span) -> bool:
    doc = span.doc
    before = " ".join(t.lower_ for t in doc[max(0, span.start - 3):span.start])
    if before.endswith(_WHOLE) or span.text.lower().startswith(_WHOLE):
        return True
    following = doc[span.end:span.end + 3]
    for token in following:  # "1986 results", "1988 net income" (the parse may attach either way)
        if token.lemma_.lower() in RESULT_NOUNS or token.lower_ in RESULT_NOUNS:
            return True
        if token.pos_ not in ("ADJ", "NOUN", "PROPN", "PART") and token.tag_ != "POS":
            break
    root = span.root
    if root.head.lower_ in ("in", "for", "during") and root.head.dep_ == "prep":
        verb = root.head.head  # "earned $5 million in 1988": a sum, not "earned a reputation"
        return verb.lemma_.lower() in _RESULT_VERBS and verb.tag_ in ("VBD", "VBN") and any(
            (t.like_num or t.text in ("$", "%")) and not span.start <= t.i < span.end
            for t in verb.subtree)
    return False


def _governing_verb(token: Token) -> Token | None:
    """The nearest verb (or predicative 'due'/'scheduled') above `token`."""
    current = token
    for _ in range(8):
        if current.pos_ in ("VERB", "AUX") or current.lemma_.lower() in _FUTURE_LEMMAS:
            return current
        if current.head is current:
            return None
        current = current.head
    return None


def _verb_direction(verb: Token) -> str | None:
    """Look at `verb` and up to three verbs above it for a tense marker; nearest wins."""
    current = verb
    for _ in range(4):
        found = _own_direction(current)
        if found:
            return found
        if current.head is current or current.dep_ not in _CLIMB:
            return None
        current = current.head
    return None


def _own_direction(verb: Token) -> str | None:
    aux_words = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux_words & _FUTURE_AUX or (verb.tag_ == "MD" and verb.lower_ in _FUTURE_AUX):
        return FUTURE
    has_infinitive = any(c.dep_ == "xcomp" for c in verb.children)
    if verb.lemma_.lower() in _FUTURE_LEMMAS and (
        verb.tag_ in ("VBN", "VBD", "JJ", "VBZ", "VBP", "VB", "VBG", "NN") or has_infinitive
    ) and (has_infinitive or verb.lemma_.lower() not in _AHEAD_ONLY_WITH_INFINITIVE):
        # "is due to", "planned to leave on", "scheduled for": ahead of the time of writing
        return PAST if "had" in _aux_words(verb) else FUTURE  # "had been due to expire"
    if verb.dep_ == "xcomp" and "to" in aux_words and verb.head.lemma_ == "be" and \
            verb.head.tag_ in ("VBZ", "VBP"):
        return FUTURE  # "is to resume trading Tuesday"
    if "going" in aux_words or (verb.lower_ == "going" and any(
            c.dep_ == "xcomp" for c in verb.children)):
        return FUTURE
    if "could" in aux_words and _negated(verb):
        return PAST  # "could not be reached Wednesday": an attempt already made
    if aux_words & _REPORTED_FUTURE:
        return PAST if aux_words & {"have", "'ve"} else FUTURE
    if verb.tag_ == "VBD" or aux_words & {"had", "did", "has", "have", "was", "were"}:
        if verb.tag_ == "VBG" and aux_words & {"was", "were"}:
            return PAST
        return PAST
    if verb.tag_ == "VBN":
        return PAST  # "the injunction issued Thursday", "was signed in May"
    if verb.tag_ in ("VBZ", "VBP") and not aux_words:
        return PRESENT  # "takes effect in June", "is in March"
    return None
