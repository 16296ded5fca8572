"""From a clean `Article` to an `AnalyzedDocument`: passages, dates, entities, descriptions.

Each paragraph of the body is its own spaCy Doc, so sentences and entity spans never cross a
paragraph break, and the time layer can read a paragraph as the context of its sentences.
`analyze_articles` pipes the paragraphs of many articles through the model in batches.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from bot.models import (
    AnalyzedDocument,
    Article,
    Description,
    DocDate,
    Mention,
    Passage,
    TimeExpression,
    YearClues,
)
from bot.pipeline import aliases, dating, descriptions, mentions
from bot.pipeline.dating.estimate import year_clues
from bot.pipeline.dating.tense import year_reading
from bot.pipeline.keyphrases import keyphrase_candidates
from bot.pipeline.paragraphs import locate, split_paragraphs

log = logging.getLogger(__name__)

# Header lines longer than this are prose, not bylines; parsing them would only cost time.
_MAX_META_LINE = 200


def anchor_of(date: DocDate | None) -> dt.date | None:
    """The calendar day relative expressions are resolved against (the period's first day)."""
    if date is None:
        return None
    parts = [int(p) for p in date.value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def _sentences(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the paragraph's sentences, whitespace trimmed."""
    spans = []
    for sent in doc.sents:
        text = sent.text
        stripped = text.strip()
        if stripped:
            start = sent.start_char + text.index(stripped)
            spans.append((start, start + len(stripped)))
    return spans or [(0, len(doc.text))]


def _time_expressions(
    docs: Sequence[Doc], date: DocDate | None
) -> tuple[DocDate | None, list[list[TimeExpression]], YearClues | None]:
    """Find every paragraph's time expressions; estimate the document date if none is known.

    An undated document also keeps what its text says of its year (`YearClues`), so ingest can
    weigh it with the dated documents on the same events.
    """
    found = dating.find_in_paragraphs(docs, anchor_of(date), _granularity(date))
    clues = None
    if date is None:
        directions = [year_reading(d, e.start, e.end) for d, para in zip(docs, found, strict=True)
                      for e in para]
        flat = [e for para in found for e in para]
        date = dating.estimate_document_date(flat, directions)
        clues = year_clues(flat, directions)
        if date is not None:
            found = dating.find_in_paragraphs(docs, anchor_of(date), date.granularity)
    return date, found, clues


def _granularity(date: DocDate | None) -> str:
    return date.granularity if date else "day"


def _shift(item, offset: int):
    """A copy of a dataclass with start/end moved by `offset` (paragraph → body offsets)."""
    return dataclasses.replace(item, start=item.start + offset, end=item.end + offset)


def analyze_article(
    article: Article, paragraph_docs: Sequence[Doc], meta_docs: Sequence[Doc]
) -> AnalyzedDocument:
    """Assemble everything ingest stores for one article from its parsed paragraphs."""
    paragraphs = split_paragraphs(article.body)
    assert len(paragraphs) == len(paragraph_docs)
    date = article.date or dating.find_publication_date(list(article.meta_lines))
    date, expressions, clues = _time_expressions(paragraph_docs, date)
    sentence_spans = [_sentences(d) for d in paragraph_docs]
    event_dates = dating.assign_event_dates(sentence_spans, expressions, date)

    passages: list[Passage] = []
    first_passage: list[int] = []  # index of each paragraph's first passage
    for p_index, ((offset, text), spans) in enumerate(zip(paragraphs, sentence_spans, strict=True)):
        first_passage.append(len(passages))
        for s_index, (start, end) in enumerate(spans):
            passages.append(
                Passage(p_index, s_index, offset + start, offset + end, text[start:end],
                        event_dates[p_index][s_index])
            )

    sentence_starts = [[start for start, _ in spans] for spans in sentence_spans]

    def passage_of(p_index: int, char: int) -> int:
        return first_passage[p_index] + locate(sentence_starts[p_index], char)

    found_mentions: list[tuple[int | None, Mention]] = []
    found_descriptions: list[tuple[int | None, Description]] = []
    found_times: list[tuple[int, TimeExpression]] = []
    for p_index, (doc, (offset, _)) in enumerate(zip(paragraph_docs, paragraphs, strict=True)):
        para_mentions = mentions.extract_mentions(doc)
        found_mentions += [(passage_of(p_index, m.start), _shift(m, offset)) for m in para_mentions]
        found_descriptions += [
            (passage_of(p_index, d.sentence_start), d)
            for d in descriptions.find_descriptions(doc, para_mentions)
        ]
        found_times += [(passage_of(p_index, e.start), _shift(e, offset)) for e in expressions[p_index]]
    for doc in meta_docs:
        byline_mentions, byline_descriptions = descriptions.find_byline_descriptions(doc)
        found_mentions += [(None, m) for m in byline_mentions]
        found_descriptions += [(None, d) for d in byline_descriptions]

    local_entities = aliases.cluster_document([m for _, m in found_mentions])
    return AnalyzedDocument(
        article=article,
        date=date,
        passages=tuple(passages),
        mentions=tuple(found_mentions),
        entities=tuple(local_entities),
        descriptions=tuple(found_descriptions),
        time_expressions=tuple(found_times),
        keyphrases=tuple(keyphrase_candidates(paragraph_docs)),
        year_clues=clues,
    )


def _texts(article: Article) -> tuple[list[str], list[str]]:
    paragraphs = [text for _, text in split_paragraphs(article.body)]
    meta = [line.strip() for line in article.meta_lines if 0 < len(line.strip()) <= _MAX_META_LINE]
    return paragraphs, meta


def analyze_articles(
    nlp: Language, articles: Iterable[Article], batch_size: int = 64
) -> Iterator[AnalyzedDocument]:
    """Analyze articles in order, piping all their paragraphs through the model in batches."""
    pending: dict[int, tuple[Article, int, int]] = {}

    def tagged() -> Iterator[tuple[str, tuple[int, int]]]:
        for index, article in enumerate(articles):
            paragraphs, meta = _texts(article)
            pending[index] = (article, len(paragraphs), len(meta))
            if not paragraphs and not meta:
                yield "", (index, -1)  # keep the article flowing through the stream
            for text in paragraphs + meta:
                yield text, (index, len(paragraphs))

    current: int | None = None
    docs: list[Doc] = []
    for doc, (index, _) in nlp.pipe(tagged(), as_tuples=True, batch_size=batch_size):
        if current is not None and index != current:
            yield _finish(pending.pop(current), docs)
            docs = []
        current = index
        if doc.text:
            docs.append(doc)
    if current is not None:
        yield _finish(pending.pop(current), docs)


def _finish(entry: tuple[Article, int, int], docs: list[Doc]) -> AnalyzedDocument:
    article, n_paragraphs, _ = entry
    return analyze_article(article, docs[:n_paragraphs], docs[n_paragraphs:])
