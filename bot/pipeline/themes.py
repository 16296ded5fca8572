"""Key themes of a set of documents: keyphrases scored against the corpus, near-duplicates merged.

A theme is a group of keyphrases that say the same thing: "sanction", "economic sanction" and
"financial sanction" share their head noun and one is the bare head; "disputed island" and
"disputed northern island" share their head and most of their words. Each group counts the
documents that use any of its phrases, and is named by its most representative phrase (a
multi-word one when one is nearly as widely used). Phrases with different heads are never merged:
"northern territories issue" links to "northern territories" and to "ukraine issue" alike, and
chaining both would make one theme of everything.

Generic nouns ("way", "time", "country") never make a theme: a single word found in most of the
corpus' documents is too common to say anything, and a group with no multi-word phrase at all
has nothing specific in it.

    >>> rows = [PhraseUse(1, "economic sanction", 3, "economic sanctions"),
    ...         PhraseUse(2, "financial sanction", 1, "financial sanctions"),
    ...         PhraseUse(2, "sanction", 1, "sanctions"), PhraseUse(2, "way", 2, "way"),
    ...         PhraseUse(1, "way", 1, "way")]
    >>> df = {"economic sanction": 1, "financial sanction": 1, "sanction": 1, "way": 9}
    >>> [(t.label, t.document_count) for t in key_themes(rows, df, 10)]
    [('economic sanctions', 2)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.pipeline.keyphrases import tfidf_scores

# Two phrases with the same head noun whose words are this similar (token set) are one theme.
SAME_THEME = 80
# A single word found in more than this share of the corpus' documents is a generic noun.
GENERIC_SHARE = 0.5
MIN_DOCUMENTS = 2


@dataclass(frozen=True)
class PhraseUse:
    """One keyphrase of one document (a row of the keyphrases table)."""

    document_id: int
    phrase: str  # lemmatized, lowercase
    count: int
    example: str  # as written in the text


@dataclass(frozen=True)
class Theme:
    label: str  # as written, e.g. "economic sanctions"
    phrase: str  # the representative lemmatized phrase
    phrases: tuple[str, ...]  # every merged phrase, most used first
    examples: tuple[str, ...]  # their written forms, for finding an excerpt
    documents: tuple[int, ...]
    score: float
    specific: int = 0  # documents using one of its multi-word phrases

    @property
    def document_count(self) -> int:
        return len(self.documents)


def head_key(phrase: str) -> str:
    """The head noun of a phrase (its last word), with a plural -s/-ies folded away."""
    word = phrase.rsplit(" ", 1)[-1]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def same_theme(a: str, b: str) -> bool:
    """True if two lemmatized phrases name one theme.

    >>> same_theme("economic sanction", "sanction"), same_theme("disputed island", "disputed islands")
    (True, True)
    >>> same_theme("economic sanction", "economic cooperation")
    False
    """
    if a == b:
        return True
    if head_key(a) != head_key(b):
        return False
    if " " not in a or " " not in b:
        return True  # the bare head noun and a phrase built on it
    return fuzz.token_set_ratio(a, b) >= SAME_THEME


def _generic_words(
    uses: Iterable[PhraseUse], document_frequency: Mapping[str, int], n_documents: int
) -> set[str]:
    """Single words too common in the corpus to be a theme."""
    limit = max(2.0, GENERIC_SHARE * n_documents)
    return {
        u.phrase for u in uses
        if " " not in u.phrase and document_frequency.get(u.phrase, 0) > limit
    }


def _group(phrases: Sequence[str]) -> list[list[str]]:
    """Single-link groups of phrases under `same_theme` (union–find)."""
    parent = {p: p for p in phrases}

    def root(p: str) -> str:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    by_head: dict[str, list[str]] = defaultdict(list)
    for p in phrases:
        by_head[head_key(p)].append(p)
    for a in phrases:
        for b in by_head[head_key(a)]:
            if b > a and same_theme(a, b):
                parent[root(a)] = root(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for p in phrases:
        groups[root(p)].append(p)
    return list(groups.values())


def key_themes(
    uses: Sequence[PhraseUse],
    document_frequency: Mapping[str, int],
    n_documents: int,
    *,
    limit: int = 8,
    min_documents: int = MIN_DOCUMENTS,
) -> list[Theme]:
    """The period's themes, strongest first.

    `uses` are the keyphrases of the period's documents; `document_frequency` and `n_documents`
    describe the whole corpus (so a phrase common everywhere weighs little).
    """
    generic = _generic_words(uses, document_frequency, n_documents)
    kept = [u for u in uses if u.phrase not in generic]
    per_doc: dict[int, dict[str, int]] = defaultdict(dict)
    for u in kept:
        per_doc[u.document_id][u.phrase] = u.count
    scores = {
        doc: tfidf_scores(counts, document_frequency, n_documents) for doc, counts in per_doc.items()
    }
    themes = [
        _theme(group, kept, scores)
        for group in _group(sorted({u.phrase for u in kept}))
        if any(" " in p for p in group)
    ]
    themes = [t for t in themes if t.document_count >= min_documents and t.specific >= min_documents]
    themes.sort(key=lambda t: (-t.document_count * t.score, t.label))
    return themes[:limit]


def _theme(group: Sequence[str], uses: Sequence[PhraseUse], scores: Mapping[int, Mapping[str, float]]) -> Theme:
    members = set(group)
    docs: dict[str, set[int]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    examples: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for u in uses:
        if u.phrase in members:
            docs[u.phrase].add(u.document_id)
            counts[u.phrase] += u.count
            examples[u.phrase][u.example] += u.count
    all_docs = set().union(*docs.values())
    # Per document, the theme weighs what its best phrase there weighs.
    score = sum(
        max(scores[d].get(p, 0.0) for p in members) for d in all_docs
    ) / max(1, len(all_docs))
    ranked = sorted(
        group, key=lambda p: (-len(docs[p]), -(" " in p), -counts[p], len(p), p)
    )
    best = _representative(ranked, docs, counts)
    label = _written_form(best, examples[best])
    written = tuple(_written_form(p, examples[p]) for p in ranked)
    specific = len(set().union(set(), *(docs[p] for p in group if " " in p)))
    return Theme(label, best, tuple(ranked), written, tuple(sorted(all_docs)), score, specific)


def _representative(
    ranked: Sequence[str], docs: Mapping[str, set[int]], counts: Mapping[str, int]
) -> str:
    """The multi-word phrase in most documents, then most used, then most like the others.

    Between equals, "territorial issue" names {"territorial issue", "standing territorial
    issue", "ukraine issue"} better than "ukraine issue" does: it shares words with more of them.
    """
    multi = [p for p in ranked if " " in p]
    if not multi:
        return ranked[0]

    def weight(p: str) -> float:
        return sum(len(docs[q]) * fuzz.token_set_ratio(p, q) / 100 for q in ranked if " " in q)

    return max(multi, key=lambda p: (len(docs[p]), counts[p], weight(p), -len(p)))


def _written_form(phrase: str, examples: Mapping[str, int]) -> str:
    """How the text most often writes the phrase, lowercase unless it is a name ("Northern Territories")."""
    if not examples:
        return phrase
    form = max(examples.items(), key=lambda kv: (kv[1], kv[0]))[0]
    if all(w[:1].isupper() for w in form.split()):
        return form
    return form.lower()
