"""Keyphrase candidates per document, and their corpus scores.

A document's candidates are its noun chunks, trimmed to their content words and lemmatized
("the economic sanctions" → "economic sanction"), counted. Scores are computed against the
corpus at query time (TF-IDF), because a phrase's weight depends on every other document.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

from spacy.tokens import Doc, Span

from bot.models import Keyphrase

_EDGE_POS = {"DET", "PRON", "NUM", "PUNCT", "CCONJ", "ADP", "PART", "SYM", "SPACE", "X", "AUX"}
_SKIP_ENT = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}
_NAME_ENT = {"PERSON", "GPE", "NORP", "ORG"}  # listed as people and places
MAX_WORDS = 4


def _trim(chunk: Span) -> Span | None:
    """Drop determiners, numbers, possessive markers and adverbs from the chunk's edges."""
    start, end = chunk.start, chunk.end
    doc = chunk.doc
    while start < end and (doc[start].pos_ in _EDGE_POS or doc[start].is_stop or doc[start].pos_ == "ADV"):
        start += 1
    while end > start and (doc[end - 1].pos_ in _EDGE_POS or doc[end - 1].is_stop):
        end -= 1
    return doc[start:end] if end > start else None


def _phrase(span: Span) -> str | None:
    """The normalized form of a trimmed chunk, or None if it is not a theme-like phrase."""
    if len(span) > MAX_WORDS or span.root.pos_ not in {"NOUN", "PROPN"}:
        return None
    if any(t.ent_type_ in _SKIP_ENT or not t.is_alpha and "-" not in t.text for t in span):
        return None
    if any(t.like_url or t.like_email for t in span):
        return None
    if all(t.ent_type_ in _NAME_ENT for t in span) or (len(span) == 1 and span[0].ent_type_):
        return None  # a bare name is a person or place (listed on its own), not a theme
    head = "".join(t.text_with_ws for t in span[:-1]).lower()
    phrase = (head + span[-1].lemma_.lower()).strip()
    return phrase if len(phrase) > 2 else None


def keyphrase_candidates(docs: Iterable[Doc]) -> list[Keyphrase]:
    """Count each normalized noun-chunk phrase over a document's paragraph Docs."""
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for doc in docs:
        for chunk in doc.noun_chunks:
            span = _trim(chunk)
            phrase = _phrase(span) if span is not None else None
            if phrase:
                counts[phrase] += 1
                examples.setdefault(phrase, span.text)
    return [Keyphrase(p, n, examples[p]) for p, n in counts.most_common()]


def tfidf_scores(
    counts: Mapping[str, int], document_frequency: Mapping[str, int], n_documents: int
) -> dict[str, float]:
    """Score one document's phrase counts against the corpus.

    Multi-word phrases get a small boost: "economic cooperation" says more than "cooperation".
    """
    scores: dict[str, float] = {}
    for phrase, tf in counts.items():
        df = document_frequency.get(phrase, 0)
        idf = math.log((1 + n_documents) / (1 + df)) + 1.0
        scores[phrase] = (1 + math.log(tf)) * idf * (1 + 0.25 * (phrase.count(" ")))
    return scores
