"""Finding the entity a user means: rapidfuzz over every entity's name forms.

Tuned for short names: exact forms win; then typos of a whole form ("puttin"), typos of one
word of a form (a surname: "naryskin"), and forms inside a longer query ("President Putin").
Person-shaped queries prefer people; mention counts break ties.
"""

from __future__ import annotations

import math
import re
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlite_utils import Database

from bot.pipeline.aliases import normalize_name
from db.reads import all_aliases, corpus_generation

GOOD_MATCH = 78  # below this, "nothing close"
CLOSE_GAP = 4  # candidates this close to the best are offered as alternatives
_SURNAME_FACTOR = 0.96  # a one-word match counts a little less than a whole-form match


@dataclass(frozen=True)
class Candidate:
    entity_id: int
    name: str
    label: str
    mentions: int
    score: float


@dataclass(frozen=True)
class NameMatch:
    best: Candidate | None
    alternatives: tuple[Candidate, ...]  # close to the best: "Did you mean …"
    nearest: tuple[Candidate, ...]  # when nothing is close: the nearest names


class NameIndex:
    """Every alias, by normalized form and by word, for one generation of the corpus."""

    def __init__(self, rows: Sequence[dict]):
        self.by_norm: dict[str, list[dict]] = defaultdict(list)
        self.by_word: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            self.by_norm[row["norm"]].append(row)
            for word in row["norm"].split():
                if len(word) > 1:
                    self.by_word[word].add(row["norm"])
        self.norms = list(self.by_norm)
        self.words = list(self.by_word)

    def alias_scores(self, query: str) -> dict[str, float]:
        """Best score per alias norm for the normalized query."""
        scores: dict[str, float] = {}

        def keep(norm: str, score: float) -> None:
            if score > scores.get(norm, 0):
                scores[norm] = score

        if query in self.by_norm:
            keep(query, 100.0)
        for norm, score, _ in process.extract(query, self.norms, scorer=fuzz.ratio,
                                              limit=15, score_cutoff=60):
            keep(norm, score)
        for word in query.split():
            if len(word) < 2:
                continue
            cutoff = 100 if len(word) <= 3 else 75
            for hit, score, _ in process.extract(word, self.words, scorer=fuzz.ratio,
                                                 limit=10, score_cutoff=cutoff):
                factor = _SURNAME_FACTOR if len(query.split()) == 1 else 0.9
                for norm in self.by_word[hit]:
                    keep(norm, score * factor)
        if " " in query:
            for norm, score, _ in process.extract(query, self.norms, scorer=fuzz.token_set_ratio,
                                                  limit=10, score_cutoff=80):
                keep(norm, score * 0.98)
        return scores


_cache: dict[tuple[str, int], NameIndex] = {}
_lock = threading.Lock()


def name_index(db: Database) -> NameIndex:
    """The alias index for this database, rebuilt only when the corpus changes."""
    key = (db.conn.execute("PRAGMA database_list").fetchone()[2], corpus_generation(db))
    with _lock:
        index = _cache.get(key)
        if index is None:
            _cache.clear()
            index = _cache[key] = NameIndex(all_aliases(db))
    return index


def _person_shaped(raw: str) -> bool:
    """A name-like query: one to four words of letters, not a sentence."""
    words = raw.split()
    return 0 < len(words) <= 4 and all(re.fullmatch(r"[\w.'’-]+", w) for w in words)


def rank_candidates(index: NameIndex, raw_query: str) -> list[Candidate]:
    query = normalize_name(raw_query)
    if not query:
        return []
    by_entity: dict[int, Candidate] = {}
    person_bias = 2.0 if _person_shaped(raw_query) else 0.0
    for norm, score in index.alias_scores(query).items():
        for row in index.by_norm[norm]:
            bonus = person_bias if row["label"] == "PERSON" else 0.0
            total = score + bonus + math.log1p(row["mentions"]) * 0.3
            current = by_entity.get(row["entity_id"])
            if current is None or total > current.score:
                by_entity[row["entity_id"]] = Candidate(
                    row["entity_id"], row["name"], row["label"], row["mentions"], total)
    return sorted(by_entity.values(), key=lambda c: (-c.score, -c.mentions, c.name))


def find_entity(db: Database, raw_query: str) -> NameMatch:
    """The entity the query names, close alternatives, or the nearest names if none is close."""
    ranked = rank_candidates(name_index(db), raw_query)
    if not ranked or ranked[0].score < GOOD_MATCH:
        return NameMatch(None, (), tuple(ranked[:5]))
    best = ranked[0]
    close = tuple(c for c in ranked[1:6] if best.score - c.score <= CLOSE_GAP)
    return NameMatch(best, close, ())
